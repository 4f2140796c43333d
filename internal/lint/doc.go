// Package lint reads SQL migrations and reports the statements that would
// hurt a live PostgreSQL database: index builds that block writes, ALTERs
// that take ACCESS EXCLUSIVE or rewrite a table, constraints validated under
// lock, statements that cannot run where they are placed, data loss, and
// column types that age badly. Each finding names its rule, the lock and the
// relation, and the safe way to do the same thing. docs/lint.md documents
// the rules for users.
//
// What a statement does comes from internal/effect, the one place that
// knows it (style §2.1), so lint and the planner can never disagree. Lint
// adds the context effects cannot see: the transaction a statement runs in
// (per migration runner, see [TxMode]), whether lock_timeout was set, what
// earlier statements and migrations created (an [effect.State] that a
// [Linter] carries from file to file), and, with --url, the live schema and
// table sizes.
//
// Reading the live schema is the one reason this package imports pgx
// (catalog_pg.go, with one embedded query per kind under queries/): lint
// asks PostgreSQL's system catalogs for tables, columns, constraints,
// indexes and pg_class size estimates, without taking a lock on any table.
// It never imports internal/inspect, diff or plan.
//
// The files:
//
//   - linter.go drives a file through the rules; tx.go follows transaction
//     blocks; suppress.go reads `-- schemactl:ignore` comments.
//   - rule.go lists the rules; each lives in rule_<id>.go, with trigger and
//     near-miss cases under testdata/<id>/.
//   - config.go holds severities and reads schemactl.lint.hcl.
//   - format*.go write text, JSON, GitHub workflow commands, SARIF 2.1.0
//     and Markdown.
//
// Findings are positioned with hcl.Pos/hcl.Range (lines from 1, columns in
// Unicode characters from 1, byte offsets from 0) and convert to
// *hcl.Diagnostic.
package lint
