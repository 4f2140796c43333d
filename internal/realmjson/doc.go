// Package realmjson writes a schema.Realm as the JSON of
// `schemactl inspect --format json`: the model's own structure, walked by
// reflection, so that a field added to the model appears with no change
// here. It imports the model and the standard library only.
package realmjson
