package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
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
	realm, unsupported, err := inspect.Realm(c.Context, conn, inspect.Options{Schemas: names})
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
		out.Write(schema.EncodeHCL(realm))
	case "sql":
		if err := plan.Dump(realm, &out); err != nil {
			return err
		}
	case "json":
		if err := writeRealmJSON(&out, realm); err != nil {
			return err
		}
	}
	_, err = c.App.Writer.Write(out.Bytes())
	return err
}

// writeRealmJSON writes r as JSON: objects keep the model's structure, with
// snake_case keys and without empty values (empty strings, false, nil,
// empty lists). Back-references (Schema.Realm, Table.Schema, Column.Table,
// ...) and declaration ranges are left out: the first would loop, the
// second are empty for a database.
func writeRealmJSON(w io.Writer, r *schema.Realm) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonView(reflect.ValueOf(r)))
}

var (
	rangeType = reflect.TypeFor[hcl.Range]()
	// backRefTypes are the pointer types of the model's back-references:
	// a field of one of these types points up the tree, never down (the
	// way down is always a slice or a differently typed field).
	backRefTypes = map[reflect.Type]bool{
		reflect.TypeFor[*schema.Realm]():  true,
		reflect.TypeFor[*schema.Schema](): true,
		reflect.TypeFor[*schema.Table]():  true,
	}
)

// jsonView converts a model value into maps, slices and scalars for
// encoding/json, following the rules of writeRealmJSON. Map keys are sorted
// by encoding/json, so the output is deterministic.
func jsonView(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return jsonView(v.Elem())
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		items := make([]any, v.Len())
		for i := range items {
			items[i] = jsonView(v.Index(i))
		}
		return items
	case reflect.Struct:
		obj := map[string]any{}
		addFields(obj, v)
		return obj
	default:
		return v.Interface()
	}
}

// addFields adds the exported fields of struct v to obj, flattening
// embedded structs (an ExcludeElement's IndexPart).
func addFields(obj map[string]any, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Type == rangeType || backRefTypes[f.Type] {
			continue
		}
		fv := v.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			addFields(obj, fv)
			continue
		}
		if fv.IsZero() || (fv.Kind() == reflect.Slice && fv.Len() == 0) {
			continue
		}
		obj[snakeCase(f.Name)] = jsonView(fv)
	}
}

// snakeCase turns a Go field name into a JSON key: NotNull → not_null,
// OnDeleteColumns → on_delete_columns.
func snakeCase(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			// A new word starts at an upper-case letter that follows a
			// lower-case one, or that ends a run of capitals before a
			// lower-case letter.
			if i > 0 && (unicode.IsLower(runes[i-1]) || (i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
