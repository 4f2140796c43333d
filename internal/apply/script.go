package apply

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemactl/schemactl/internal/effect"
)

// A Script is Script text to apply to a database, with a name for messages.
type Script struct {
	Name string // a file name, or a description of generated SQL
	SQL  string
	// Mode says how statements are grouped into transactions.
	Mode TxMode
	// Origin, when set, names where the statement at byte offset start of
	// SQL came from (e.g. "schema.hcl:12:1" for SQL generated from HCL);
	// errors then point there instead of into the generated text.
	Origin func(start int) string
}

// A TxMode says how a script's statements are sent.
type TxMode int

const (
	// Batched runs consecutive statements that may run in a transaction
	// together, in one transaction each run, and the others (CREATE INDEX
	// CONCURRENTLY, ...) alone. It suits schema files.
	Batched TxMode = iota
	// OneTransaction runs the whole script as one implicit transaction, as
	// sqlx and most runners do with a migration file; a statement that can
	// not run in a transaction then fails, exactly as it would in production.
	OneTransaction
	// Autocommit runs every statement alone, as a no-transaction migration does.
	Autocommit
	// InTransaction runs the whole script between BEGIN and COMMIT, as
	// sqlx, goose and dbmate run a migration file: a statement that cannot
	// run in a transaction block then fails even when it is alone in the
	// file, exactly as it would in production.
	InTransaction
)

// An Error is a statement that the database rejected, or that schemactl's
// parser could not split from the script (Err is then an
// *effect.SyntaxError).
type Error struct {
	File         string // the script's name
	Line, Column int    // position of the error in the script, 1-based; 0 when unknown
	Origin       string // where the statement came from, for generated scripts
	Statement    string
	Err          error // the server's error, a *pgconn.PgError most of the time
}

func (e *Error) Error() string {
	where := e.File
	if e.Origin != "" {
		where = e.Origin
	} else if e.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	}
	msg := e.Err.Error()
	var se *effect.SyntaxError
	if errors.As(e.Err, &se) {
		// schemactl's own parser refused it before any server saw it.
		return fmt.Sprintf("%s: error: cannot parse the statement: %s (schemactl parses SQL with PostgreSQL 16's grammar: "+
			"syntax that only PostgreSQL 17 or later knows is not supported yet)\n\t%s", where, msg, abbreviate(e.Statement, 300))
	}
	var pgErr *pgconn.PgError
	if errors.As(e.Err, &pgErr) {
		msg = pgErr.Message
		if pgErr.Detail != "" {
			msg += " (" + pgErr.Detail + ")"
		}
	}
	return fmt.Sprintf("%s: error: PostgreSQL rejected the statement: %s\n\t%s", where, msg, abbreviate(e.Statement, 300))
}

func (e *Error) Unwrap() error { return e.Err }

// RunScript runs a script on conn.
func RunScript(ctx context.Context, conn *pgx.Conn, s Script) error {
	stmts, err := effect.Parse(s.SQL)
	if err != nil {
		var se *effect.SyntaxError
		if errors.As(err, &se) {
			line, col := lineCol(s.SQL, max(se.Offset, 0))
			return &Error{File: s.Name, Line: line, Column: col, Origin: origin(s, se.Offset), Err: se}
		}
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	if len(stmts) == 0 {
		return nil
	}
	switch s.Mode {
	case OneTransaction:
		return runBatch(ctx, conn, s, stmts)
	case InTransaction:
		return runInTransaction(ctx, conn, s, stmts)
	case Autocommit:
		for i := range stmts {
			if err := runBatch(ctx, conn, s, stmts[i:i+1]); err != nil {
				return err
			}
		}
		return nil
	}
	start := 0
	for i := range stmts {
		if effect.Analyze(stmts[i], nil).Transactional {
			continue
		}
		if err := runBatch(ctx, conn, s, stmts[start:i]); err != nil {
			return err
		}
		if err := runBatch(ctx, conn, s, stmts[i:i+1]); err != nil {
			return err
		}
		start = i + 1
	}
	return runBatch(ctx, conn, s, stmts[start:])
}

// runBatch sends stmts in one simple-protocol query, which PostgreSQL runs
// as one implicit transaction.
func runBatch(ctx context.Context, conn *pgx.Conn, s Script, stmts []effect.Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	begin, end := stmts[0].Start, stmts[len(stmts)-1].End
	text := s.SQL[begin:end]
	_, err := conn.Exec(ctx, text)
	if err == nil {
		return nil
	}
	return locate(ctx, conn, s, stmts, err)
}

// locate turns err, the failure of stmts sent as one query string, into an
// Error at the failing statement.
func locate(ctx context.Context, conn *pgx.Conn, s Script, stmts []effect.Statement, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	begin, end := stmts[0].Start, stmts[len(stmts)-1].End
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Position > 0 {
		// Position counts characters from 1 within the query string.
		off := begin + charOffset(s.SQL[begin:end], int(pgErr.Position)-1)
		return located(s, stmts, off, err)
	}
	if len(stmts) == 1 {
		return located(s, stmts, stmts[0].Start, err)
	}
	// No position: find the failing statement by running them one at a time
	// in a transaction that is rolled back, leaving nothing behind.
	return findFailing(ctx, conn, s, stmts, err)
}

// runInTransaction sends stmts in one query string between BEGIN and
// COMMIT. On an error the transaction is rolled back first, so that the
// failing statement can be found as runBatch finds it.
func runInTransaction(ctx context.Context, conn *pgx.Conn, s Script, stmts []effect.Statement) error {
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("%s: begin: %w", s.Name, err)
	}
	begin, end := stmts[0].Start, stmts[len(stmts)-1].End
	text := s.SQL[begin:end]
	_, err := conn.Exec(ctx, text)
	if err == nil {
		if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
			return located(s, stmts, stmts[len(stmts)-1].Start, err) // a deferred constraint, most likely
		}
		return nil
	}
	if _, rbErr := conn.Exec(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
		return errors.Join(located(s, stmts, begin, err), rbErr)
	}
	return locate(ctx, conn, s, stmts, err)
}

func findFailing(ctx context.Context, conn *pgx.Conn, s Script, stmts []effect.Statement, first error) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return located(s, stmts, stmts[0].Start, first)
	}
	defer tx.Rollback(ctx)
	for _, st := range stmts {
		if _, err := tx.Exec(ctx, st.SQL); err != nil {
			return located(s, stmts, st.Start, err)
		}
	}
	// Every statement succeeded alone; report the batch's error at its start.
	return located(s, stmts, stmts[0].Start, first)
}

// located builds the Error for byte offset off of the script.
func located(s Script, stmts []effect.Statement, off int, err error) error {
	stmt := stmts[0]
	for _, st := range stmts {
		if st.Start <= off {
			stmt = st
		}
	}
	line, col := lineCol(s.SQL, off)
	return &Error{File: s.Name, Line: line, Column: col, Origin: origin(s, stmt.Start), Statement: stmt.SQL, Err: err}
}

func origin(s Script, start int) string {
	if s.Origin == nil || start < 0 {
		return ""
	}
	return s.Origin(start)
}

// lineCol converts a byte offset into a 1-based line and column, counting
// columns in characters as editors do.
func lineCol(text string, off int) (line, col int) {
	off = min(off, len(text))
	line = 1 + strings.Count(text[:off], "\n")
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	return line, 1 + utf8.RuneCountInString(text[lineStart:off])
}

// charOffset returns the byte offset of the n-th character (0-based) of text.
func charOffset(text string, n int) int {
	for i := range text {
		if n == 0 {
			return i
		}
		n--
	}
	return len(text)
}

func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + " ..."
}

// OneLine puts statement s on one line of at most about n bytes, as
// errors quote statements.
func OneLine(s string, n int) string { return abbreviate(s, n) }

// Position returns the 1-based line and column (in characters) of byte
// offset off of text, as errors about scripts print them.
func Position(text string, off int) (line, col int) { return lineCol(text, off) }

// CharOffset returns the byte offset of the n-th character (0-based) of
// text, to turn a PostgreSQL error position (characters from 1) into bytes.
func CharOffset(text string, n int) int { return charOffset(text, n) }
