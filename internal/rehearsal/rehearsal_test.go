package rehearsal_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/rehearsal"
	"github.com/schemactl/schemactl/internal/state"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// chain is n tables t1 ... tn, each referring to the one before it, and a
// view over the first.
func chain(n int) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE public.t1 (id bigint PRIMARY KEY, name text);\n")
	for i := 2; i <= n; i++ {
		fmt.Fprintf(&b, "CREATE TABLE public.t%d (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.t%d (id), name text);\n", i, i-1)
	}
	b.WriteString("CREATE VIEW public.v1 AS SELECT id, name FROM public.t1;\n")
	return b.String()
}

type fixture struct {
	loader           *state.Loader
	current, desired *state.State
	plan             *plan.Plan
	conn             *pgx.Conn // the target
}

// prepare makes a target database from currentSQL, the canonical state of
// desiredSQL, and the plan between them, as apply does.
func prepare(t *testing.T, currentSQL, desiredSQL string) *fixture {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, currentSQL); err != nil {
		t.Fatal(err)
	}
	l := &state.Loader{DevURL: pgtest.AdminURL(t)}
	t.Cleanup(func() { l.Close() })
	current, err := l.Database(ctx, conn, []string{"public"})
	if err != nil {
		t.Fatal(err)
	}
	desired, err := l.Scripts(ctx, []apply.Script{{Name: "desired.sql", SQL: desiredSQL}}, []string{"public"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Reconcile(ctx, current, desired); err != nil {
		t.Fatal(err)
	}
	changes, err := diff.Realms(current.Realm, desired.Realm, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(changes, plan.Options{From: current.Realm})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Statements) == 0 {
		t.Fatal("the fixture's plan is empty")
	}
	return &fixture{loader: l, current: current, desired: desired, plan: p, conn: conn}
}

func (f *fixture) run(t *testing.T) (*rehearsal.Report, error) {
	t.Helper()
	return rehearsal.Run(context.Background(), f.loader, f.current, f.desired, f.plan, rehearsal.Options{Schemas: []string{"public"}})
}

// TestPartial: a plan that changes tables alone is rehearsed on a copy of
// those tables and the ones they need, and passes; with a view over a
// changed table, on all of it.
func TestPartial(t *testing.T) {
	t.Parallel()
	base := chain(8)
	cases := []struct {
		name    string
		desired string
		partial bool
		copied  int
	}{
		// t4 changes; t5 refers to it; t4 refers to t3, made bare; the
		// new table refers to t7, which refers to t6.
		{"column, index and a new table", strings.Replace(base, "CREATE TABLE public.t4 (id bigint PRIMARY KEY,", "CREATE TABLE public.t4 (id bigint PRIMARY KEY, extra int NOT NULL DEFAULT 0,", 1) +
			"CREATE INDEX t4_name ON public.t4 (name);\nCREATE TABLE public.n (id int, t7 bigint REFERENCES public.t7 (id));\n", true, 5},
		// t8 goes; nothing refers to it; it refers to t7.
		{"dropped table", strings.Replace(base, "CREATE TABLE public.t8 (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.t7 (id), name text);\n", "", 1), true, 2},
		{"changed table under a view", strings.Replace(base, "CREATE TABLE public.t1 (id bigint PRIMARY KEY, name text);", "CREATE TABLE public.t1 (id bigint PRIMARY KEY, name text, more text);", 1), false, 8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := prepare(t, base, tc.desired)
			r, err := f.run(t)
			if err != nil {
				t.Fatalf("rehearsal: %v", err)
			}
			if r.Partial != tc.partial || r.Copied != tc.copied || r.Tables != 8 {
				t.Errorf("rehearsal partial %t, copied %d of %d; want %t, %d of 8 (%s)", r.Partial, r.Copied, r.Tables, tc.partial, tc.copied, r)
			}
			if r.Statements != len(f.plan.Statements) {
				t.Errorf("rehearsed %d statements, the plan has %d", r.Statements, len(f.plan.Statements))
			}
		})
	}
}

// TestRejected: a statement PostgreSQL rejects on schema grounds fails the
// rehearsal, named with its place in the plan and the server's error.
func TestRejected(t *testing.T) {
	t.Parallel()
	base := chain(4)
	f := prepare(t, base, strings.Replace(base, "CREATE TABLE public.t3 (id bigint PRIMARY KEY,", "CREATE TABLE public.t3 (id bigint PRIMARY KEY, extra int,", 1))
	// A column of an untouched table that the copy lacks would be a
	// failure of the shortcut: the full copy must be tried before the
	// plan is blamed. t1.name exists on the target.
	f.plan.Statements = append(f.plan.Statements,
		plan.Statement{SQL: "ALTER TABLE public.t1 RENAME COLUMN name TO label", Comment: "rename t1.name", Transactional: true},
		plan.Statement{SQL: "ALTER TABLE public.t3 ADD COLUMN extra int", Comment: "add extra again", Transactional: true})
	_, err := f.run(t)
	var se *rehearsal.StatementError
	if !errors.As(err, &se) || se.Index != len(f.plan.Statements)-1 {
		t.Fatalf("rehearsal = %v, want the last statement to fail", err)
	}
	if want := `(add extra again) failed in the dev database: column "extra" of relation "t3" already exists (SQLSTATE 42701)`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
}

// TestDifference: a plan that runs without an error but leaves out a
// change fails the rehearsal with the statements still needed.
func TestDifference(t *testing.T) {
	t.Parallel()
	base := chain(4)
	f := prepare(t, base, strings.Replace(base, "CREATE TABLE public.t2 (id bigint PRIMARY KEY,", "CREATE TABLE public.t2 (id bigint PRIMARY KEY, a int, b int,", 1))
	f.plan.Statements = f.plan.Statements[:len(f.plan.Statements)-1]
	_, err := f.run(t)
	var de *rehearsal.DifferenceError
	if !errors.As(err, &de) || len(de.Remaining.Statements) != 1 || de.Remaining.Statements[0].SQL != "ALTER TABLE public.t2 ADD COLUMN b integer" {
		t.Fatalf("rehearsal = %v, want the one statement left out", err)
	}
}

// TestBaseFails: a target whose schema the dev database cannot create
// (a type of a schema the plan does not manage) stops the rehearsal
// before any statement, as a *state.BaseError.
func TestBaseFails(t *testing.T) {
	t.Parallel()
	other := "CREATE SCHEMA other;\nCREATE TYPE other.mood AS ENUM ('ok');\n"
	f := prepare(t, other+"CREATE TABLE public.t (id int, m other.mood);\n", other+"CREATE TABLE public.t (id int, m other.mood, x int);\n")
	_, err := f.run(t)
	var be *state.BaseError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), `schema "other" does not exist`) {
		t.Fatalf("rehearsal = %v, want a BaseError about other.mood", err)
	}
}
