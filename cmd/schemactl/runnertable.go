package main

import "github.com/urfave/cli/v2"

// includeRunnerTableFlag asks for the migration runner's bookkeeping table
// (_sqlx_migrations, schema_migrations, goose_db_version,
// flyway_schema_history), which a replay creates as the runner does but
// leaves out of its state, dump and diff, and which lint does not lint.
var includeRunnerTableFlag = &cli.BoolFlag{
	Name:  "include-runner-table",
	Usage: "treat the migration runner's own table (_sqlx_migrations, ...) as part of the schema: keep it in the replay, the dump and the diff, and lint statements on it",
}
