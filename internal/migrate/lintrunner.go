package migrate

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/lint"
)

// HideRunnerStatements returns f with the statements on a runner's
// bookkeeping table blanked out (spaces, newlines kept, so positions do not
// move), for lint: the table is the runner's, small, and not part of the
// schema, so what would hurt a big table does not apply to a TRUNCATE of
// _sqlx_migrations or an index on flyway_schema_history, and such a
// statement must not stand in for the file's first lock either (lint
// reports a missing lock_timeout once per file). A file whose Runner names
// a format has that runner's table; a plain file (Runner "") any runner's.
// The table counts when it is named unqualified or in public, where the
// runners put it by default, and a statement counts when it names the
// table and no other relation.
func HideRunnerStatements(f lint.File) lint.File {
	tables := runnerTables(f.Runner)
	start, end := f.Start, f.End
	if end <= 0 || end > len(f.Text) {
		end = len(f.Text)
	}
	if start < 0 || start > end {
		start = 0
	}
	if !mentionsAny(f.Text[start:end], tables) {
		return f // the common case, without a second parse of the file
	}
	stmts, _ := effect.ParsePrefix(f.Text[start:end])
	var b []byte
	for _, st := range stmts {
		if !onlyRunnerTable(st, tables) {
			continue
		}
		if b == nil {
			b = []byte(f.Text)
		}
		for i := start + st.Start; i < start+st.End; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	if b != nil {
		f.Text = string(b)
	}
	return f
}

// WithoutRunnerFindings drops the findings about a runner's bookkeeping
// table (their Relation is the table in public) that remain once
// HideRunnerStatements has hidden the statements on it alone: a statement
// that also names other relations is linted, and keeps its findings about
// them. files gives each finding's file its runner.
func WithoutRunnerFindings(findings []lint.Finding, files []lint.File) []lint.Finding {
	tablesOf := map[string][]string{}
	for _, f := range files {
		tablesOf[f.Name] = runnerTables(f.Runner)
	}
	out := findings[:0:0]
	for _, fd := range findings {
		if tables, ok := tablesOf[fd.Range.Filename]; ok && isRunnerRelation(fd.Relation, tables) {
			continue
		}
		out = append(out, fd)
	}
	return out
}

// runnerTables lists the bookkeeping tables of runner (a format name), or
// of every runner for "".
func runnerTables(runner string) []string {
	if t := RunnerTable(Format(runner)); t != "" {
		return []string{t}
	}
	return RunnerTables()
}

// RunnerTables lists the bookkeeping tables of every runner, each once
// (golang-migrate and dbmate share schema_migrations).
func RunnerTables() []string {
	var all []string
	for _, f := range Formats {
		if t := RunnerTable(f); !slices.Contains(all, t) {
			all = append(all, t)
		}
	}
	return all
}

// mentionsAny reports whether text may name one of tables: it holds one of
// them in any letter case (an unquoted name is folded to lower case, and a
// quoted one that is not all lower case is not the runner's), or a Unicode
// escape (U&"...") that could spell one.
func mentionsAny(text string, tables []string) bool {
	lower := strings.ToLower(text)
	if strings.Contains(lower, "u&") {
		return true
	}
	for _, t := range tables {
		if strings.Contains(lower, t) {
			return true
		}
	}
	return false
}

func isRunnerRelation(rel string, tables []string) bool {
	for _, t := range tables {
		if rel == "public."+t {
			return true
		}
	}
	return false
}

// onlyRunnerTable reports whether st names one of tables and no other
// relation.
func onlyRunnerTable(st effect.Statement, tables []string) bool {
	runner, other := false, false
	name := func(schemaName, rel string) {
		if (schemaName == "" || schemaName == "public") && slices.Contains(tables, rel) {
			runner = true
		} else {
			other = true
		}
	}
	st.Inspect(func(m proto.Message) bool {
		switch x := m.(type) {
		case *pg_query.RangeVar:
			name(x.Schemaname, x.Relname)
		case *pg_query.DropStmt:
			// DROP names its objects as lists of strings, not RangeVars.
			if x.RemoveType != pg_query.ObjectType_OBJECT_TABLE {
				other = true
				return false
			}
			for _, o := range x.Objects {
				var parts []string
				for _, p := range o.GetList().GetItems() {
					parts = append(parts, p.GetString_().GetSval())
				}
				switch len(parts) {
				case 1:
					name("", parts[0])
				case 2:
					name(parts[0], parts[1])
				default:
					other = true
				}
			}
			return false
		}
		return true
	})
	return runner && !other
}
