package deploy_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(applyChild())
	}
	os.Exit(pgtest.Main(m))
}

// writeDir writes files into a new directory and reads it in format.
func writeDir(t *testing.T, format migrate.Format, files map[string]string) *migrate.Dir {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "migrations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return readDir(t, dir, format)
}

func readDir(t *testing.T, dir string, format migrate.Format) *migrate.Dir {
	t.Helper()
	d, err := migrate.ReadDir(dir, format)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func connectB(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// applyAll runs deploy.Apply and returns its output.
func applyAll(t *testing.T, conn *pgx.Conn, d *migrate.Dir, opts deploy.Options) (*deploy.Result, string, string, error) {
	t.Helper()
	var out, errw bytes.Buffer
	opts.Stdout, opts.Stderr = &out, &errw
	res, err := deploy.Apply(context.Background(), conn, d, opts)
	return res, out.String(), errw.String(), err
}

// states returns the state of every entry of the status of d on conn, by
// version.
func states(t *testing.T, conn *pgx.Conn, d *migrate.Dir) map[string]deploy.State {
	t.Helper()
	st, err := deploy.ReadStatus(context.Background(), conn, d)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]deploy.State{}
	for _, e := range st.Entries {
		out[e.Version] = e.State
	}
	return out
}

func wantStates(t *testing.T, got map[string]deploy.State, want map[string]deploy.State) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("states = %v, want %v", got, want)
		return
	}
	for v, s := range want {
		if got[v] != s {
			t.Errorf("states = %v, want %v", got, want)
			return
		}
	}
}

func tableExists(t *testing.T, conn *pgx.Conn, name string) bool {
	t.Helper()
	var ok bool
	if err := conn.QueryRow(context.Background(), "SELECT to_regclass($1) IS NOT NULL", name).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}
