package deploy_test

import (
	"bytes"
	"context"
	"database/sql"
	"hash/crc32"
	"strings"
	"sync"
	"testing"
	"time"

	gomigratedb "github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3/lock"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// TestConcurrentApply starts two runs together: the advisory lock lets one
// apply everything and the other find nothing to do. A migration applied
// twice would fail (CREATE TABLE of an existing table).
func TestConcurrentApply(t *testing.T) {
	t.Parallel()
	for _, format := range []migrate.Format{migrate.FormatSQLx, migrate.FormatDbmate} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			url := pgtest.New(t)
			files := sqlxFiles
			if format == migrate.FormatDbmate {
				files = dbmateFiles
			}
			d := writeDir(t, format, files)
			conns := []*pgx.Conn{connect(t, url), connect(t, url)}
			var wg sync.WaitGroup
			results := make([]*deploy.Result, 2)
			errs := make([]error, 2)
			start := make(chan struct{})
			for i := range conns {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					results[i], errs[i] = deploy.Apply(context.Background(), conns[i], d, deploy.Options{})
				}()
			}
			close(start)
			wg.Wait()
			total := 0
			for i := range errs {
				if errs[i] != nil {
					t.Fatalf("run %d: %v", i, errs[i])
				}
				total += len(results[i].Applied)
			}
			if total != len(d.Files) {
				t.Errorf("the two runs applied %d migrations together, want %d", total, len(d.Files))
			}
			st, err := deploy.ReadStatus(context.Background(), conns[0], d)
			if err != nil || st.Count(deploy.Applied) != len(d.Files) {
				t.Errorf("after both runs: %v applied, %v", st.Count(deploy.Applied), err)
			}
		})
	}
}

// waitForAdvisoryWait waits until apply says it waits for the advisory
// lock. It polls; it asserts nothing about time.
func waitForAdvisoryWait(t *testing.T, stderr *syncBuffer, done <-chan struct{}, err *error) {
	t.Helper()
	for range 3000 {
		if strings.Contains(stderr.String(), "schemactl: waiting for advisory lock") {
			return
		}
		select {
		case <-done:
			t.Fatalf("apply finished without waiting for the runner's lock: %v", *err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("apply never waited for the runner's advisory lock")
}

// TestRunnerLocksExclude holds each runner's own lock, taken by the
// runner's own code where it is reachable here, and checks that
// schemactl waits for it.
func TestRunnerLocksExclude(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		format migrate.Format
		files  map[string]string
		// hold takes the runner's lock on the database at url and returns
		// its release.
		hold func(t *testing.T, url string) func()
	}{
		{migrate.FormatGoose, gooseFiles, func(t *testing.T, url string) func() {
			db, err := sql.Open("pgx", url)
			if err != nil {
				t.Fatal(err)
			}
			c, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			l, err := lock.NewPostgresSessionLocker()
			if err != nil {
				t.Fatal(err)
			}
			if err := l.SessionLock(ctx, c); err != nil {
				t.Fatal(err)
			}
			return func() { l.SessionUnlock(ctx, c); c.Close(); db.Close() }
		}},
		{migrate.FormatGolangMigrate, golangMigrateFiles, func(t *testing.T, url string) func() {
			drv, err := gomigratedb.Open("pgx5" + strings.TrimPrefix(url, "postgres"))
			if err != nil {
				t.Fatal(err)
			}
			if err := drv.Lock(); err != nil {
				t.Fatal(err)
			}
			return func() { drv.Unlock(); drv.Close() }
		}},
		// sqlx's CLI is not reachable here: its key, 0x3d32ad9e times the
		// CRC-32 of the database name (sqlx-postgres/src/migrate.rs), is
		// computed in the test and held with pg_advisory_lock as sqlx does.
		{migrate.FormatSQLx, sqlxFiles, func(t *testing.T, url string) func() {
			c := connect(t, url)
			var name string
			if err := c.QueryRow(ctx, "SELECT current_database()").Scan(&name); err != nil {
				t.Fatal(err)
			}
			key := int64(0x3d32ad9e) * int64(crc32.ChecksumIEEE([]byte(name)))
			if _, err := c.Exec(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
				t.Fatal(err)
			}
			return func() { c.Exec(ctx, "SELECT pg_advisory_unlock($1)", key) }
		}},
	}
	for _, tc := range cases {
		t.Run(string(tc.format), func(t *testing.T) {
			t.Parallel()
			url := pgtest.New(t)
			d := writeDir(t, tc.format, tc.files)
			release := tc.hold(t, url)
			conn := connect(t, url)
			var stderr syncBuffer
			done := make(chan struct{})
			var res *deploy.Result
			var err error
			go func() {
				defer close(done)
				res, err = deploy.Apply(ctx, conn, d, deploy.Options{Stderr: &stderr})
			}()
			waitForAdvisoryWait(t, &stderr, done, &err)
			release()
			<-done
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			if len(res.Applied) != len(d.Files) {
				t.Errorf("applied %d of %d", len(res.Applied), len(d.Files))
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines, with a hook called on each write.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	onWrite func(string)
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	n, err := s.b.Write(p)
	hook := s.onWrite
	s.mu.Unlock()
	if hook != nil {
		hook(string(p))
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLockTimeoutRetry blocks a migration's statement behind another
// session's lock: lock_timeout cancels it, and it is retried as
// configured. The other session lets go when the first retry is
// announced, so the retry succeeds; with the lock kept, the retries run
// out and the file fails with 55P03, leaving no row.
func TestLockTimeoutRetry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	files := map[string]string{
		"1_users.sql":  "CREATE TABLE users (id int);\n",
		"2_column.sql": "CREATE TABLE other (id int);\nALTER TABLE users ADD COLUMN name text;\n",
	}
	for _, release := range []bool{true, false} {
		name := "released"
		if !release {
			name = "kept"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			url := pgtest.New(t)
			d := writeDir(t, migrate.FormatSQLx, files)
			conn := connect(t, url)
			if _, out, _, err := applyAll(t, conn, d, deploy.Options{ToVersion: "1"}); err != nil {
				t.Fatalf("apply 1: %v\n%s", err, out)
			}
			blocker := connect(t, url)
			tx, err := blocker.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ctx, "LOCK TABLE users IN ACCESS EXCLUSIVE MODE"); err != nil {
				t.Fatal(err)
			}
			var once sync.Once
			stderr := &syncBuffer{}
			if release {
				stderr.onWrite = func(s string) {
					if strings.Contains(s, "retry 1 of 3") {
						once.Do(func() { tx.Rollback(ctx) })
					}
				}
			}
			var stdout bytes.Buffer
			_, err = deploy.Apply(ctx, conn, d, deploy.Options{LockTimeout: 20 * time.Millisecond, Retries: 3, Backoff: time.Millisecond, Stdout: &stdout, Stderr: stderr})
			if !release {
				tx.Rollback(ctx)
			}
			msg := "2_column.sql:2:1: lock timeout (SQLSTATE 55P03)"
			if !strings.Contains(stderr.String(), msg) || !strings.Contains(stderr.String(), "retry 1 of 3") {
				t.Errorf("stderr lacks %q and the retry:\n%s", msg, stderr.String())
			}
			if release {
				if err != nil {
					t.Fatalf("apply: %v\n%s", err, stdout.String())
				}
				wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Applied})
				if !tableExists(t, conn, "other") {
					t.Error("the statement before the retried one was lost")
				}
				return
			}
			if err == nil || !deploy.IsLockTimeout(err) || !strings.Contains(stderr.String(), "retry 3 of 3") {
				t.Fatalf("apply with the lock kept = %v, want a lock timeout after 3 retries\n%s", err, stderr.String())
			}
			wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Pending})
			if tableExists(t, conn, "other") {
				t.Error("the failed file's transaction was not rolled back")
			}
		})
	}
}
