package apply_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestRunScriptModes runs the same scripts in each transaction mode and
// checks what PostgreSQL accepted, what it left behind after a failure,
// and where the error points.
func TestRunScriptModes(t *testing.T) {
	const concurrent = "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n"
	const failing = "CREATE TABLE t (a int);\nCREATE TABLE u (a int);\nALTER TABLE t ADD COLUMN a int;\n"
	tests := []struct {
		name   string
		mode   apply.TxMode
		sql    string
		want   string   // in the error; "" for success
		tables []string // the tables that exist afterwards
	}{
		{"batched runs a concurrent build alone", apply.Batched, concurrent, "", []string{"t"}},
		{"one transaction refuses a concurrent build beside others", apply.OneTransaction, concurrent,
			"s.sql:2:1: error: PostgreSQL rejected the statement: CREATE INDEX CONCURRENTLY cannot run inside a transaction block", nil},
		{"one transaction runs a lone concurrent build", apply.OneTransaction, "CREATE INDEX CONCURRENTLY t_a ON pre (a);\n", "", nil},
		{"in a transaction, even a lone concurrent build fails", apply.InTransaction, "\nCREATE INDEX CONCURRENTLY t_a ON pre (a);\n",
			"s.sql:2:1: error: PostgreSQL rejected the statement: CREATE INDEX CONCURRENTLY cannot run inside a transaction block", nil},
		{"autocommit keeps what ran before the failure", apply.Autocommit, failing, "s.sql:3:1", []string{"t", "u"}},
		{"one transaction leaves nothing behind", apply.OneTransaction, failing, "s.sql:3:1", nil},
		{"in a transaction leaves nothing behind", apply.InTransaction, failing,
			`s.sql:3:1: error: PostgreSQL rejected the statement: column "a" of relation "t" already exists`, nil},
		{"in a transaction commits", apply.InTransaction, "CREATE TABLE t (a int);\nCREATE TABLE u (a int);\n", "", []string{"t", "u"}},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := pgx.Connect(ctx, pgtest.New(t))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			if _, err := conn.Exec(ctx, "CREATE TABLE pre (a int)"); err != nil {
				t.Fatal(err)
			}
			err = apply.RunScript(ctx, conn, apply.Script{Name: "s.sql", SQL: tt.sql, Mode: tt.mode})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("RunScript: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("RunScript error = %v, want one containing %q", err, tt.want)
			}
			if ae := new(apply.Error); tt.want != "" && !errors.As(err, &ae) {
				t.Errorf("error %T is not an *apply.Error", err)
			}
			var tables []string
			if err := conn.QueryRow(ctx, "SELECT coalesce(array_agg(relname ORDER BY relname), '{}') FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'pre'").Scan(&tables); err != nil {
				t.Fatal(err)
			}
			if strings.Join(tables, ",") != strings.Join(tt.tables, ",") {
				t.Errorf("tables afterwards: %v, want %v", tables, tt.tables)
			}
			// No transaction is left open on the connection.
			if st := conn.PgConn().TxStatus(); st != 'I' {
				t.Errorf("transaction status after RunScript: %c, want I (idle)", st)
			}
		})
	}
}
