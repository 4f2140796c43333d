package deploy_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// TestKilledRun drops the connection of a run in the middle of a file (as
// a SIGKILL of schemactl does, seen from the server): the file's
// transaction is gone, the advisory lock with it, and the table is as the
// runner would leave it: sqlx has no row and the next run applies the file;
// golang-migrate is dirty, which both golang-migrate and schemactl refuse.
func TestKilledRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		format migrate.Format
		files  map[string]string
		want   deploy.State
	}{
		{migrate.FormatSQLx, map[string]string{
			"1_users.sql": "CREATE TABLE users (id int);\n",
			"2_block.sql": "CREATE TABLE teams (id int);\nLOCK TABLE blocker;\n",
		}, deploy.Pending},
		{migrate.FormatGolangMigrate, map[string]string{
			"1_users.up.sql": "CREATE TABLE users (id int);\n",
			"2_block.up.sql": "CREATE TABLE teams (id int);\nLOCK TABLE blocker;\n",
		}, deploy.Dirty},
	}
	for _, tc := range cases {
		t.Run(string(tc.format), func(t *testing.T) {
			t.Parallel()
			url := pgtest.New(t)
			d := writeDir(t, tc.format, tc.files)
			holder := connect(t, url)
			if _, err := holder.Exec(ctx, "CREATE TABLE blocker (id int)"); err != nil {
				t.Fatal(err)
			}
			tx, err := holder.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, "LOCK TABLE blocker IN ACCESS EXCLUSIVE MODE"); err != nil {
				t.Fatal(err)
			}
			victim := connect(t, url)
			var pid int32
			if err := victim.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := deploy.Apply(ctx, victim, d, deploy.Options{})
				done <- err
			}()
			// Wait (polling, no timed assertion) until the run is blocked
			// in 2's LOCK, then kill its session.
			for waiting := false; !waiting; {
				if err := holder.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted AND locktype = 'relation')", pid).Scan(&waiting); err != nil {
					t.Fatal(err)
				}
				select {
				case err := <-done:
					t.Fatalf("apply ended before it blocked: %v", err)
				case <-time.After(10 * time.Millisecond):
				}
			}
			if _, err := holder.Exec(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err == nil {
				t.Fatal("apply succeeded on a killed connection")
			}
			tx.Rollback(ctx)

			conn := connect(t, url)
			wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": tc.want})
			if tableExists(t, conn, "teams") {
				t.Error("the killed file's transaction was committed")
			}
			_, out, _, err := applyAll(t, conn, d, deploy.Options{})
			switch tc.format {
			case migrate.FormatSQLx:
				if err != nil {
					t.Fatalf("the next run: %v\n%s", err, out)
				}
				wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Applied})
			case migrate.FormatGolangMigrate:
				var refused *deploy.RefusedError
				if !errors.As(err, &refused) {
					t.Errorf("the next run over a dirty version = %v, want a refusal", err)
				}
				m := golangMigrate(t, url, d)
				if v, dirty, err := m.Version(); err != nil || v != 2 || !dirty {
					t.Errorf("golang-migrate version = %d, dirty %t, %v; want 2, dirty", v, dirty, err)
				}
			}
		})
	}
}
