package migrate

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/state"
)

// Open reads the migrations directory at path, which may not exist yet (it
// then has no migrations), and returns it with the files its sum covers
// (see SumFiles). format "" means the format that the directory's sum
// names, or else the one its files suggest (DetectFormat), or sqlx for a
// directory without migrations. A format that contradicts the sum is an
// error: the files would be read, and new ones written, the wrong way.
func Open(path string, format Format) (*Dir, map[string][]byte, error) {
	files, err := SumFiles(path)
	if err != nil {
		return nil, nil, err
	}
	if recorded := SumFormat(path); recorded != "" {
		if _, err := ParseFormat(string(recorded)); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", filepath.Join(path, SumFile), err)
		}
		switch {
		case format == "":
			format = recorded
		case format != recorded && len(files) > 0:
			return nil, nil, fmt.Errorf("%s says the directory's format is %s, not %s", filepath.Join(path, SumFile), recorded, format)
		}
	}
	if len(files) == 0 && format == "" {
		format = FormatSQLx
	}
	d, err := FromFiles(path, files, format)
	if err != nil {
		return nil, nil, err
	}
	return d, files, nil
}

// Scripts returns the up migrations of d as scripts to replay in a
// database, in version order, each sent the way its runner sends it:
//
//   - a file the runner wraps in a transaction (sqlx, goose and dbmate by
//     default) runs between BEGIN and COMMIT, so that a statement that
//     cannot run in a transaction block fails as it would in production,
//     even alone in its file;
//   - a file the runner sends as one query string (sqlx with
//     -- no-transaction, dbmate with transaction:false, golang-migrate)
//     runs as one query string: PostgreSQL runs several statements as one
//     implicit transaction, and a lone statement on its own;
//   - goose with NO TRANSACTION, and Flyway with executeInTransaction=false,
//     run each statement on its own;
//   - other Flyway migrations run their transactional statements together
//     and the others alone, as Flyway's mixed mode does.
//
// The text before a goose or dbmate up section is blanked, not cut, so
// that errors point at the right line and column of the file.
func (d *Dir) Scripts() []apply.Script {
	out := make([]apply.Script, len(d.Files))
	for i, f := range d.Files {
		out[i] = apply.Script{Name: f.Path, SQL: upText(f), Mode: replayMode(f.Tx)}
	}
	return out
}

// upText returns the file up to the end of its up section, with everything
// before the section replaced by spaces (newlines are kept).
func upText(f *File) string {
	b := []byte(f.Text[:f.UpEnd])
	for i := range f.UpStart {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

func replayMode(m lint.TxMode) apply.TxMode {
	switch m {
	case lint.TxAutocommit:
		return apply.Autocommit
	case lint.TxFlyway:
		return apply.Batched
	case lint.TxFile:
		return apply.InTransaction
	}
	return apply.OneTransaction
}

// A ReplayError is a replay that PostgreSQL stopped: Err (most of the time
// an *apply.Error, which names the file, line and column) says where and
// why, Reason what the replay was for.
type ReplayError struct {
	Reason string
	Err    error
}

func (e *ReplayError) Error() string { return e.Reason + ": " + e.Err.Error() }

func (e *ReplayError) Unwrap() error { return e.Err }

// Replay applies the up migrations of d, in order, to a new scratch
// database of the loader's dev server and inspects every user schema. It
// runs them as d's runner does: the runner's bookkeeping table exists
// before the first migration and gets the runner's rows after each one
// (see Dir.Runner), and it is not part of the result unless
// l.KeepRunnerTables. The canonical result is cached by the loader, keyed
// by the scripts.
func Replay(ctx context.Context, l *state.Loader, d *Dir) (*state.State, error) {
	st, err := l.Replay(ctx, d.Scripts(), nil, d.Runner(l.KeepRunnerTables))
	if err != nil {
		return nil, &ReplayError{Reason: "replay " + d.Path, Err: err}
	}
	return st, nil
}
