package state

import (
	"bytes"
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// This file gives a plan a scratch database that holds the target's
// current schema, to run in before it runs on the target. Creating all of
// a large schema takes seconds, and a typical plan changes a table or two;
// so when the current and desired states differ in tables alone, only
// those tables are created, with the tables they need (as the incremental
// canonicalisation creates them: the tables they refer to, without their
// own foreign keys) and the tables that refer to them, and every other
// table is taken from the current state as it is. Anything the shortcut
// cannot vouch for (a difference outside the tables, a view or function
// over a changed table, inheritance, privileges, a failure of the partial
// run) takes the whole current state.

// A BaseError is a rehearsal that could not start: the current state
// could not be created in the dev database, so no statement of the plan
// was tried.
type BaseError struct{ Err error }

func (e *BaseError) Error() string {
	return "the target's schema could not be created in the dev database to rehearse on: " + e.Err.Error()
}

func (e *BaseError) Unwrap() error { return e.Err }

// thenError is the error of a scratchJob's then, told apart from the
// errors of its scripts.
type thenError struct{ err error }

func (e *thenError) Error() string { return e.err.Error() }

func (e *thenError) Unwrap() error { return e.err }

// A Rehearsal is the state that a plan left in the dev database.
type Rehearsal struct {
	// State is what the plan made of the current state. When Partial, it
	// is the current state with the Copied tables replaced by what the
	// plan made of them; else all of it was read back.
	State *State
	// Partial reports that only Copied of the current state's Tables
	// tables were created in the scratch database.
	Partial        bool
	Copied, Tables int
}

// Rehearse creates the current state in a new scratch database of the
// dev server, calls run on a connection to it, and reads back what run
// left in schemas. changed, when not nil, names the only tables whose
// definitions run changes (created, dropped, renamed or altered): then, if
// nothing around them stops it, only they and the tables they need are
// created (see rehearsalTables); nil creates all of the current state.
// sql is the SQL that run sends, so that the dev server gets the outside
// roles it names, as for migrations. An error of run comes back as it is
// (a partial run that fails is tried again in full first, so that a
// missing copy is never blamed on the plan); a failure to create the
// current state is a *BaseError.
func (l *Loader) Rehearse(ctx context.Context, current, desired *State, schemas []string, sql string, changed map[schema.QualifiedName]bool, run func(context.Context, *pgx.Conn) error) (*Rehearsal, error) {
	tables := len(allTables(current.Realm))
	if changed != nil {
		if keep, ok := rehearsalTables(current.Realm, desired.Realm, changed); ok {
			if r, err := l.rehearsePart(ctx, current, keep, schemas, sql, run); err == nil {
				r.Tables = tables
				return r, nil
			}
		}
	}
	var dump bytes.Buffer
	if err := plan.Dump(current.Realm, &dump); err != nil {
		return nil, err
	}
	st, err := l.rehearseOn(ctx, dump.String(), schemas, sql, run)
	if err != nil {
		return nil, err
	}
	return &Rehearsal{State: st, Copied: tables, Tables: tables}, nil
}

// rehearseOn runs base then run in a scratch database and reads back
// schemas.
func (l *Loader) rehearseOn(ctx context.Context, base string, schemas []string, sql string, run func(context.Context, *pgx.Conn) error) (*State, error) {
	st, err := l.scratchRun(ctx, scratchJob{
		scripts: []apply.Script{{Name: "the target's schema (as dumped for the rehearsal)", SQL: base}},
		schemas: schemas,
		then:    run,
		needs:   []apply.Script{{Name: "the plan", SQL: sql}},
	})
	var te *thenError
	switch {
	case errors.As(err, &te):
		return nil, te.err
	case err != nil:
		return nil, &BaseError{Err: err}
	}
	return st, nil
}

// rehearsePart rehearses on the tables keep of current and those they
// need, and merges what run left of them into current. Any error sends
// the caller to the full rehearsal.
func (l *Loader) rehearsePart(ctx context.Context, current *State, keep map[schema.QualifiedName]bool, schemas []string, sql string, run func(context.Context, *pgx.Conn) error) (*Rehearsal, error) {
	sub, err := subRealm(current.Realm, current.Realm, keep, nil, tableNames(allTables(current.Realm)))
	if err != nil {
		return nil, err
	}
	var base bytes.Buffer
	if err := plan.Dump(sub, &base); err != nil {
		return nil, err
	}
	st, err := l.rehearseOn(ctx, base.String(), schemas, sql, run)
	if err != nil {
		return nil, err
	}
	// The tables created only for others to refer to: the plan did not
	// touch them, and their copies lack their foreign keys.
	bare := map[schema.QualifiedName]bool{}
	copied := 0
	for _, t := range allTables(sub) {
		copied++
		if q := t.QualifiedName(); !keep[q] {
			bare[q] = true
		}
	}
	merged := *current.Realm
	merged.Schemas = make([]*schema.Schema, len(current.Realm.Schemas))
	for i, s := range current.Realm.Schemas {
		ms := *s
		ms.Tables = nil // nil when none is left, as inspect leaves it
		for _, t := range s.Tables {
			if !keep[t.QualifiedName()] {
				ms.Tables = append(ms.Tables, t)
			}
		}
		if rs, ok := st.Realm.Schema(s.Name); ok {
			for _, t := range rs.Tables {
				if !bare[t.QualifiedName()] {
					ms.Tables = append(ms.Tables, t)
				}
			}
		}
		merged.Schemas[i] = &ms
	}
	// The merged realm is not linked: its tables keep the back-references
	// of the realm they come from, whose schemas have the same names, and
	// the current state stays as it is.
	if nameClash(&merged) {
		return nil, errFull
	}
	return &Rehearsal{State: &State{Realm: &merged, Unsupported: current.Unsupported}, Partial: true, Copied: copied}, nil
}

// rehearsalTables decides whether a rehearsal of a plan that changes the
// tables changed alone may create only some tables of current: it returns
// the tables of current to copy with their foreign keys: the changed ones,
// the tables that refer to them, their partitions, and the tables that the
// desired side of a changed table refers to.
func rehearsalTables(current, desired *schema.Realm, changed map[schema.QualifiedName]bool) (map[schema.QualifiedName]bool, bool) {
	dropped := map[string]bool{}
	for q := range changed {
		if _, ok := desired.Table(q); !ok {
			dropped[q.String()] = true
		}
	}
	if len(changed) == 0 || secondWaveDoubt(desired, current, changed, dropped) {
		return nil, false
	}
	tables := allTables(current)
	keep := map[schema.QualifiedName]bool{}
	for q := range changed {
		if _, ok := current.Table(q); ok {
			keep[q] = true
		}
	}
	// A table that refers to a changed one checks the reference again
	// (or stops a DROP); the references are not followed further.
	names := tableNames(tables)
	for _, t := range tables {
		if q := t.QualifiedName(); !keep[q] && references(t, names, func(r schema.QualifiedName) bool { return changed[r] }) {
			keep[q] = true
		}
	}
	for grew := true; grew; {
		grew = false
		for _, t := range tables {
			if q := t.QualifiedName(); !keep[q] && t.PartitionOf != nil && keep[t.PartitionOf.Parent] {
				keep[q] = true
				grew = true
			}
		}
	}
	// What the plan's new foreign keys, row types and partitions name must
	// exist, as the current state has it: bare, when what the current side
	// of the copied tables names brings it in (see subRealm) already; else
	// copied in full.
	bare := map[schema.QualifiedName]bool{}
	for _, t := range tables {
		if keep[t.QualifiedName()] {
			references(t, names, func(r schema.QualifiedName) bool { bare[r] = true; return false })
			if t.PartitionOf != nil {
				bare[t.PartitionOf.Parent] = true
			}
		}
	}
	need := func(r schema.QualifiedName) bool {
		if _, ok := current.Table(r); ok && !bare[r] {
			keep[r] = true
		}
		return false
	}
	wanted := allTables(desired)
	wantNames := tableNames(wanted)
	for _, t := range wanted {
		if changed[t.QualifiedName()] {
			references(t, wantNames, need)
			if t.PartitionOf != nil {
				need(t.PartitionOf.Parent)
			}
		}
	}
	if 2*len(keep) > len(tables) {
		return nil, false // most of it: no shortcut to take
	}
	return keep, true
}
