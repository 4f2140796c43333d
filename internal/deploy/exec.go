package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/state"
)

// lockNotAvailable is the SQLSTATE of a statement that lock_timeout
// cancelled (lock_not_available).
const lockNotAvailable = "55P03"

// IsLockTimeout reports whether err is PostgreSQL's lock_not_available.
func IsLockTimeout(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == lockNotAvailable
}

// executor sends statements of scripts, retrying the ones that time out
// on a lock.
type executor struct {
	conn    *pgx.Conn
	retries int
	backoff time.Duration
	stderr  io.Writer
	// sleep waits d or until ctx is done.
	sleep func(ctx context.Context, d time.Duration) error
}

// savepoint is the savepoint a retried statement inside a transaction goes
// back to: a statement cancelled by lock_timeout aborts the transaction,
// and only the savepoint lets the statement run again without undoing the
// ones before it.
const savepoint = "schemactl_retry"

// statement runs st of script s on the connection, inside the open
// transaction when inTx, and returns how long its last attempt took. A
// lock timeout is retried e.retries times, after e.backoff, then twice as
// long each time, each retry said on stderr. Errors are *apply.Error at
// the statement's file, line and column.
func (e *executor) statement(ctx context.Context, s apply.Script, st effect.Statement, inTx bool) (time.Duration, error) {
	text := s.SQL[st.Start:st.End]
	useSavepoint := inTx && e.retries > 0
	wait := e.backoff
	for attempt := 0; ; attempt++ {
		if useSavepoint {
			if _, err := e.conn.Exec(ctx, "SAVEPOINT "+savepoint); err != nil {
				return 0, fmt.Errorf("%s: savepoint: %w", s.Name, err)
			}
		}
		start := time.Now()
		_, err := e.conn.Exec(ctx, text)
		took := time.Since(start)
		if err == nil {
			if useSavepoint {
				if _, err := e.conn.Exec(ctx, "RELEASE SAVEPOINT "+savepoint); err != nil {
					return took, fmt.Errorf("%s: release savepoint: %w", s.Name, err)
				}
			}
			return took, nil
		}
		located := locateError(s, st, err)
		if !IsLockTimeout(err) || attempt >= e.retries || ctx.Err() != nil {
			return took, located
		}
		if !inTx && !effect.Analyze(st, nil).Transactional {
			// CREATE INDEX CONCURRENTLY and its kin leave an invalid
			// object behind when cancelled, which running the statement
			// again cannot replace: the user must drop it first.
			fmt.Fprintf(e.stderr, "schemactl: %s:%d:%d: lock timeout (SQLSTATE %s) of a statement that cannot run in a transaction: not retried, "+
				"since a cancelled CONCURRENTLY build leaves an invalid index behind (drop it, then run again)\n", s.Name, located.Line, located.Column, lockNotAvailable)
			return took, located
		}
		if useSavepoint {
			if _, rbErr := e.conn.Exec(ctx, "ROLLBACK TO SAVEPOINT "+savepoint); rbErr != nil {
				return took, errors.Join(located, rbErr)
			}
		}
		line, col := located.Line, located.Column
		fmt.Fprintf(e.stderr, "schemactl: %s:%d:%d: lock timeout (SQLSTATE %s) after %s; retry %d of %d in %s\n",
			s.Name, line, col, lockNotAvailable, round(took), attempt+1, e.retries, wait)
		if err := e.sleep(ctx, wait); err != nil {
			return took, located
		}
		wait *= 2
	}
}

// locateError makes err, the failure of st, an *apply.Error at the
// position PostgreSQL gives within the statement, or at its start.
func locateError(s apply.Script, st effect.Statement, err error) *apply.Error {
	off := st.Start
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Position > 0 {
		off = st.Start + apply.CharOffset(s.SQL[st.Start:st.End], int(pgErr.Position)-1)
	}
	line, col := apply.Position(s.SQL, off)
	return &apply.Error{File: s.Name, Line: line, Column: col, Statement: st.SQL, Err: err}
}

// rows runs a runner's bookkeeping statements.
func (e *executor) rows(ctx context.Context, stmts []state.Statement, what string) error {
	for _, s := range stmts {
		if _, err := e.conn.Exec(ctx, s.SQL, s.Args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}

// rowsInTx runs bookkeeping statements in a transaction of their own.
func (e *executor) rowsInTx(ctx context.Context, stmts []state.Statement, what string) error {
	if len(stmts) == 0 {
		return nil
	}
	tx, err := e.conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s.SQL, s.Args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// round shortens a duration for output.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
