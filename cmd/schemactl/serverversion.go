package main

import (
	"github.com/jackc/pgx/v5"
	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/state"
)

// serverVersionNum returns the server_version_num of the server behind
// conn (150004 for 15.4), from the server_version it reported when the
// connection started, or 0 when that cannot be read. The planner uses
// forms that need a newer server (CREATE OR REPLACE TRIGGER) only when it
// knows the server has them.
func serverVersionNum(conn *pgx.Conn) int {
	return inspect.ParseServerVersion(conn.PgConn().ParameterStatus("server_version"))
}

// targetLoader returns a loader of states to compare with the database
// behind conn: its dev server is of the same major version when one is
// installed, and otherwise the loader says so on stderr before any output.
func targetLoader(c *cli.Context, conn *pgx.Conn) *state.Loader {
	l := state.NewLoader(c.String("dev-url"))
	l.TargetMajor = serverVersionNum(conn) / 10000
	l.Stderr = c.App.ErrWriter
	return l
}
