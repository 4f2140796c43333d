package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
)

// dirFormatFlag is the directory format of the commands that read one.
func dirFormatFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "dir-format", Value: "auto", Usage: "directory format: auto, sqlx, golang-migrate, goose, dbmate or flyway"}
}

func migrateStatusCommand() *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "say which migrations of DIR the database has applied, in its runner's own table",
		ArgsUsage: " ",
		Description: "Reads the runner's table (_sqlx_migrations, schema_migrations, goose_db_version or\n" +
			"flyway_schema_history) in the first schema of the search_path, and prints each migration:\n" +
			"applied (when, how long, where the runner keeps it), pending, edited since it was applied\n" +
			"(sqlx and Flyway keep a checksum), missing from DIR, failed or dirty. Exits 0 when every\n" +
			"migration is applied, 2 when some are pending and nothing is wrong, 1 otherwise.\n" +
			"--drift also replays the applied migrations in the dev database and compares the result\n" +
			"with the live schema; a difference exits 1.",
		Flags: []cli.Flag{
			urlFlag, dirFlag, dirFormatFlag(), devURLFlag,
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
			&cli.BoolFlag{Name: "drift", Usage: "also compare the live schema with the replay of the applied migrations"},
		},
		Action: runMigrateStatus,
	}
}

// openDeployDir reads --dir in --dir-format for status and apply.
func openDeployDir(c *cli.Context) (*migrate.Dir, error) {
	format, err := migrate.ParseFormat(c.String("dir-format"))
	if err != nil {
		return nil, usagef("--dir-format: %v", err)
	}
	d, _, err := migrate.Open(c.String("dir"), format)
	if err != nil {
		return nil, err
	}
	for _, n := range d.Ignored {
		fmt.Fprintf(c.App.ErrWriter, "schemactl: not a %s migration name, ignored: %s\n", d.Format, n)
	}
	return d, nil
}

func runMigrateStatus(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("migrate status takes no arguments, got %q", c.Args().First())
	}
	asJSON := false
	switch c.String("format") {
	case "text":
	case "json":
		asJSON = true
	default:
		return usagef("--format: want text or json, got %q", c.String("format"))
	}
	d, err := openDeployDir(c)
	if err != nil {
		return err
	}
	ctx := c.Context
	conn, err := connect(ctx, c.String("url"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	st, err := deploy.ReadStatus(ctx, conn, d)
	if err != nil {
		return err
	}
	var drift *deploy.DriftReport
	if c.Bool("drift") {
		loader := targetLoader(c, conn)
		defer loader.Close()
		if drift, err = deploy.Drift(ctx, loader, conn, st); err != nil {
			return explainReplay(c.App.ErrWriter, err)
		}
	}
	stdout := c.App.Writer
	if asJSON {
		if err := writeStatusJSON(stdout, st, drift); err != nil {
			return err
		}
	} else {
		writeStatusText(stdout, st, drift)
	}
	code := st.ExitCode()
	if drift != nil && drift.Drifted() {
		code = exitError
	}
	if code != 0 {
		return &exitCodeError{code: code}
	}
	return nil
}

func writeStatusText(w io.Writer, st *deploy.Status, drift *deploy.DriftReport) {
	table := st.Table.Quoted
	if !st.Table.Exists {
		table += " (not created yet)"
	}
	fmt.Fprintf(w, "%s: %d migration(s), runner %s, table %s\n", st.Dir.Path, len(st.Dir.Files), st.Dir.Format, table)
	for _, e := range st.Entries {
		line := fmt.Sprintf("  %-8s %s", e.State, st.Name(e))
		if !e.AppliedAt.IsZero() {
			line += "  at " + e.AppliedAt.UTC().Format(time.RFC3339)
		}
		if e.Duration >= 0 && e.State != deploy.Pending {
			line += fmt.Sprintf("  took %s", e.Duration.Round(time.Microsecond))
		}
		switch e.State {
		case deploy.Edited:
			line += fmt.Sprintf("  (checksum %s, the table records %s)", hex.EncodeToString(e.Current), hex.EncodeToString(e.Recorded))
		case deploy.Missing:
			line += "  (applied, but no file of the directory has this version)"
		case deploy.Pending:
			if e.OutOfOrder {
				line += fmt.Sprintf("  (older than the latest applied migration: %s will not apply it)", st.Dir.Format)
			}
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "%d applied, %d pending, %d edited, %d missing, %d failed, %d dirty\n",
		st.Count(deploy.Applied), st.Count(deploy.Pending), st.Count(deploy.Edited), st.Count(deploy.Missing), st.Count(deploy.Failed), st.Count(deploy.Dirty))
	if drift == nil {
		return
	}
	if !drift.Drifted() {
		fmt.Fprintf(w, "no drift: the database is the replay of its %d applied migration(s)\n", drift.Replayed)
		return
	}
	fmt.Fprintf(w, "\nDRIFT: the database differs from the replay of its %d applied migration(s); "+
		"these %d statement(s) would bring it back to them:\n\n", drift.Replayed, len(drift.Statements.Statements))
	writeStatements(w, drift.Statements)
	fmt.Fprintln(w)
	if drift.DumpDiff != "" {
		fmt.Fprintln(w)
		writeDiff(w, drift.DumpDiff)
	}
}

type statusJSON struct {
	Dir        string          `json:"dir"`
	Runner     string          `json:"runner"`
	Table      string          `json:"table"`
	TableFound bool            `json:"table_exists"`
	Migrations []migrationJSON `json:"migrations"`
	Counts     map[string]int  `json:"counts"`
	ExitCode   int             `json:"exit_code"`
	Drift      *driftJSON      `json:"drift,omitempty"`
}

type migrationJSON struct {
	Version    string `json:"version"`
	File       string `json:"file,omitempty"`
	State      string `json:"state"`
	AppliedAt  string `json:"applied_at,omitempty"`
	DurationNS *int64 `json:"duration_ns,omitempty"`
	Checksum   string `json:"checksum,omitempty"`
	Recorded   string `json:"recorded_checksum,omitempty"`
	OutOfOrder bool   `json:"out_of_order,omitempty"`
}

type driftJSON struct {
	Drifted    bool     `json:"drifted"`
	Replayed   int      `json:"replayed"`
	Statements []string `json:"statements"`
	DumpDiff   string   `json:"dump_diff,omitempty"`
}

func writeStatusJSON(w io.Writer, st *deploy.Status, drift *deploy.DriftReport) error {
	out := statusJSON{Dir: st.Dir.Path, Runner: string(st.Dir.Format), Table: st.Table.Quoted, TableFound: st.Table.Exists,
		Migrations: []migrationJSON{}, Counts: map[string]int{}, ExitCode: st.ExitCode()}
	for _, s := range []deploy.State{deploy.Applied, deploy.Pending, deploy.Edited, deploy.Missing, deploy.Failed, deploy.Dirty} {
		out.Counts[string(s)] = st.Count(s)
	}
	for _, e := range st.Entries {
		m := migrationJSON{Version: e.Version, State: string(e.State), OutOfOrder: e.OutOfOrder,
			Checksum: hex.EncodeToString(e.Current), Recorded: hex.EncodeToString(e.Recorded)}
		if e.File >= 0 {
			m.File = st.Dir.Files[e.File].Path
		}
		if !e.AppliedAt.IsZero() {
			m.AppliedAt = e.AppliedAt.UTC().Format(time.RFC3339Nano)
		}
		if e.Duration >= 0 && e.State != deploy.Pending {
			ns := e.Duration.Nanoseconds()
			m.DurationNS = &ns
		}
		out.Migrations = append(out.Migrations, m)
	}
	if drift != nil {
		dj := &driftJSON{Drifted: drift.Drifted(), Replayed: drift.Replayed, Statements: []string{}, DumpDiff: drift.DumpDiff}
		for _, s := range drift.Statements.Statements {
			dj.Statements = append(dj.Statements, s.SQL)
		}
		out.Drift = dj
		if dj.Drifted {
			out.ExitCode = exitError
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
