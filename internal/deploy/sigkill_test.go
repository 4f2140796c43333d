package deploy_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// childEnv makes the test binary a migrate apply process (see applyChild)
// instead of running tests.
const childEnv = "SCHEMACTL_TEST_APPLY_CHILD"

// applyChild applies the directory of $SCHEMACTL_TEST_APPLY_DIR (format
// $SCHEMACTL_TEST_APPLY_FORMAT) to $SCHEMACTL_TEST_APPLY_URL as migrate
// apply does, in a process of its own that a test can SIGKILL.
func applyChild() int {
	ctx := context.Background()
	d, err := migrate.ReadDir(os.Getenv("SCHEMACTL_TEST_APPLY_DIR"), migrate.Format(os.Getenv("SCHEMACTL_TEST_APPLY_FORMAT")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	conn, err := pgx.Connect(ctx, os.Getenv("SCHEMACTL_TEST_APPLY_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := deploy.Apply(ctx, conn, d, deploy.Options{Stdout: os.Stdout, Stderr: os.Stderr}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestSIGKILLedRun kills, with SIGKILL, a process that applies a directory
// while it is in the middle of a file (its second statement waits on a
// lock another session holds). The server learns of it only when the
// statement gets its lock and the session finds its client gone; then the
// file's transaction is rolled back and the advisory lock released with
// the session. What is left is what the runner leaves: for sqlx and goose
// no row for the file, which the next run applies (goose's own provider
// sees it pending first); for golang-migrate the version dirty, which
// golang-migrate and schemactl both refuse until someone looks.
func TestSIGKILLedRun(t *testing.T) {
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
		{migrate.FormatGoose, map[string]string{
			"1_users.sql": "-- +goose Up\nCREATE TABLE users (id int);\n",
			"2_block.sql": "-- +goose Up\nCREATE TABLE teams (id int);\nLOCK TABLE blocker;\n",
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
			child := exec.Command(os.Args[0], "-test.run=^$")
			child.Env = append(os.Environ(), childEnv+"=1", "SCHEMACTL_TEST_APPLY_URL="+url,
				"SCHEMACTL_TEST_APPLY_DIR="+d.Path, "SCHEMACTL_TEST_APPLY_FORMAT="+string(tc.format))
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- child.Wait() }()
			// Wait (polling, no timed assertion) until the child's session
			// waits for blocker, mid-file.
			var pid int32
			for pid == 0 {
				err := holder.QueryRow(ctx, "SELECT coalesce(max(pid), 0) FROM pg_locks WHERE NOT granted AND locktype = 'relation' AND relation = 'blocker'::regclass").Scan(&pid)
				if err != nil {
					t.Fatal(err)
				}
				select {
				case err := <-exited:
					t.Fatalf("the child ended before it blocked: %v", err)
				case <-time.After(10 * time.Millisecond):
				}
			}
			if err := child.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			var exit *exec.ExitError
			if err := <-exited; !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the child ended with %v, not by SIGKILL", err)
			}
			// Let the orphaned session have its lock; it then finds its
			// client gone and ends, rolling back.
			tx.Rollback(ctx)
			for gone := false; !gone; {
				if err := holder.QueryRow(ctx, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)", pid).Scan(&gone); err != nil {
					t.Fatal(err)
				}
				time.Sleep(10 * time.Millisecond)
			}

			conn := connect(t, url)
			wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": tc.want})
			if tableExists(t, conn, "teams") {
				t.Error("the killed file's transaction was committed")
			}
			if tc.format == migrate.FormatGoose {
				if got := gooseApplied(t, gooseProvider(t, url, d)); len(got) != 1 || got[0] != 1 {
					t.Errorf("goose sees %v applied after the kill, want [1]", got)
				}
			}
			_, out, _, err := applyAll(t, conn, d, deploy.Options{})
			if tc.format == migrate.FormatGolangMigrate {
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
			if tc.format == migrate.FormatGoose {
				if got := gooseApplied(t, gooseProvider(t, url, d)); len(got) != 2 {
					t.Errorf("goose sees %v applied after the next run, want [1 2]", got)
				}
			}
		})
	}
}
