// Package migrate owns migration directories: the files that sqlx,
// golang-migrate, goose, dbmate and Flyway apply in version order.
//
// It reads a directory (from disk, or from any set of files such as a git
// revision), detects which tool's conventions it follows, and lists the
// migrations in version order with, for each, its version and name, the
// byte range of the part that runs when migrating up, and how the tool
// sends that part to PostgreSQL (a lint.TxMode), which decides whether a
// statement such as CREATE INDEX CONCURRENTLY can run. [Lint] lints the new
// migrations of a directory with internal/lint, replaying the older ones as
// context.
//
// It also replays a directory in a database the way each runner runs it
// ([Replay]), writes the next migration in the directory's format, with
// statements that cannot run in a transaction alone in files of their own
// ([Diff], [Dir.NewFiles]), keeps the integrity sum DIR/schemactl.sum
// ([VerifySum], [WriteSum]) and the derived dump, and checks that a
// directory, its sum, its dump and the desired state agree ([Check]). See
// docs/migrations.md.
package migrate
