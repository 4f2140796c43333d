package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/state"
)

// includeRunnerTableFlag asks for the migration runner's bookkeeping table
// (_sqlx_migrations, schema_migrations, goose_db_version,
// flyway_schema_history), which a replay creates as the runner does but
// leaves out of its state, dump and diff, and which lint does not lint.
var includeRunnerTableFlag = &cli.BoolFlag{
	Name:  "include-runner-table",
	Usage: "treat the migration runner's own table (_sqlx_migrations, ...) as part of the schema: keep it in the replay, the dump and the diff, and lint statements on it",
}

// leaveRunnerTables takes out of current the migration runners' tables
// (public._sqlx_migrations, schema_migrations, goose_db_version,
// flyway_schema_history) that desired does not declare, saying so on
// stderr, so that a declarative diff of a database a runner has migrated
// never plans to drop the runner's table. Declaring the table in the
// desired state, or --include-runner-table, manages it like any other.
func leaveRunnerTables(c *cli.Context, stderr io.Writer, current, desired *state.State) {
	if c.Bool("include-runner-table") {
		return
	}
	live, ok := current.Realm.Schema("public")
	if !ok {
		return
	}
	want, _ := desired.Realm.Schema("public")
	for _, name := range migrate.RunnerTables() {
		if _, ok := live.Table(name); !ok {
			continue
		}
		if want != nil {
			if _, ok := want.Table(name); ok {
				continue
			}
		}
		state.RemoveTable(current.Realm, "public", name)
		fmt.Fprintf(stderr, "schemactl: note: leaving public.%s alone: it is a migration runner's table (declare it, or pass --include-runner-table, to manage it)\n", name)
	}
}
