package deploy

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/migrate"
)

// A Lock is the session-level advisory lock a run holds while it
// migrates: the runner's own key where the runner takes one, so that
// schemactl and the runner exclude each other as two runs of either do.
// Advisory locks are scoped to the database, as the runners' are.
type Lock struct {
	Key int64
	// Own says the key is the runner's (false: schemactl's own, for a
	// runner that takes no lock); Source says where it comes from.
	Own    bool
	Source string
}

// LockFor returns the lock that runs of d's runner take on the database
// whose table is t.
func LockFor(facts *migrate.Facts, t *Table) Lock {
	return Lock{Key: facts.LockKey(t.Database, t.Schema), Own: facts.OwnLock, Source: facts.LockSource}
}

// acquire takes l on conn, waiting for it as long as it takes (as the
// runners do) but saying on stderr who holds it. It must be taken before
// lock_timeout is set: lock_timeout bounds advisory lock waits too.
func (l Lock) acquire(ctx context.Context, conn *pgx.Conn, stderr io.Writer) error {
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", l.Key).Scan(&ok); err != nil {
		return fmt.Errorf("advisory lock %d: %w", l.Key, err)
	}
	if ok {
		return nil
	}
	// A bigint key is stored as classid (high 32 bits), objid (low 32
	// bits) and objsubid 1.
	var pid *int32
	_ = conn.QueryRow(ctx, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid::bigint = ($1::bigint >> 32) & 4294967295 AND objid::bigint = $1::bigint & 4294967295 LIMIT 1`, l.Key).Scan(&pid)
	holder := "another session"
	if pid != nil {
		holder = fmt.Sprintf("the session of pid %d", *pid)
	}
	fmt.Fprintf(stderr, "schemactl: waiting for advisory lock %d (%s), held by %s\n", l.Key, l.Source, holder)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", l.Key); err != nil {
		return fmt.Errorf("advisory lock %d: %w", l.Key, err)
	}
	return nil
}

// release gives l back. A closed connection releases it too.
func (l Lock) release(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", l.Key)
	return err
}
