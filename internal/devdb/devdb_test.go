package devdb_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestOpenLocal starts a throwaway server, uses it and checks that Close
// removes every trace of it.
func TestOpenLocal(t *testing.T) {
	ctx := context.Background()
	db, err := devdb.Open(ctx, "")
	if errors.Is(err, devdb.ErrNoPostgres) && os.Getenv("SCHEMACTL_TEST_REQUIRE_DB") != "1" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	scratch, _, err := db.Scratch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, scratch, "CREATE TABLE t (id int)")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := pgx.Connect(ctx, scratch); err == nil {
		t.Fatal("server still accepts connections after Close")
	}
}

// TestOpenNamedServer creates and drops a scratch database on a server
// given by URL, as --dev-url does.
func TestOpenNamedServer(t *testing.T) {
	admin := pgtest.AdminURL(t)
	ctx := context.Background()
	db, err := devdb.Open(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	// The first is dropped at once, the second is left to Close.
	for i := range 2 {
		scratch, drop, err := db.Scratch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, scratch, "CREATE TABLE t (id int)")
		if i == 0 {
			drop()
			if _, err := pgx.Connect(ctx, scratch); err == nil {
				t.Fatal("a dropped scratch database still accepts connections")
			}
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemactl_dev_%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d scratch databases left behind", n)
	}
}

func exec(t *testing.T, url, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}
