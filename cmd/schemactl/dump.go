package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
)

func dumpCommand() *cli.Command {
	return &cli.Command{
		Name:      "dump",
		Usage:     "write the derived schema SQL to stdout",
		ArgsUsage: " ",
		Description: "Writes the SQL that creates a schema in an empty database: the plan from nothing,\n" +
			"ordered by dependency then name, with COMMENT ON for comments. The same input always\n" +
			"gives the same bytes. The schema comes from one of:\n" +
			"  --to PATH   .hcl files (a folder stands for the .hcl files directly in it), read as\n" +
			"              written: no database is needed, and expressions are not made canonical;\n" +
			"  --dir DIR   the replay of a migrations directory in the dev database: this is the\n" +
			"              derived_schema.sql that migrate diff writes and migrate check compares;\n" +
			"  --url URL   a live database (every user schema, or those named with --schema).",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "to", Usage: "desired state: a .hcl file or a folder of them (repeatable)"},
			&cli.StringFlag{Name: "dir", Usage: "migrations `DIR` to replay"},
			&cli.StringFlag{Name: "dir-format", Value: "auto", Usage: "format of --dir: auto, sqlx, golang-migrate, goose, dbmate or flyway"},
			&cli.StringFlag{Name: "url", Usage: "live database `URL`"},
			&cli.StringSliceFlag{Name: "schema", Usage: "with --url, dump only this schema (repeatable)"},
			devURLFlag, includeRunnerTableFlag,
		},
		Action: runDump,
	}
}

func runDump(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("dump takes no arguments, got %q", c.Args().First())
	}
	sources := 0
	for _, f := range []string{"to", "dir", "url"} {
		if c.IsSet(f) {
			sources++
		}
	}
	if sources != 1 {
		return usagef("dump needs exactly one of --to, --dir and --url")
	}
	if c.IsSet("schema") && !c.IsSet("url") {
		return usagef("--schema applies to dump --url only")
	}
	var out []byte
	var err error
	switch {
	case c.IsSet("dir"):
		out, err = dumpDir(c)
	case c.IsSet("url"):
		out, err = dumpURL(c)
	default:
		out, err = dumpHCL(c)
	}
	if err != nil {
		return err
	}
	// Rendered fully before writing, so that a failure leaves no partial
	// output behind.
	_, err = c.App.Writer.Write(out)
	return err
}

// writeNotInDump names on stderr the objects a dump leaves out because the
// model cannot represent them: a dump without a word about them would be a lie.
func writeNotInDump(w io.Writer, list []inspect.Unsupported) {
	for _, u := range list {
		fmt.Fprintf(w, "schemactl: not in the dump (not modelled yet): %s\n", u)
	}
}

func dumpHCL(c *cli.Context) ([]byte, error) {
	paths := c.StringSlice("to")
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".sql") {
			// SQL is made into a schema by a database, which dump --to
			// does not use.
			return nil, usagef("dump --to reads .hcl files, not %s", p)
		}
	}
	realm, diags := hclschema.DecodeFiles(paths...)
	if diags.HasErrors() {
		return nil, diags
	}
	if len(diags) > 0 {
		writeDiagnostics(c.App.ErrWriter, diags)
	}
	var out bytes.Buffer
	if err := plan.Dump(realm, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func dumpDir(c *cli.Context) ([]byte, error) {
	format, err := migrate.ParseFormat(c.String("dir-format"))
	if err != nil {
		return nil, usagef("--dir-format: %v", err)
	}
	loader := state.NewLoader(c.String("dev-url"))
	loader.KeepRunnerTables = c.Bool("include-runner-table")
	defer loader.Close()
	out, unsupported, err := migrate.DumpDir(c.Context, loader, c.String("dir"), format)
	if err != nil {
		return nil, explainReplay(c.App.ErrWriter, err)
	}
	writeNotInDump(c.App.ErrWriter, unsupported)
	return out, nil
}

func dumpURL(c *cli.Context) ([]byte, error) {
	ctx := c.Context
	conn, err := connect(ctx, c.String("url"))
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	loader := state.NewLoader("")
	st, err := loader.Database(ctx, conn, c.StringSlice("schema"))
	if err != nil {
		return nil, err
	}
	writeNotInDump(c.App.ErrWriter, st.Unsupported)
	var out bytes.Buffer
	if err := plan.Dump(st.Realm, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
