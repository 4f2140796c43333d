package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/state"
)

// Options say how Apply runs.
type Options struct {
	// ToVersion stops after the migration of this version ("" applies
	// every pending migration).
	ToVersion string
	// DryRun prints what would run and changes nothing (it takes no lock).
	DryRun bool
	// AllowDirty runs again a migration the table records as failed
	// (sqlx, Flyway: its failed row is deleted first, as `flyway repair`
	// does) or dirty (golang-migrate), instead of refusing to start.
	AllowDirty bool
	// Retries is how many times a statement cancelled by lock_timeout
	// (SQLSTATE 55P03) runs again; Backoff the wait before the first retry
	// (doubled after each; 0 means 200ms).
	Retries int
	Backoff time.Duration
	// LockTimeout is set as the session's lock_timeout before the first
	// migration; 0 leaves the server's setting.
	LockTimeout time.Duration
	// Rehearsal, when not nil, is the dev database in which the pending
	// migrations are rehearsed (see rehearse) before any of them runs on
	// the target; a failure there applies nothing.
	Rehearsal *state.Loader
	// Stdout receives each file and statement as it runs and the summary;
	// Stderr the waits and retries. nil discards.
	Stdout, Stderr io.Writer
}

// A Result is what Apply did.
type Result struct {
	// Before is the status read under the lock, before anything ran.
	Before *Status
	// Applied lists the files applied, by index in Dir.Files.
	Applied []int
	// Statements counts the statements run; Elapsed the whole run.
	Statements int
	Elapsed    time.Duration
}

// A RefusedError is a run that did not start because of the state of the
// runner's table: nothing ran.
type RefusedError struct {
	Reasons []string
}

func (e *RefusedError) Error() string {
	return "migrate apply: nothing was applied:\n\t" + strings.Join(e.Reasons, "\n\t")
}

// A FileError is a migration that failed: Err (an *apply.Error most of the
// time, at file:line:col) says where and why, Table what the runner's
// table now records, as the runner would leave it.
type FileError struct {
	File  string
	Table string
	Err   error
}

func (e *FileError) Error() string { return e.Err.Error() + "\n\t" + e.Table }

func (e *FileError) Unwrap() error { return e.Err }

// Apply runs the pending migrations of d on conn as d's runner would:
// under the runner's advisory lock, each file in a transaction or not as
// the runner decides, with the rows the runner writes, where it writes
// them. It refuses to start, as the runners do, when an applied file was
// edited or is missing, when a migration failed or is dirty (unless
// AllowDirty), or when the runner would refuse an out-of-order migration.
// A failure stops the run and leaves the table as the runner would.
func Apply(ctx context.Context, conn *pgx.Conn, d *migrate.Dir, opts Options) (*Result, error) {
	stdout, stderr := writerOr(opts.Stdout), writerOr(opts.Stderr)
	facts := d.Facts()
	if facts == nil {
		return nil, errUnknownFormat(d)
	}
	if opts.ToVersion != "" {
		if _, ok := fileOfVersion(d, opts.ToVersion); !ok {
			return nil, fmt.Errorf("--to-version %s: no migration of %s has that version", opts.ToVersion, d.Path)
		}
	}
	t, err := locate(ctx, conn, facts)
	if err != nil {
		return nil, err
	}
	lock := LockFor(facts, t)
	if !opts.DryRun {
		if err := lock.acquire(ctx, conn, stderr); err != nil {
			return nil, err
		}
		defer lock.release(context.WithoutCancel(ctx), conn)
		// The table may have been made, or rows added, while we waited.
		if t, err = locate(ctx, conn, facts); err != nil {
			return nil, err
		}
	}
	rows, err := readRows(ctx, conn, facts, t)
	if err != nil {
		return nil, err
	}
	st := compare(d, facts, t, rows)
	res := &Result{Before: st}
	todo, redo, err := choose(st, opts)
	if err != nil {
		return res, err
	}
	scripts := d.Scripts()
	start := time.Now()
	if opts.Rehearsal != nil && len(todo) > 0 {
		n, err := rehearse(ctx, opts.Rehearsal, st, todo)
		if err != nil {
			return res, err
		}
		fmt.Fprintln(stdout, rehearsalNote(n, len(todo), time.Since(start)))
		start = time.Now()
	}
	if opts.DryRun {
		for _, i := range todo {
			n, err := describe(stdout, scripts[i], d.Files[i])
			if err != nil {
				return res, err
			}
			res.Statements += n
		}
		fmt.Fprintf(stdout, "dry run: %d migration(s) would be applied (%s, table %s); nothing was changed\n", len(todo), d.Format, t.Quoted)
		return res, nil
	}
	ex := &executor{conn: conn, retries: opts.Retries, backoff: opts.Backoff, stderr: stderr, sleep: sleepCtx}
	if ex.backoff <= 0 {
		ex.backoff = 200 * time.Millisecond
	}
	if !t.Exists {
		if err := ex.rowsInTx(ctx, facts.Runner.Setup(t.Quoted), "create "+t.Quoted); err != nil {
			return res, err
		}
		t.Exists = true
	}
	for _, v := range redo {
		// As `flyway repair` does, and as a user of sqlx does by hand.
		if _, err := conn.Exec(ctx, "DELETE FROM "+t.Quoted+" WHERE version::text = $1 AND success = false", v); err != nil {
			return res, fmt.Errorf("remove the failed row of %s: %w", v, err)
		}
	}
	if opts.LockTimeout > 0 {
		if _, err := conn.Exec(ctx, "SELECT set_config('lock_timeout', $1, false)", fmt.Sprintf("%dms", opts.LockTimeout.Milliseconds())); err != nil {
			return res, fmt.Errorf("set lock_timeout: %w", err)
		}
	}
	a := &fileApplier{ex: ex, d: d, facts: facts, table: t, stdout: stdout}
	for _, i := range todo {
		n, err := a.run(ctx, i, scripts[i])
		res.Statements += n
		if err != nil {
			res.Elapsed = time.Since(start)
			fmt.Fprintf(stdout, "FAILED %s; %d migration(s) applied before it in %s\n", d.Files[i].Name, len(res.Applied), round(res.Elapsed))
			return res, err
		}
		res.Applied = append(res.Applied, i)
	}
	res.Elapsed = time.Since(start)
	left := st.Count(Pending) - len(todo)
	if left < 0 {
		left = 0
	}
	switch {
	case len(todo) == 0:
		fmt.Fprintf(stdout, "nothing to apply: %d migration(s) of %s applied (%s, table %s)\n", st.Count(Applied), d.Path, d.Format, t.Quoted)
	default:
		fmt.Fprintf(stdout, "applied %d migration(s), %d statement(s), in %s (%s, table %s); %d pending\n",
			len(res.Applied), res.Statements, round(res.Elapsed), d.Format, t.Quoted, left)
	}
	return res, nil
}

func writerOr(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

func fileOfVersion(d *migrate.Dir, v string) (int, bool) {
	for i, f := range d.Files {
		if migrate.CompareVersions(f.Version, v) == 0 {
			return i, true
		}
	}
	return -1, false
}

// choose decides which files to run, in order, and which failed rows to
// remove first; or refuses, as the runner would.
func choose(st *Status, opts Options) (todo []int, redo []string, err error) {
	var reasons []string
	runner := st.Dir.Format
	for _, e := range st.Entries {
		name := st.Name(e)
		switch e.State {
		case Edited:
			reasons = append(reasons, fmt.Sprintf("%s was applied and has been edited since: its checksum is %x, the table records %x "+
				"(%s refuses to run; restore the file, and put the change in a new migration)", st.Dir.Files[e.File].Path, e.Current, e.Recorded, runner))
		case Missing:
			if runner == migrate.FormatGoose || runner == migrate.FormatDbmate {
				continue // these runners ignore applied versions they have no file for
			}
			reasons = append(reasons, fmt.Sprintf("version %s is applied but no file of %s has it (%s refuses to run)", e.Version, st.Dir.Path, runner))
		case Failed, Dirty:
			if !opts.AllowDirty || e.File < 0 {
				reasons = append(reasons, fmt.Sprintf("%s is %s in %s: check what it left behind, then run again with --allow-dirty to run it again", name, e.State, st.Table.Quoted))
				continue
			}
			if e.State == Failed {
				redo = append(redo, e.Version)
			}
			todo = append(todo, e.File)
		case Pending:
			if e.OutOfOrder {
				reasons = append(reasons, fmt.Sprintf("%s is pending but older than the latest applied migration (%s refuses to apply it out of order)", name, runner))
				continue
			}
			todo = append(todo, e.File)
		}
	}
	if len(reasons) > 0 {
		return nil, nil, &RefusedError{Reasons: reasons}
	}
	if opts.ToVersion != "" {
		kept := todo[:0]
		for _, i := range todo {
			if migrate.CompareVersions(st.Dir.Files[i].Version, opts.ToVersion) <= 0 {
				kept = append(kept, i)
			}
		}
		todo = kept
	}
	return todo, redo, nil
}

// fileApplier runs one migration file and writes the runner's rows.
type fileApplier struct {
	ex     *executor
	d      *migrate.Dir
	facts  *migrate.Facts
	table  *Table
	stdout io.Writer
}

// A mode is how a runner sends a file: in a transaction or not, and
// whether its rows go into that transaction.
type mode struct {
	inTx, rowsInside bool
	what             string
}

// modeOf says how the runner sends file f of statements stmts.
func modeOf(f *migrate.File, stmts []effect.Statement, rowsInTx bool, s apply.Script) (mode, error) {
	switch f.Tx {
	case lint.TxFile:
		return mode{inTx: true, rowsInside: rowsInTx, what: "in a transaction"}, nil
	case lint.TxAutocommit:
		return mode{what: "each statement on its own"}, nil
	case lint.TxOneQuery:
		// The runner sends the file as one query string: PostgreSQL runs
		// several statements as one implicit transaction, which an
		// explicit one stands for, except in a file that manages its own.
		if len(stmts) > 1 && !controlsTx(stmts) {
			return mode{inTx: true, what: "as one query string (one implicit transaction)"}, nil
		}
		return mode{what: "as one query string"}, nil
	case lint.TxFlyway:
		var tx, notx []effect.Statement
		for _, st := range stmts {
			if effect.Analyze(st, nil).Transactional {
				tx = append(tx, st)
			} else {
				notx = append(notx, st)
			}
		}
		switch {
		case len(notx) == 0:
			return mode{inTx: true, rowsInside: rowsInTx, what: "in a transaction"}, nil
		case len(tx) == 0:
			return mode{what: "outside a transaction (no statement of it can run in one)"}, nil
		}
		line, col := apply.Position(s.SQL, notx[0].Start)
		return mode{}, fmt.Errorf("%s:%d:%d: error: the migration mixes statements that can run in a transaction and this one, "+
			"which cannot; Flyway refuses such a migration unless mixed is true: move it into a migration of its own", s.Name, line, col)
	}
	return mode{inTx: true, rowsInside: rowsInTx, what: "in a transaction"}, nil
}

func controlsTx(stmts []effect.Statement) bool {
	for _, st := range stmts {
		switch w := strings.ToUpper(firstWord(st.SQL)); w {
		case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT":
			return true
		}
	}
	return false
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.TrimRight(f[0], ";")
}

func parse(s apply.Script) ([]effect.Statement, error) {
	stmts, err := effect.Parse(s.SQL)
	if err != nil {
		var se *effect.SyntaxError
		if errors.As(err, &se) {
			line, col := apply.Position(s.SQL, max(se.Offset, 0))
			return nil, &apply.Error{File: s.Name, Line: line, Column: col, Err: se}
		}
		return nil, fmt.Errorf("%s: %w", s.Name, err)
	}
	return stmts, nil
}

// run applies file i and returns the number of statements that ran.
func (a *fileApplier) run(ctx context.Context, i int, s apply.Script) (int, error) {
	f := a.d.Files[i]
	stmts, err := parse(s)
	if err != nil {
		return 0, &FileError{File: f.Path, Table: a.leftAs(ctx, i), Err: err}
	}
	m, err := modeOf(f, stmts, a.facts.RowsInTx, s)
	if err != nil {
		return 0, &FileError{File: f.Path, Table: a.leftAs(ctx, i), Err: err}
	}
	r, t := a.facts.Runner, a.table.Quoted
	fmt.Fprintf(a.stdout, "%s (%s)\n", f.Path, m.what)
	start := time.Now()
	fail := func(n int, err error) (int, error) {
		if m.inTx {
			_, _ = a.ex.conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		} else if a.facts.Failed != nil {
			if rowErr := a.ex.rowsInTx(ctx, a.facts.Failed(t, i, time.Since(start)), "record the failure in "+t); rowErr != nil {
				err = errors.Join(err, rowErr)
			}
		}
		return n, &FileError{File: f.Path, Table: a.leftAs(context.WithoutCancel(ctx), i), Err: err}
	}
	if r.Before != nil && !m.rowsInside {
		if err := a.ex.rowsInTx(ctx, r.Before(t, i), "bookkeeping before "+f.Name); err != nil {
			return 0, err
		}
	}
	if m.inTx {
		if _, err := a.ex.conn.Exec(ctx, "BEGIN"); err != nil {
			return 0, fmt.Errorf("%s: begin: %w", f.Path, err)
		}
		if r.Before != nil && m.rowsInside {
			if err := a.ex.rows(ctx, r.Before(t, i), "bookkeeping before "+f.Name); err != nil {
				return fail(0, err)
			}
		}
	}
	n := 0
	for _, st := range stmts {
		took, err := a.ex.statement(ctx, s, st, m.inTx)
		if err != nil {
			return fail(n, err)
		}
		n++
		line, col := apply.Position(s.SQL, st.Start)
		fmt.Fprintf(a.stdout, "  %d:%d %s (%s)\n", line, col, abbreviate(st.SQL, 72), round(took))
	}
	elapsed := time.Since(start)
	if m.inTx && m.rowsInside {
		if r.After != nil {
			if err := a.ex.rows(ctx, r.After(t, i, elapsed), "bookkeeping after "+f.Name); err != nil {
				return fail(n, err)
			}
		}
		if _, err := a.ex.conn.Exec(ctx, "COMMIT"); err != nil {
			return fail(n, commitError(s, stmts, err))
		}
	} else {
		if m.inTx {
			if _, err := a.ex.conn.Exec(ctx, "COMMIT"); err != nil {
				return fail(n, commitError(s, stmts, err))
			}
		}
		if r.After != nil {
			if err := a.ex.rowsInTx(ctx, r.After(t, i, elapsed), "bookkeeping after "+f.Name); err != nil {
				return n, err
			}
		}
	}
	fmt.Fprintf(a.stdout, "  applied in %s\n", round(time.Since(start)))
	return n, nil
}

// commitError places a failed COMMIT (a deferred constraint, most of the
// time) at the file's last statement.
func commitError(s apply.Script, stmts []effect.Statement, err error) error {
	if len(stmts) == 0 {
		return fmt.Errorf("%s: commit: %w", s.Name, err)
	}
	return locateError(s, stmts[len(stmts)-1], err)
}

// leftAs says what the runner's table records of file i after its
// failure, for the error.
func (a *fileApplier) leftAs(ctx context.Context, i int) string {
	rows, err := readRows(ctx, a.ex.conn, a.facts, a.table)
	if err != nil {
		return "the state of " + a.table.Quoted + " could not be read: " + err.Error()
	}
	st := compare(a.d, a.facts, a.table, rows)
	for _, e := range st.Entries {
		if e.File == i {
			return fmt.Sprintf("%s records %s as %s, as %s leaves it", a.table.Quoted, a.d.Files[i].Name, e.State, a.d.Format)
		}
	}
	return ""
}

// describe prints the statements of a file for a dry run.
func describe(w io.Writer, s apply.Script, f *migrate.File) (int, error) {
	stmts, err := parse(s)
	if err != nil {
		return 0, err
	}
	m, err := modeOf(f, stmts, true, s)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(w, "%s (%s): would run\n", f.Path, m.what)
	for _, st := range stmts {
		line, col := apply.Position(s.SQL, st.Start)
		fmt.Fprintf(w, "  %d:%d %s\n", line, col, abbreviate(st.SQL, 72))
	}
	return len(stmts), nil
}

// abbreviate puts a statement on one line of at most n bytes.
func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + " ..."
}
