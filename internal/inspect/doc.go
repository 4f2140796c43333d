// Package inspect reads the schema of a live PostgreSQL database (13 to 18)
// into a *schema.Realm.
//
// Every object kind is read with one catalog query (queries/*.sql) for all
// selected schemas, never one query per table, inside one REPEATABLE READ
// READ ONLY transaction with an empty search_path, so that the picture is
// consistent and every name comes back schema-qualified. Expressions, types
// and bounds are spelled by the server's own printers (format_type,
// pg_get_expr, pg_get_indexdef), which makes two realms inspected from
// equal schemas compare equal. Objects owned by extensions are skipped;
// objects the model cannot represent are listed as Unsupported.
package inspect
