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
// the session, and the table is as the runner would leave it (see
// checkAfterKill).
func TestSIGKILLedRun(t *testing.T) {
	t.Parallel()
	for _, tc := range killCases {
		t.Run(string(tc.format), func(t *testing.T) {
			t.Parallel()
			url := pgtest.New(t)
			d := writeDir(t, tc.format, tc.files)
			holder, release := holdBlocker(t, url)
			child := exec.Command(os.Args[0], "-test.run=^$")
			child.Env = append(os.Environ(), childEnv+"=1", "SCHEMACTL_TEST_APPLY_URL="+url,
				"SCHEMACTL_TEST_APPLY_DIR="+d.Path, "SCHEMACTL_TEST_APPLY_FORMAT="+string(tc.format))
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- child.Wait() }()
			pid := waitBlocked(t, holder, exited)
			if err := child.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			var exit *exec.ExitError
			if err := <-exited; !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the child ended with %v, not by SIGKILL", err)
			}
			// Let the orphaned session have its lock; it then finds its
			// client gone and ends, rolling back.
			release()
			for gone := false; !gone; time.Sleep(10 * time.Millisecond) {
				if err := holder.QueryRow(context.Background(), "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)", pid).Scan(&gone); err != nil {
					t.Fatal(err)
				}
			}
			checkAfterKill(t, url, d, tc.want)
		})
	}
}
