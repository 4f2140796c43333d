package plan_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// modelCmp compares realms, ignoring the back-references that Link sets.
var modelCmp = cmp.Options{
	cmpopts.IgnoreFields(schema.Schema{}, "Realm"),
	cmpopts.IgnoreFields(schema.Table{}, "Schema"),
	cmpopts.IgnoreFields(schema.Column{}, "Table"),
	cmpopts.IgnoreFields(schema.Key{}, "Table"),
	cmpopts.IgnoreFields(schema.Index{}, "Table"),
	cmpopts.IgnoreFields(schema.ForeignKey{}, "Table"),
	cmpopts.IgnoreFields(schema.Exclude{}, "Table"),
	cmpopts.IgnoreFields(schema.Enum{}, "Schema"),
	cmpopts.IgnoreFields(schema.Domain{}, "Schema"),
	cmpopts.IgnoreFields(schema.Composite{}, "Schema"),
	cmpopts.IgnoreFields(schema.Sequence{}, "Schema"),
	cmpopts.IgnoreFields(schema.Function{}, "Schema"),
	cmpopts.EquateEmpty(),
}

// connect opens a connection to url, closed when t ends.
func connect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// dumpSQL returns the derived dump of r.
func dumpSQL(t testing.TB, r *schema.Realm) string {
	t.Helper()
	var buf bytes.Buffer
	if err := plan.Dump(r, &buf); err != nil {
		t.Fatalf("dump: %v", err)
	}
	return buf.String()
}

// execScript runs a dump: statements separated by ";\n" (the dump ends
// every statement that way and never puts it inside one).
func execScript(t testing.TB, conn *pgx.Conn, script, what string) {
	t.Helper()
	// Split by PostgreSQL's parser: BEGIN ATOMIC bodies hold semicolons.
	stmts, err := effect.Parse(script)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, st := range stmts {
		stmt := st.SQL
		if _, err := conn.Exec(context.Background(), stmt); err != nil {
			t.Fatalf("%s: %v\nin statement:\n%s\n\nwhole script:\n%s", what, err, stmt, script)
		}
	}
}

// applyPlan runs a plan the way `schemactl apply` does: each run of
// transactional statements in one transaction, the others alone. A
// statement marked transactional that PostgreSQL refuses in a transaction
// block fails here, so the flags are checked too.
func applyPlan(t testing.TB, conn *pgx.Conn, p *plan.Plan, text string) {
	t.Helper()
	ctx := context.Background()
	var tx pgx.Tx
	commit := func() {
		if tx != nil {
			if err := tx.Commit(ctx); err != nil {
				t.Fatalf("commit: %v\nplan:\n%s", err, text)
			}
			tx = nil
		}
	}
	for _, s := range p.Statements {
		if !s.Transactional {
			commit()
			if _, err := conn.Exec(ctx, s.SQL); err != nil {
				t.Fatalf("apply %q: %v\nplan:\n%s", s.SQL, err, text)
			}
			continue
		}
		if tx == nil {
			var err error
			if tx, err = conn.Begin(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tx.Exec(ctx, s.SQL); err != nil {
			t.Fatalf("apply %q: %v\nplan:\n%s", s.SQL, err, text)
		}
	}
	commit()
}

func inspectRealm(t testing.TB, conn *pgx.Conn) *schema.Realm {
	t.Helper()
	r, _, err := inspect.Realm(context.Background(), conn, inspect.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return r
}

// describe prints changes one a line, for failure messages.
func describe(changes []diff.Change) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "  %T %s\n", c, changeText(c))
	}
	return b.String()
}

func changeText(c diff.Change) string {
	switch c := c.(type) {
	case *diff.AlterTable:
		var parts []string
		for _, sc := range c.Changes {
			parts = append(parts, fmt.Sprintf("%T %s", sc, changeText(sc)))
		}
		return c.To.QualifiedName().String() + ": " + strings.Join(parts, "; ")
	case *diff.AlterColumn:
		return fmt.Sprintf("%s %s: %+v -> %+v", c.To.Name, c.What, *c.From, *c.To)
	case *diff.CommentOn:
		return fmt.Sprintf("%s = %q", c.Object, c.Comment)
	}
	return fmt.Sprintf("%+v", c)
}

// TestPlansApply is the convergence check of every plan case on a real
// PostgreSQL: database A gets the dump of from.hcl, then the plan, printed
// by WriteSQL and run with `psql -v ON_ERROR_STOP=1 -f`; database B gets the
// dump of to.hcl. Inspected, A and B must have no difference, so that a
// second diff is empty. It also checks that every generated statement
// runs, in the transaction grouping its flags give.
func TestPlansApply(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			text, p := c.planText()
			if p == nil {
				return // a case whose want.sql is an error: TestPlans checks it
			}
			urlA := pgtest.New(t)
			a := connect(t, urlA)
			b := connect(t, pgtest.New(t))
			if c.from != nil {
				execScript(t, a, dumpSQL(t, c.from), "dump of from.hcl")
			}
			// The plan was made from the realm of the HCL, which is not
			// canonical; plan again from the database's own realm, as
			// `schemactl diff` does, and apply that.
			ra := inspectRealm(t, a)
			execScript(t, b, dumpSQL(t, c.to), "dump of to.hcl")
			rb := inspectRealm(t, b)
			changes, err := diff.Realms(ra, rb, diff.Options{Schemas: c.schemas})
			if err != nil {
				t.Fatalf("diff of the inspected databases: %v", err)
			}
			live, err := plan.Build(changes, plan.Options{From: ra})
			if err != nil {
				t.Fatalf("plan of the inspected databases: %v", err)
			}
			var buf bytes.Buffer
			if err := live.WriteSQL(&buf); err != nil {
				t.Fatal(err)
			}
			if psql, err := exec.LookPath("psql"); err == nil {
				// The printed plan runs as it is with psql, which also
				// proves its BEGIN/COMMIT grouping: CREATE INDEX
				// CONCURRENTLY inside BEGIN would fail.
				cmd := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-", urlA)
				cmd.Stdin = strings.NewReader(buf.String())
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("psql -v ON_ERROR_STOP=1 -f plan.sql: %v\n%s\nplan:\n%s", err, out, buf.String())
				}
			} else {
				t.Logf("no psql on PATH: applying statement by statement")
				applyPlan(t, a, live, buf.String())
			}

			after := inspectRealm(t, a)
			left, err := diff.Realms(after, rb, diff.Options{Schemas: c.schemas})
			if err != nil {
				t.Fatal(err)
			}
			if len(left) > 0 {
				t.Errorf("after the plan, the database still differs from to.hcl:\n%s\nplan applied:\n%s\nplan from the HCL:\n%s", describe(left), buf.String(), text)
			}
		})
	}
}

// TestDumpRoundTrip dumps the inspected realm of every case's to.hcl and
// applies it to an empty database: the inspected result must equal the
// realm that was dumped, and dumping it again must give the same bytes.
func TestDumpRoundTrip(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if _, p := c.planText(); p == nil {
				return
			}
			a := connect(t, pgtest.New(t))
			execScript(t, a, dumpSQL(t, c.to), "dump of to.hcl")
			ra := inspectRealm(t, a)
			first := dumpSQL(t, ra)

			b := connect(t, pgtest.New(t))
			execScript(t, b, first, "dump of the inspected realm")
			rb := inspectRealm(t, b)
			if changes, err := diff.Realms(ra, rb, diff.Options{}); err != nil || len(changes) > 0 {
				t.Errorf("dump → apply → inspect differs from the dumped realm (err %v):\n%s\ndump:\n%s", err, describe(changes), first)
			}
			if d := cmp.Diff(ra, rb, modelCmp); d != "" {
				t.Errorf("dump → apply → inspect is not equal to the dumped realm (-dumped +inspected):\n%s", d)
			}
			if second := dumpSQL(t, rb); second != first {
				t.Errorf("the dump of the round-tripped realm differs:\nfirst:\n%s\nsecond:\n%s", first, second)
			}
		})
	}
}
