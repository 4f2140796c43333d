package main

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/state"
)

// serverVersionNum returns the server_version_num of the server behind
// conn (150004 for 15.4), from the server_version it reported when the
// connection started, or 0 when that cannot be read. The planner uses
// forms that need a newer server (CREATE OR REPLACE TRIGGER) only when it
// knows the server has them.
func serverVersionNum(conn *pgx.Conn) int {
	return parseServerVersion(conn.PgConn().ParameterStatus("server_version"))
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

// parseServerVersion turns "15.4 (Debian 15.4-1.pgdg120+1)", "16.0" or
// "17beta1" into 150004, 160000 and 170000; "" or text without a leading
// number gives 0.
func parseServerVersion(v string) int {
	digits := func(s string) (int, string) {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			return -1, s
		}
		return n, s[i:]
	}
	major, rest := digits(strings.TrimSpace(v))
	if major <= 0 {
		return 0
	}
	minor := 0
	if strings.HasPrefix(rest, ".") {
		if m, _ := digits(rest[1:]); m > 0 {
			minor = m
		}
	}
	if major < 10 {
		// 9.6.24: the second number is the major release.
		return major*10000 + minor*100
	}
	return major*10000 + minor
}
