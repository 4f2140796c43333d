package deploy

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/migrate"
)

// A Lock is the session-level advisory lock a run holds while it
// migrates: the runner's own key where the runner takes one, so that
// schemactl and the runner exclude each other as two runs of either do.
// Advisory locks are scoped to the database, as the runners' are.
type Lock struct {
	// Keys are taken in order (golang-migrate has two; see
	// migrate.Facts.LockKeys).
	Keys []int64
	// Own says the key is the runner's (false: schemactl's own, for a
	// runner that takes no lock); Source says where it comes from.
	Own    bool
	Source string
}

// LockFor returns the lock that runs of d's runner take on the database
// whose table is t.
func LockFor(facts *migrate.Facts, t *Table) Lock {
	return Lock{Keys: facts.LockKeys(t.Database, t.Schema), Own: facts.OwnLock, Source: facts.LockSource}
}

// acquire takes l on conn, waiting as long as it takes (as the runners
// do) and saying on stderr who holds it. It polls pg_try_advisory_lock
// rather than blocking in pg_advisory_lock, as goose and Flyway do: a
// session blocked in a statement holds a snapshot, and a CREATE INDEX
// CONCURRENTLY of the run that holds the lock waits for every such
// snapshot to go, so a blocking wait would deadlock with it. It must be
// taken before lock_timeout is set, which bounds advisory lock waits too.
func (l Lock) acquire(ctx context.Context, conn *pgx.Conn, stderr io.Writer) error {
	for _, k := range l.Keys {
		if err := l.acquireKey(ctx, conn, k, stderr); err != nil {
			l.release(context.WithoutCancel(ctx), conn)
			return err
		}
	}
	return nil
}

func (l Lock) acquireKey(ctx context.Context, conn *pgx.Conn, key int64, stderr io.Writer) error {
	wait := 10 * time.Millisecond
	for said := false; ; {
		var ok bool
		if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil {
			return fmt.Errorf("advisory lock %d: %w", key, err)
		}
		if ok {
			return nil
		}
		if !said {
			said = true
			fmt.Fprintf(stderr, "schemactl: waiting for advisory lock %d (%s), held by %s\n", key, l.Source, holder(ctx, conn, key))
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return fmt.Errorf("advisory lock %d: %w", key, err)
		}
		wait = min(2*wait, time.Second)
	}
}

// holder names the session that holds key. A bigint key is stored in
// pg_locks as classid (high 32 bits), objid (low 32 bits) and objsubid 1.
func holder(ctx context.Context, conn *pgx.Conn, key int64) string {
	var pid *int32
	_ = conn.QueryRow(ctx, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid::bigint = ($1::bigint >> 32) & 4294967295 AND objid::bigint = $1::bigint & 4294967295 LIMIT 1`, key).Scan(&pid)
	if pid == nil {
		return "another session"
	}
	return fmt.Sprintf("the session of pid %d", *pid)
}

// release gives l back (the keys not held are no-ops, with a warning
// from the server). A closed connection releases them too.
func (l Lock) release(ctx context.Context, conn *pgx.Conn) {
	for _, k := range l.Keys {
		_, _ = conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", k)
	}
}
