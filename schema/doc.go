// Package schema is schemactl's model of a PostgreSQL database schema. Its
// encodings live elsewhere: the HCL language in internal/hclschema, the
// reflection JSON in internal/realmjson.
//
// Every source of schema (a live database, schema.hcl files, SQL files, a
// migrations directory) becomes one *Realm. Names are kept unquoted; SQL text
// that PostgreSQL prints back (types, default and check expressions, partition
// bounds) is kept verbatim, so that two realms that PostgreSQL made canonical
// compare equal field by field.
//
// The package never opens a database connection.
package schema
