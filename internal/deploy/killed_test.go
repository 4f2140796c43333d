package deploy_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// killCases are directories whose second file blocks mid-file on table
// blocker (see holdBlocker), and the state each runner leaves that file in
// when the run dies there: sqlx and goose write their row in the file's
// transaction, golang-migrate sets the version dirty before the file.
var killCases = []struct {
	format migrate.Format
	files  map[string]string
	want   deploy.State
}{
	{migrate.FormatSQLx, map[string]string{
		"1_users.sql": "CREATE TABLE users (id int);\n",
		"2_block.sql": "CREATE TABLE teams (id int);\nLOCK TABLE blocker;\n",
	}, deploy.Pending},
	{migrate.FormatGoose, map[string]string{
		"1_users.sql": "-- +goose Up\nCREATE TABLE users (id int);\n",
		"2_block.sql": "-- +goose Up\nCREATE TABLE teams (id int);\nLOCK TABLE blocker;\n",
	}, deploy.Pending},
	{migrate.FormatGolangMigrate, map[string]string{
		"1_users.up.sql": "CREATE TABLE users (id int);\n",
		"2_block.up.sql": "CREATE TABLE teams (id int);\nLOCK TABLE blocker;\n",
	}, deploy.Dirty},
}

// holdBlocker creates table blocker at url and locks it from another
// session until release is called (or the test ends). It returns that
// session, to watch the run from.
func holdBlocker(t *testing.T, url string) (holder *pgx.Conn, release func()) {
	t.Helper()
	ctx := context.Background()
	holder = connect(t, url)
	if _, err := holder.Exec(ctx, "CREATE TABLE blocker (id int)"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE blocker IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	release = func() { tx.Rollback(ctx) }
	t.Cleanup(release)
	return holder, release
}

// waitBlocked waits (polling, no timed assertion) until a session waits
// for blocker and returns its pid; the run ending first (on done) fails t.
func waitBlocked(t *testing.T, holder *pgx.Conn, done <-chan error) int32 {
	t.Helper()
	for {
		var pid int32
		if err := holder.QueryRow(context.Background(), "SELECT coalesce(max(pid), 0) FROM pg_locks WHERE NOT granted AND locktype = 'relation' AND relation = 'blocker'::regclass").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if pid != 0 {
			return pid
		}
		select {
		case err := <-done:
			t.Fatalf("the run ended before it blocked: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// checkAfterKill checks what a run killed in the second file of d left,
// for schemactl and for the runner, and that the next run carries on as
// the runner would: sqlx and goose apply the file, golang-migrate and
// schemactl refuse its dirty version.
func checkAfterKill(t *testing.T, url string, d *migrate.Dir, want deploy.State) {
	t.Helper()
	conn := connect(t, url)
	wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": want})
	if tableExists(t, conn, "teams") {
		t.Error("the killed file's transaction was committed")
	}
	if d.Format == migrate.FormatGoose {
		if got := gooseApplied(t, gooseProvider(t, url, d)); len(got) != 1 || got[0] != 1 {
			t.Errorf("goose sees %v applied after the kill, want [1]", got)
		}
	}
	_, out, _, err := applyAll(t, conn, d, deploy.Options{})
	if d.Format == migrate.FormatGolangMigrate {
		var refused *deploy.RefusedError
		if !errors.As(err, &refused) {
			t.Errorf("the next run over a dirty version = %v, want a refusal", err)
		}
		m := golangMigrate(t, url, d)
		if v, dirty, err := m.Version(); err != nil || v != 2 || !dirty {
			t.Errorf("golang-migrate version = %d, dirty %t, %v; want 2, dirty", v, dirty, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("the next run: %v\n%s", err, out)
	}
	wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Applied})
	if d.Format == migrate.FormatGoose {
		if got := gooseApplied(t, gooseProvider(t, url, d)); len(got) != 2 {
			t.Errorf("goose sees %v applied after the next run, want [1 2]", got)
		}
	}
}

// TestKilledRun drops the connection of a run in the middle of a file
// (pg_terminate_backend, as the server sees a client that died): the
// file's transaction is gone, the advisory lock with it, and the table is
// as the runner would leave it (see checkAfterKill). TestSIGKILLedRun
// kills a real process.
func TestKilledRun(t *testing.T) {
	t.Parallel()
	for _, tc := range killCases {
		t.Run(string(tc.format), func(t *testing.T) {
			t.Parallel()
			url := pgtest.New(t)
			d := writeDir(t, tc.format, tc.files)
			holder, release := holdBlocker(t, url)
			victim := connect(t, url)
			done := make(chan error, 1)
			go func() {
				_, err := deploy.Apply(context.Background(), victim, d, deploy.Options{})
				done <- err
			}()
			pid := waitBlocked(t, holder, done)
			if _, err := holder.Exec(context.Background(), "SELECT pg_terminate_backend($1)", pid); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err == nil {
				t.Fatal("apply succeeded on a killed connection")
			}
			release()
			checkAfterKill(t, url, d, tc.want)
		})
	}
}
