package inspect

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// argModes maps pg_proc.proargmodes letters to the model's modes; IN is
// the model's "" (see schema.FuncArg).
var argModes = map[string]string{
	"i": "",
	"o": schema.ArgOut,
	"b": schema.ArgInOut,
	"v": schema.ArgVariadic,
	"t": schema.ArgTable,
}

// readFunctions reads functions and procedures. Settings equal to
// PostgreSQL's defaults are left unset (volatility VOLATILE, PARALLEL
// UNSAFE, COST 100, or 1 for C and internal functions, ROWS 1000 for set
// returning functions), so that a desired state that does not mention them
// compares equal.
func (in *inspector) readFunctions(ctx context.Context) error {
	var (
		oid                                                   uint32
		schemaName, name, language, returns, body, definition string
		volatility, parallel, comment                         string
		procedure, returnsSet, strict, secdef, leakproof      bool
		argNames, argModesCol, argTypes, argDefaults, config  []string
		cost, rows                                            float64
		dependsOn                                             []byte
	)
	return in.query(ctx, "functions.sql",
		[]any{&oid, &schemaName, &name, &procedure, &language, &argNames, &argModesCol, &argTypes, &argDefaults,
			&returns, &returnsSet, &body, &definition, &volatility, &strict, &secdef, &leakproof, &parallel,
			&cost, &rows, &config, &comment, &dependsOn},
		func() error {
			s, ok := in.schemas[schemaName]
			if !ok {
				return fmt.Errorf("function %s.%s in unselected schema", schemaName, name)
			}
			f := &schema.Function{
				Name:            name,
				Procedure:       procedure,
				Returns:         returns,
				Language:        language,
				Strict:          strict,
				SecurityDefiner: secdef,
				Leakproof:       leakproof,
				Comment:         comment,
			}
			for i := range argTypes {
				mode, ok := argModes[argModesCol[i]]
				if !ok {
					return fmt.Errorf("function %s.%s: unknown argument mode %q", schemaName, name, argModesCol[i])
				}
				f.Args = append(f.Args, &schema.FuncArg{
					Name: argNames[i], Type: argTypes[i], Mode: mode, Default: schema.Expr(argDefaults[i]),
				})
			}
			if definition != "" {
				f.SQLBody = sqlBody(definition)
			} else {
				f.Body = body
			}
			switch volatility {
			case "i":
				f.Volatility = schema.Immutable
			case "s":
				f.Volatility = schema.Stable
			}
			switch parallel {
			case "s":
				f.Parallel = schema.ParallelSafe
			case "r":
				f.Parallel = schema.ParallelRestricted
			}
			defaultCost := 100.0
			if language == "c" || language == "internal" {
				defaultCost = 1
			}
			if cost != defaultCost {
				f.Cost = ptr(cost)
			}
			defaultRows := 0.0
			if returnsSet {
				defaultRows = 1000
			}
			if rows != defaultRows {
				f.Rows = ptr(rows)
			}
			for _, c := range config {
				k, v, _ := strings.Cut(c, "=")
				f.Config = append(f.Config, schema.ConfigParam{Name: k, Value: v})
			}
			deps, err := functionDeps(dependsOn)
			if err != nil {
				return fmt.Errorf("function %s.%s: %w", schemaName, name, err)
			}
			f.DependsOn = deps
			s.Functions = append(s.Functions, f)
			return nil
		})
}

// functionDeps decodes the depends_on column of functions.sql.
func functionDeps(raw []byte) ([]schema.ObjectRef, error) {
	var rows [][4]string
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("depends_on: %w", err)
	}
	var refs []schema.ObjectRef
	for _, r := range rows {
		ref := schema.ObjectRef{Schema: r[1], Name: r[2]}
		switch r[0] {
		case "r", "p", "f":
			ref.Kind = schema.KindTable
		case "v":
			ref.Kind = schema.KindView
		case "m":
			ref.Kind = schema.KindMaterializedView
		case "S":
			ref.Kind = schema.KindSequence
		case "c", "type":
			ref.Kind = schema.KindType
		case "function":
			ref.Kind, ref.Args = schema.KindFunction, r[3]
		case "procedure":
			ref.Kind, ref.Args = schema.KindProcedure, r[3]
		default:
			continue // an index or another relation nothing orders by
		}
		refs = append(refs, ref)
	}
	return refs, nil
}

// sqlBody cuts the SQL-standard body (BEGIN ATOMIC ... END, or RETURN
// expr) out of what pg_get_functiondef prints: a first line
// (CREATE OR REPLACE FUNCTION name(args)), then one line per clause, each
// indented by a space, then the body, which is not.
func sqlBody(def string) string {
	lines := strings.Split(strings.TrimRight(def, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], " ") {
			return strings.Join(lines[i:], "\n")
		}
	}
	return ""
}
