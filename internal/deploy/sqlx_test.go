package deploy_test

import (
	"context"
	"crypto/sha512"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

var sqlxFiles = map[string]string{
	"20240101000000_create_users.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
	"20240102000000_add_name.sql":      "ALTER TABLE users ADD COLUMN name text;\nCREATE TABLE teams (id int);\n",
	"20240103000000_index_email.sql":   "-- no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n",
	"20240104000000_comment_users.sql": "COMMENT ON TABLE users IS 'people';\n",
}

// TestSQLxTable applies a directory and checks _sqlx_migrations against
// sqlx's documented layout, with SHA-384 checksums computed here from the
// files' bytes.
func TestSQLxTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.New(t))
	d := writeDir(t, migrate.FormatSQLx, sqlxFiles)

	res, out, _, err := applyAll(t, conn, d, deploy.Options{})
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if len(res.Applied) != 4 || res.Statements != 5 {
		t.Errorf("applied %d files, %d statements; want 4, 5\n%s", len(res.Applied), res.Statements, out)
	}
	for _, want := range []string{"20240103000000_index_email.sql (as one query string)", "2:1 CREATE INDEX CONCURRENTLY users_email ON users (email)", "applied 4 migration(s), 5 statement(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	rows, err := conn.Query(ctx, `SELECT version, description, success, checksum, execution_time, installed_on <= now() FROM _sqlx_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names := []string{"20240101000000_create_users.sql", "20240102000000_add_name.sql", "20240103000000_index_email.sql", "20240104000000_comment_users.sql"}
	descs := []string{"create users", "add name", "index email", "comment users"}
	i := 0
	for rows.Next() {
		var version, ns int64
		var desc string
		var success, past bool
		var sum []byte
		if err := rows.Scan(&version, &desc, &success, &sum, &ns, &past); err != nil {
			t.Fatal(err)
		}
		want := sha512.Sum384([]byte(sqlxFiles[names[i]]))
		wantVersion := []int64{20240101000000, 20240102000000, 20240103000000, 20240104000000}[i]
		if version != wantVersion || desc != descs[i] || !success || string(sum) != string(want[:]) || ns <= 0 || !past {
			t.Errorf("row %d = (%d, %q, %t, %x, %d, %t), want (%d, %q, true, %x, > 0, true)", i, version, desc, success, sum, ns, past, wantVersion, descs[i], want)
		}
		i++
	}
	if i != 4 {
		t.Fatalf("%d rows, want 4", i)
	}
	st, err := deploy.ReadStatus(ctx, conn, d)
	if err != nil {
		t.Fatal(err)
	}
	if st.ExitCode() != deploy.ExitUpToDate || st.Count(deploy.Applied) != 4 {
		t.Errorf("status exit %d with %d applied, want 0 with 4", st.ExitCode(), st.Count(deploy.Applied))
	}
	for _, e := range st.Entries {
		if e.AppliedAt.IsZero() || e.Duration <= 0 {
			t.Errorf("entry %s: applied at %v in %v, want both known", e.Version, e.AppliedAt, e.Duration)
		}
	}
	// A second run has nothing to do.
	if _, out, _, err := applyAll(t, conn, d, deploy.Options{}); err != nil || !strings.Contains(out, "nothing to apply") {
		t.Errorf("second apply: %v\n%s", err, out)
	}
}

// TestSQLxStatusStates edits, removes and adds files after an apply and
// checks what status says and that apply refuses as sqlx does.
func TestSQLxStatusStates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.New(t))
	d := writeDir(t, migrate.FormatSQLx, sqlxFiles)
	if _, out, _, err := applyAll(t, conn, d, deploy.Options{ToVersion: "20240102000000"}); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	wantStates(t, states(t, conn, d), map[string]deploy.State{
		"20240101000000": deploy.Applied, "20240102000000": deploy.Applied,
		"20240103000000": deploy.Pending, "20240104000000": deploy.Pending,
	})
	st, _ := deploy.ReadStatus(ctx, conn, d)
	if st.ExitCode() != deploy.ExitPending {
		t.Errorf("exit code %d with pending migrations, want 2", st.ExitCode())
	}

	// Edit an applied file, remove another: both are problems.
	if err := os.WriteFile(filepath.Join(d.Path, "20240102000000_add_name.sql"), []byte("ALTER TABLE users ADD COLUMN name varchar;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(d.Path, "20240101000000_create_users.sql")); err != nil {
		t.Fatal(err)
	}
	d2 := readDir(t, d.Path, migrate.FormatSQLx)
	wantStates(t, states(t, conn, d2), map[string]deploy.State{
		"20240101000000": deploy.Missing, "20240102000000": deploy.Edited,
		"20240103000000": deploy.Pending, "20240104000000": deploy.Pending,
	})
	st, _ = deploy.ReadStatus(ctx, conn, d2)
	if st.ExitCode() != deploy.ExitProblem {
		t.Errorf("exit code %d with an edited file, want 1", st.ExitCode())
	}
	_, _, _, err := applyAll(t, conn, d2, deploy.Options{})
	var refused *deploy.RefusedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "20240102000000_add_name.sql was applied and has been edited since") ||
		!strings.Contains(err.Error(), "version 20240101000000 is applied but no file") {
		t.Fatalf("apply over an edited file: %v, want a refusal naming both", err)
	}
	if tableExists(t, conn, "users_email") {
		t.Error("a refused apply ran a migration")
	}
}

// TestSQLxFailure checks that a failing transactional file leaves no row
// and no change, with an error at its file, line and column, and that a
// failing no-transaction file leaves no row either (sqlx writes it after).
func TestSQLxFailure(t *testing.T) {
	t.Parallel()
	conn := connect(t, pgtest.New(t))
	d := writeDir(t, migrate.FormatSQLx, map[string]string{
		"1_a.sql": "CREATE TABLE a (id int);\n",
		"2_b.sql": "CREATE TABLE b (id int);\n\nALTER TABLE b ADD COLUMN  id int;\n",
		"3_c.sql": "CREATE TABLE c (id int);\n",
	})
	res, out, _, err := applyAll(t, conn, d, deploy.Options{})
	var ae *apply.Error
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "2_b.sql:3:1: error: PostgreSQL rejected the statement: column \"id\" of relation \"b\" already exists") {
		t.Fatalf("apply error = %v, want one at 2_b.sql:3:1\n%s", err, out)
	}
	if !strings.Contains(err.Error(), "records 2_b.sql as pending") {
		t.Errorf("error does not say how the table was left: %v", err)
	}
	if len(res.Applied) != 1 || tableExists(t, conn, "b") || tableExists(t, conn, "c") {
		t.Errorf("applied %v; table b or c exists after the failure of 2_b.sql", res.Applied)
	}
	wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Pending, "3": deploy.Pending})
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM _sqlx_migrations").Scan(&n); err != nil || n != 1 {
		t.Errorf("_sqlx_migrations has %d rows (%v), want 1", n, err)
	}
}
