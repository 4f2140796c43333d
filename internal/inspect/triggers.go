package inspect

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// pg_trigger.tgtype bits (see PostgreSQL's catalog/pg_trigger.h).
const (
	tgRow      = 1 << 0
	tgBefore   = 1 << 1
	tgInsert   = 1 << 2
	tgDelete   = 1 << 3
	tgUpdate   = 1 << 4
	tgTruncate = 1 << 5
	tgInstead  = 1 << 6
)

// triggerStates maps pg_trigger.tgenabled to the model's states.
var triggerStates = map[string]string{
	"O": schema.TriggerEnabled,
	"D": schema.TriggerDisabled,
	"R": schema.TriggerReplica,
	"A": schema.TriggerAlways,
}

// readTriggers reads the triggers of tables and views. readTables and
// readViews must have read the relations they are on.
func (in *inspector) readTriggers(ctx context.Context) error {
	var (
		relOID                                      uint32
		schemaName, relName, relKind, name          string
		enabled, funcSchema, funcName               string
		oldTable, newTable, definition, comment     string
		typ, nargs                                  int32
		updateOf                                    []string
		args                                        []byte
		isConstraint, deferrable, deferred, hasFrom bool
	)
	return in.query(ctx, "triggers.sql",
		[]any{&relOID, &schemaName, &relName, &relKind, &name, &typ, &enabled, &updateOf, &funcSchema, &funcName,
			&nargs, &args, &oldTable, &newTable, &isConstraint, &deferrable, &deferred, &hasFrom, &definition, &comment},
		func() error {
			defer func() { updateOf, args = nil, nil }()
			rel := schema.QualifiedName{Schema: schemaName, Name: relName}
			full := schema.QuoteIdent(name) + " on " + rel.String()
			if hasFrom {
				in.addUnsupported("constraint trigger with FROM", full)
				return nil
			}
			tr := &schema.Trigger{
				Name:              name,
				ForEachRow:        typ&tgRow != 0,
				UpdateOf:          updateOf,
				Function:          schema.QualifiedName{Schema: funcSchema, Name: funcName},
				OldTable:          oldTable,
				NewTable:          newTable,
				Constraint:        isConstraint,
				Deferrable:        deferrable,
				InitiallyDeferred: deferred,
				Comment:           comment,
			}
			switch {
			case typ&tgInstead != 0:
				tr.Timing = schema.TriggerInsteadOf
			case typ&tgBefore != 0:
				tr.Timing = schema.TriggerBefore
			default:
				tr.Timing = schema.TriggerAfter
			}
			for _, e := range []struct {
				bit  int32
				name string
			}{{tgInsert, "INSERT"}, {tgUpdate, "UPDATE"}, {tgDelete, "DELETE"}, {tgTruncate, "TRUNCATE"}} {
				if typ&e.bit != 0 {
					tr.Events = append(tr.Events, e.name)
				}
			}
			state, ok := triggerStates[enabled]
			if !ok {
				return fmt.Errorf("trigger %s: unknown tgenabled %q", full, enabled)
			}
			tr.Enabled = state
			a, err := triggerArgs(args, int(nargs))
			if err != nil {
				return fmt.Errorf("trigger %s: %w", full, err)
			}
			tr.Args = a
			when, err := triggerWhen(definition)
			if err != nil {
				return fmt.Errorf("trigger %s: %w", full, err)
			}
			tr.When = schema.Expr(when)
			s, ok := in.schemas[schemaName]
			if !ok {
				return fmt.Errorf("trigger %s in unselected schema", full)
			}
			if relKind == "v" {
				v, ok := s.View(relName)
				if !ok {
					in.addUnsupported("trigger", full)
					return nil
				}
				v.Triggers = append(v.Triggers, tr)
				return nil
			}
			ti, ok := in.tables[relOID]
			if !ok {
				return fmt.Errorf("trigger %s on a table not read", full)
			}
			ti.table.Triggers = append(ti.table.Triggers, tr)
			return nil
		})
}

// triggerArgs splits pg_trigger.tgargs: n arguments, each followed by a
// zero byte (PostgreSQL escapes none: an argument cannot hold one).
func triggerArgs(raw []byte, n int) ([]string, error) {
	if n == 0 {
		return nil, nil
	}
	parts := bytes.Split(raw, []byte{0})
	// The last argument's terminator leaves an empty part at the end.
	if len(parts) != n+1 || len(parts[n]) != 0 {
		return nil, fmt.Errorf("%d arguments expected in tgargs %q", n, raw)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = string(parts[i])
	}
	return out, nil
}

// triggerWhen returns the condition of the WHEN clause in a
// pg_get_triggerdef text, "" when it has none. The definition reads
// `CREATE [CONSTRAINT] TRIGGER name ... FOR EACH ROW WHEN (cond) EXECUTE
// FUNCTION f(args)`; before WHEN only identifiers appear (quoted ones may
// hold any text, so double quotes are skipped), and cond is an expression
// whose parentheses balance outside string literals and quoted names.
func triggerWhen(def string) (string, error) {
	const kw = " WHEN ("
	start := -1
	for i := 0; i < len(def); i++ {
		if def[i] == '"' {
			j := skipQuoted(def, i)
			if j >= len(def) {
				return "", fmt.Errorf("unbalanced quotes in %q", def)
			}
			i = j
			continue
		}
		if strings.HasPrefix(def[i:], " EXECUTE ") {
			return "", nil
		}
		if strings.HasPrefix(def[i:], kw) {
			start = i + len(kw)
			break
		}
	}
	if start < 0 {
		return "", nil
	}
	depth := 1
	for i := start; i < len(def); i++ {
		switch def[i] {
		case '"', '\'':
			j := skipQuoted(def, i)
			if j >= len(def) {
				return "", fmt.Errorf("unbalanced quotes in %q", def)
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return def[start:i], nil
			}
		}
	}
	return "", fmt.Errorf("unbalanced parentheses in %q", def)
}
