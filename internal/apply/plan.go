package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemactl/schemactl/internal/plan"
)

// A StatementError is a plan statement that the database rejected.
type StatementError struct {
	Index     int // 0-based position in the plan
	Statement plan.Statement
	// RolledBack lists how many statements of the failed statement's
	// transaction were undone with it (0 when it ran alone).
	RolledBack int
	Err        error
}

func (e *StatementError) Error() string {
	msg := ServerMessage(e.Err)
	undone := "it ran alone, so nothing else was undone"
	if e.RolledBack > 0 {
		undone = fmt.Sprintf("its transaction was rolled back: %d earlier statement(s) of it were undone", e.RolledBack)
	}
	return fmt.Sprintf("statement %d failed: %s\n\t%s\n\t%s", e.Index+1, msg, abbreviate(e.Statement.SQL, 300), undone)
}

func (e *StatementError) Unwrap() error { return e.Err }

// ServerMessage is what errors print of err: a server's error as its
// message, SQLSTATE and detail; any other error as it is.
func ServerMessage(err error) string {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err.Error()
	}
	msg := fmt.Sprintf("%s (SQLSTATE %s)", pgErr.Message, pgErr.Code)
	if pgErr.Detail != "" {
		msg += ": " + pgErr.Detail
	}
	return msg
}

// RunPlan applies p on conn. Consecutive statements that may run in a
// transaction run together in one; the others run alone. When a statement
// fails, its transaction is rolled back, so the database is left as the
// last committed group left it, and the error says which statement failed.
// progress, when not nil, is called after each statement that succeeded.
func RunPlan(ctx context.Context, conn *pgx.Conn, p *plan.Plan, progress func(i int)) error {
	stmts := p.Statements
	for i := 0; i < len(stmts); {
		if !stmts[i].Transactional {
			if _, err := conn.Exec(ctx, stmts[i].SQL); err != nil {
				return &StatementError{Index: i, Statement: stmts[i], Err: err}
			}
			if progress != nil {
				progress(i)
			}
			i++
			continue
		}
		j := i
		for j < len(stmts) && stmts[j].Transactional {
			j++
		}
		if err := runGroup(ctx, conn, stmts, i, j, progress); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// runGroup runs stmts[from:to] in one transaction.
func runGroup(ctx context.Context, conn *pgx.Conn, stmts []plan.Statement, from, to int, progress func(int)) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(ctx) // no-op after Commit
	for k := from; k < to; k++ {
		if _, err := tx.Exec(ctx, stmts[k].SQL); err != nil {
			return &StatementError{Index: k, Statement: stmts[k], RolledBack: k - from, Err: err}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		// Deferred constraints are checked at commit.
		return &StatementError{Index: to - 1, Statement: stmts[to-1], RolledBack: to - 1 - from, Err: err}
	}
	if progress != nil {
		for k := from; k < to; k++ {
			progress(k)
		}
	}
	return nil
}
