package rehearsal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
)

// Options say what the plan was made with, for the re-plan.
type Options struct {
	// Schemas are the schemas the plan manages: those read back.
	Schemas []string
	// Diff are the options of the diff that made the plan.
	Diff diff.Options
}

// A Report says what a rehearsal that passed did.
type Report struct {
	// Statements counts the statements run in the dev database; Skipped
	// those left out (roles, which belong to the whole server).
	Statements, Skipped int
	// Partial reports that only Copied of the current state's Tables
	// tables were created in the dev database.
	Partial        bool
	Copied, Tables int
	Took           time.Duration
}

// A StatementError is a statement of the plan that PostgreSQL rejected in
// the dev database. Index is its place in the plan (0-based).
type StatementError struct {
	Index     int
	Statement plan.Statement
	Err       error // the server's error
}

func (e *StatementError) Error() string {
	return fmt.Sprintf("statement %d (%s) failed in the dev database: %s\n\t%s",
		e.Index+1, e.Statement.Comment, apply.ServerMessage(e.Err), apply.OneLine(e.Statement.SQL, 300))
}

func (e *StatementError) Unwrap() error { return e.Err }

// A DifferenceError is a plan that ran in the dev database without an
// error and did not reach the desired state: Remaining are the statements
// a re-plan still finds.
type DifferenceError struct {
	Remaining *plan.Plan
}

func (e *DifferenceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "after the plan ran in the dev database, %d statement(s) are still needed to reach the desired state:", len(e.Remaining.Statements))
	for _, s := range e.Remaining.Statements {
		fmt.Fprintf(&b, "\n\t%s;", apply.OneLine(s.SQL, 300))
	}
	return b.String()
}

// Run rehearses p, the plan from current to desired, in l's dev database.
// It returns a *StatementError when PostgreSQL rejects a statement, a
// *DifferenceError when the result is not desired, and a
// *state.BaseError when the current state cannot be created there.
// Desired may take current's spelling of expressions proven equal (see
// state.Loader.Reconcile); current is not changed.
func Run(ctx context.Context, l *state.Loader, current, desired *state.State, p *plan.Plan, opts Options) (*Report, error) {
	start := time.Now()
	rp := &plan.Plan{}
	var index []int // index[i] is the place in p of rp.Statements[i]
	var sql strings.Builder
	for i, s := range p.Statements {
		if roleStatement(s) {
			continue
		}
		rp.Statements = append(rp.Statements, s)
		index = append(index, i)
		sql.WriteString(s.SQL)
		sql.WriteString(";\n")
	}
	run := func(ctx context.Context, conn *pgx.Conn) error {
		err := apply.RunPlan(ctx, conn, rp, nil)
		if se := (*apply.StatementError)(nil); errors.As(err, &se) {
			return &StatementError{Index: index[se.Index], Statement: se.Statement, Err: se.Err}
		}
		return err
	}
	// Roles are not rehearsed, so they are not compared either.
	dopts := opts.Diff
	dopts.ManageRoles = false
	changed, ok := planTables(rp.Statements)
	if !ok {
		changed = nil
	}
	for {
		r, err := l.Rehearse(ctx, current, desired, opts.Schemas, sql.String(), changed, run)
		if err != nil {
			return nil, err
		}
		if err := l.Reconcile(ctx, r.State, desired); err != nil {
			return nil, err
		}
		changes, err := diff.Realms(r.State.Realm, desired.Realm, dopts)
		if err != nil {
			return nil, err
		}
		if len(changes) == 0 {
			return &Report{Statements: len(rp.Statements), Skipped: len(p.Statements) - len(rp.Statements),
				Partial: r.Partial, Copied: r.Copied, Tables: r.Tables, Took: time.Since(start)}, nil
		}
		if r.Partial {
			changed = nil // a difference may come of the shortcut: look at all of it
			continue
		}
		remaining, err := plan.Build(changes, plan.Options{From: r.State.Realm, LockTimeout: -1})
		if err != nil {
			return nil, err
		}
		return nil, &DifferenceError{Remaining: remaining}
	}
}

// roleStatement reports whether s creates, alters or comments on a role
// or changes a membership: roles belong to the whole dev server, not to
// the scratch database, so the rehearsal leaves them out.
func roleStatement(s plan.Statement) bool {
	switch s.Source.(type) {
	case *diff.CreateRole, *diff.AlterRole, *diff.GrantMembership, *diff.RevokeMembership, *diff.CommentOnRole:
		return true
	}
	return false
}

// String says what the rehearsal did, for the user.
func (r *Report) String() string {
	copied := fmt.Sprintf("a copy of the target's %d table(s)", r.Tables)
	if r.Partial {
		copied = fmt.Sprintf("a copy of %d of the target's %d table(s) (those the plan changes or needs)", r.Copied, r.Tables)
	}
	skipped := ""
	if r.Skipped > 0 {
		skipped = fmt.Sprintf(" (%d role statement(s) left out: roles belong to the whole server)", r.Skipped)
	}
	return fmt.Sprintf("rehearsed %d statement(s)%s in the dev database on %s in %s: the result is the desired state",
		r.Statements, skipped, copied, r.Took.Round(time.Millisecond))
}
