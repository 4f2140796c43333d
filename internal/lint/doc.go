// Package lint reads SQL migrations and reports the statements that would
// hurt a live PostgreSQL database: index builds that block writes, ALTERs
// that take ACCESS EXCLUSIVE or rewrite a table, constraints validated under
// lock, statements that cannot run where they are placed, data loss, and
// column types that age badly. Each finding names its rule, the lock and the
// relation, and the safe way to do the same thing.
//
// What a statement does comes from internal/effect, the one place that
// knows it (style §2.1), so lint and the planner can never disagree. Lint
// adds the context effects cannot see: the transaction a statement runs in
// (per migration runner, see [TxMode]), whether lock_timeout was set, what
// earlier statements and migrations created (an [effect.State]), and, with
// --url, the live schema and table sizes.
//
// Reading the live schema is the one reason this package imports pgx
// (catalog_pg.go): lint asks PostgreSQL's catalog for tables, columns,
// constraints, indexes and pg_class size estimates, one query per kind.
// It never imports internal/inspect, diff or plan.
//
// Rules live one per file, rule_<id>.go, with cases under testdata/<id>/.
// Findings are positioned with hcl.Pos/hcl.Range (lines from 1, columns in
// Unicode characters from 1, byte offsets from 0) and convert to
// *hcl.Diagnostic.
package lint
