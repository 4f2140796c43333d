package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/realmjson"
	"github.com/schemactl/schemactl/schema"
)

func inspectCommand() *cli.Command {
	return &cli.Command{
		Name:      "inspect",
		Usage:     "write the schema of a live database to stdout",
		ArgsUsage: " ",
		Description: "Reads the schemas of the database (every schema but the system ones, or those\n" +
			"named with --schema) and writes them as HCL, as the SQL that recreates them, or as\n" +
			"JSON. Objects that schemactl cannot manage yet (views, functions, triggers, ...)\n" +
			"are listed on stderr as \"schemactl: not managed: <kind> <name>\".",
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:  "url",
				Usage: "database `URL` (default: $DATABASE_URL, then libpq's PG* variables)",
			},
			&cli.StringSliceFlag{
				Name:  "schema",
				Usage: "inspect this schema (repeatable; default: every schema but the system ones)",
			},
			&cli.StringFlag{Name: "format", Value: "hcl", Usage: "output format: hcl, sql or json"},
		},
		Action: runInspect,
	}
}

func runInspect(c *cli.Context) error {
	format := c.String("format")
	switch format {
	case "hcl", "sql", "json":
	default:
		return usagef("--format must be hcl, sql or json, not %q", format)
	}
	if c.NArg() > 0 {
		return usagef("inspect takes no arguments, got %q", c.Args().First())
	}
	conn, err := connect(c.Context, c.String("url"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	names := c.StringSlice("schema")
	realm, unsupported, err := inspect.Realm(c.Context, conn, inspect.Options{Schemas: names, Parallel: true})
	if err != nil {
		return err
	}
	for _, name := range names {
		if _, ok := realm.Schema(name); !ok {
			return fmt.Errorf("schema %s does not exist", schema.QuoteIdent(name))
		}
	}
	for _, u := range unsupported {
		fmt.Fprintf(c.App.ErrWriter, "schemactl: not managed: %s\n", u)
	}
	// Render fully before writing, so that a failure leaves no partial
	// output behind.
	var out bytes.Buffer
	switch format {
	case "hcl":
		out.Write(hclschema.Encode(realm))
	case "sql":
		if err := plan.Dump(realm, &out); err != nil {
			return err
		}
	case "json":
		if err := realmjson.Write(&out, realm); err != nil {
			return err
		}
	}
	_, err = c.App.Writer.Write(out.Bytes())
	return err
}
