package main

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

func dumpCommand() *cli.Command {
	return &cli.Command{
		Name:      "dump",
		Usage:     "write the derived schema SQL to stdout",
		ArgsUsage: " ",
		Description: "Writes the SQL that creates the desired schema in an empty database: the plan from\n" +
			"nothing, ordered by dependency then name, with COMMENT ON for comments. The same\n" +
			"input always gives the same bytes. With --to, the schema comes from .hcl files (a\n" +
			"folder stands for the .hcl files directly in it), read as written: no database is\n" +
			"needed, and expressions are not made canonical.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{
				Name:     "to",
				Usage:    "desired state: a .hcl file or a folder of them (repeatable)",
				Required: true,
			},
		},
		Action: runDump,
	}
}

func runDump(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("dump takes no arguments, got %q", c.Args().First())
	}
	paths := c.StringSlice("to")
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".sql") {
			// SQL is made into a schema by a database, which dump --to
			// does not use.
			return usagef("dump --to reads .hcl files, not %s", p)
		}
	}
	realm, diags := schema.DecodeFiles(paths...)
	if diags.HasErrors() {
		return diags
	}
	if len(diags) > 0 {
		writeDiagnostics(c.App.ErrWriter, diags)
	}
	// Render fully before writing, so that a failure leaves no partial
	// output behind.
	var out bytes.Buffer
	if err := plan.Dump(realm, &out); err != nil {
		return err
	}
	_, err := c.App.Writer.Write(out.Bytes())
	return err
}
