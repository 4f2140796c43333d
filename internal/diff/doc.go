// Package diff compares two realms and describes their differences as a
// sealed set of typed changes: values that name a PostgreSQL verb and object
// (CreateTable, AddColumn, AddEnumValue, ...) and never hold SQL text.
//
// Realms(from, to, opts) returns the changes that turn from into to, in a
// deterministic order: objects sorted by name, never by map iteration.
// Package plan turns them into ordered statements. A drop plus an add is never
// guessed to be a rename; renames come only from a declared RenamedFrom.
package diff
