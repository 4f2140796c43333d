// Package effect knows what a SQL statement does to a live PostgreSQL database:
// which relations it locks and in which table-level lock mode, whether it
// rewrites or scans a table, whether it may run inside a transaction block,
// whether it destroys data, and which relations it creates.
//
// It is the one place in schemactl that holds this knowledge (style §2.1):
// internal/plan asks it about the statements it generates and internal/lint
// asks it about the statements users write, so that a generated migration and
// `schemactl lint` can never disagree about the same statement.
//
// The package works on SQL text. [Parse] splits text into [Statement]s with
// PostgreSQL's own parser (pg_query_go, PostgreSQL 16 grammar); [Analyze]
// describes one statement as an [Effect] of plain Go values; [Describe] does
// both for a whole script. What already exists comes from a [Catalog] that the
// caller supplies (a live database, a model, or nothing), and a [State]
// replays statements over a catalog so that a table created earlier in the
// same migration is known to be new and empty.
//
// Lock levels follow PostgreSQL's documentation and its source
// (AlterTableGetLockLevel in src/backend/commands/tablecmds.c); they were
// checked against pg_locks on PostgreSQL 15. The lock recorded for a relation
// is the strongest one the statement takes on it.
//
// Names are resolved as PostgreSQL would with the default search_path: an
// unqualified name means schema "public". A deployment with another
// search_path should qualify names in its migrations.
package effect
