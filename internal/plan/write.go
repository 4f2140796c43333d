package plan

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// WriteSQL writes the plan as a script that runs as it is with
// `psql -v ON_ERROR_STOP=1 -f`. Each statement is preceded by `--` lines:
// what it does, the lock it takes on each existing relation, whether it
// rewrites or scans a table, whether it runs outside a transaction, and
// DESTRUCTIVE when it loses data. Consecutive transactional statements are
// wrapped in BEGIN and COMMIT, so that a failure leaves their group undone;
// a statement that runs alone stands outside any transaction block, where
// psql runs it by itself. See docs/plan.md.
func (p *Plan) WriteSQL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	inTx := false
	for i, s := range p.Statements {
		switch {
		case s.Transactional && !inTx:
			bw.WriteString("BEGIN;\n\n")
			inTx = true
		case !s.Transactional && inTx:
			bw.WriteString("COMMIT;\n\n")
			inTx = false
		}
		writeHeader(bw, &s)
		bw.WriteString(s.SQL)
		bw.WriteString(";\n")
		if i < len(p.Statements)-1 || inTx {
			bw.WriteString("\n")
		}
	}
	if inTx {
		bw.WriteString("COMMIT;\n")
	}
	return bw.Flush()
}

// writeHeader writes the comment lines above a statement.
func writeHeader(w *bufio.Writer, s *Statement) {
	if s.Comment != "" {
		fmt.Fprintf(w, "-- %s\n", oneLine(s.Comment))
	}
	if s.Source == nil {
		// A statement the plan added for its own sake (SET lock_timeout).
		return
	}
	if len(s.Locks) == 0 {
		w.WriteString("-- lock: none on existing relations\n")
	}
	for _, l := range s.Locks {
		fmt.Fprintf(w, "-- lock: %s on %s (%s)\n", l.Mode, l.what(), l.Mode.Impact())
	}
	for _, l := range s.Locks {
		if l.Rewrite {
			fmt.Fprintf(w, "-- rewrites %s and rebuilds its indexes while locked\n", l.what())
		}
		if l.Scan {
			fmt.Fprintf(w, "-- scans %s while locked\n", l.what())
		}
	}
	if !s.Transactional {
		w.WriteString("-- no transaction: runs outside BEGIN ... COMMIT\n")
	}
	for _, n := range s.Notes {
		fmt.Fprintf(w, "-- note: %s\n", oneLine(n))
	}
	if s.Destructive {
		w.WriteString("-- DESTRUCTIVE: loses data\n")
	}
}

// oneLine keeps a comment on one line whatever text (an object name with a
// newline in it) it holds.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// standardPublicComment is the comment that initdb gives schema public.
const standardPublicComment = "standard public schema"

// Dump writes the derived schema dump of r: the plan from an empty database
// to r, one statement after another, each ended by a semicolon and
// separated by a blank line. Applied to an empty database it creates r. The
// bytes depend only on r: objects are ordered by dependency, then by name.
// There are no comment lines, no transactions and no online-safe forms,
// since every table is new.
//
// An empty database already has schema public, with the comment "standard
// public schema": the dump does not create public, and sets its comment
// only when r gives it another one (a realm decoded from HCL that says
// nothing about it leaves it as PostgreSQL made it).
func Dump(r *schema.Realm, w io.Writer) error {
	_, err := DumpOrigins(r, w)
	return err
}

// An Origin is where the statement of a dump that starts at byte Offset
// was declared: the block of the object it creates. Range is zero for an
// object that was not declared in a file (an inspected realm). Table is
// the table whose part of the dump the statement belongs to (see
// DumpParts); its Name is empty for the other statements.
type Origin struct {
	Offset int
	Range  hcl.Range
	Table  schema.QualifiedName
}

// DumpOrigins writes the dump of r as Dump does and returns the origin of
// each statement, in order, so that an error PostgreSQL reports in the
// dump can point at the declaration it comes from.
func DumpOrigins(r *schema.Realm, w io.Writer) ([]Origin, error) {
	steps, err := dumpSteps(r)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriter(w)
	origins := make([]Origin, len(steps))
	offset := 0
	for i, s := range steps {
		if i > 0 {
			bw.WriteString("\n")
			offset++
		}
		origins[i] = Origin{Offset: offset, Range: declRange(s.Source)}
		if q, ok := tableOf(r, s.Source); ok {
			origins[i].Table = q
		}
		bw.WriteString(s.SQL)
		bw.WriteString(";\n")
		offset += len(s.SQL) + 2
	}
	return origins, bw.Flush()
}

// DumpParts splits a dump, text as DumpOrigins wrote it with origins, into
// the statements of each table (its columns, keys, indexes, checks,
// foreign keys, comments, triggers, row level security and policies, and
// the ownership of sequences by its columns),
// keyed by the table, and the rest (schemas, extensions, types,
// sequences), in dump order. Two realms whose parts are equal dump to the
// same SQL; a part that differs names what changed, as the
// canonicalisation of only what changed needs.
func DumpParts(text string, origins []Origin) (tables map[schema.QualifiedName]string, rest string) {
	parts := map[schema.QualifiedName]*strings.Builder{}
	var others strings.Builder
	for i, o := range origins {
		end := len(text)
		if i+1 < len(origins) {
			end = origins[i+1].Offset
		}
		b := &others
		if o.Table.Name != "" {
			if parts[o.Table] == nil {
				parts[o.Table] = &strings.Builder{}
			}
			b = parts[o.Table]
		}
		b.WriteString(text[o.Offset:end])
	}
	tables = make(map[schema.QualifiedName]string, len(parts))
	for q, b := range parts {
		tables[q] = b.String()
	}
	return tables, others.String()
}

// dumpSteps plans r from an empty database, without effect analysis.
func dumpSteps(r *schema.Realm) ([]*step, error) {
	if r == nil {
		r = &schema.Realm{}
	}
	changes, err := diff.Realms(emptyDatabase(r), r, diff.Options{})
	if err != nil {
		return nil, fmt.Errorf("dump: %w", err)
	}
	// A dump creates every trigger: the server's version does not matter.
	steps, err := build(changes, 0)
	if err != nil {
		return nil, fmt.Errorf("dump: %w", err)
	}
	return steps, nil
}

// tableOf returns the table of r whose part of a dump change c belongs to.
// A table's triggers, row level security and policies are part of it, so
// that an edit of one of them names the table alone as changed.
func tableOf(r *schema.Realm, c diff.Change) (schema.QualifiedName, bool) {
	switch c := c.(type) {
	case *diff.CreateTable:
		return c.Table.QualifiedName(), true
	case *diff.CreateTrigger:
		if _, ok := r.Table(c.On); ok { // not a view's
			return c.On, true
		}
	case *diff.SetRowSecurity:
		return c.Table.QualifiedName(), true
	case *diff.SetForceRowSecurity:
		return c.Table.QualifiedName(), true
	case *diff.CreatePolicy:
		return c.Table.QualifiedName(), true
	case *diff.AddForeignKey:
		return c.ForeignKey.Table.QualifiedName(), true
	case *diff.SetSequenceOwner:
		if c.To != nil {
			return c.To.Table, true
		}
	case *diff.CommentOn:
		switch c.Object.Kind {
		case diff.KindTable, diff.KindColumn, diff.KindConstraint:
			return c.Object.Name, true
		}
	}
	return schema.QualifiedName{}, false
}

// declRange returns where the object that change c creates was declared.
func declRange(c diff.Change) hcl.Range {
	switch c := c.(type) {
	case *diff.CreateSchema:
		return c.Schema.DeclRange
	case *diff.CreateExtension:
		return c.Extension.DeclRange
	case *diff.CreateEnum:
		return c.Enum.DeclRange
	case *diff.CreateDomain:
		return c.Domain.DeclRange
	case *diff.CreateComposite:
		return c.Composite.DeclRange
	case *diff.CreateSequence:
		return c.Sequence.DeclRange
	case *diff.SetSequenceOwner:
		return c.Sequence.DeclRange
	case *diff.CreateTable:
		return c.Table.DeclRange
	case *diff.AddForeignKey:
		return c.ForeignKey.DeclRange
	case *diff.CreateView:
		return c.View.DeclRange
	case *diff.CreateFunction:
		return c.Function.DeclRange
	case *diff.CreateTrigger:
		return c.Trigger.DeclRange
	}
	return hcl.Range{}
}

// emptyDatabase is the realm of a database that CREATE DATABASE just made,
// as far as r can tell: schema public, when r has it.
func emptyDatabase(r *schema.Realm) *schema.Realm {
	e := &schema.Realm{}
	if i := slices.IndexFunc(r.Schemas, func(s *schema.Schema) bool { return s.Name == "public" }); i >= 0 {
		comment := standardPublicComment
		if c := r.Schemas[i].Comment; c == "" {
			comment = ""
		}
		e.Schemas = append(e.Schemas, &schema.Schema{Name: "public", Comment: comment})
	}
	e.Link()
	return e
}
