package migrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/realmjson"
	"github.com/schemactl/schemactl/internal/state"
)

// CheckOptions describe what Check compares.
type CheckOptions struct {
	// Dir is the migrations directory; Format its format, "" to detect it.
	Dir    string
	Format Format
	// Desired is the state the directory must reach.
	Desired *state.State
	// Schemas names schemas to manage besides those Desired declares.
	Schemas []string
	// LockTimeout is passed to plan.Build for the missing statements.
	LockTimeout time.Duration
	// DumpPath is the derived dump; "" means DefaultDumpPath(Dir).
	DumpPath string
	// CheckStates is as in DiffOptions.
	CheckStates func(replayed, desired *state.State) error
	// AcceptUnmanaged lists the objects of the replay that the model
	// cannot represent and that the user accepts as such: each entry is a
	// kind ("event trigger") or a kind and name as they are printed
	// ("event trigger audit_ddl"). Any other such object fails the check,
	// since the derived dump cannot show it.
	AcceptUnmanaged []string
}

// A CheckResult says whether a directory, its sum, its derived dump and
// the desired state agree.
type CheckResult struct {
	Dir *Dir
	// Sum is the *SumError of VerifySum, nil when the sum matches.
	Sum error
	// Missing holds the statements that the replay of the directory lacks
	// to reach the desired state; it is empty when they agree.
	Missing *plan.Plan
	// DumpPath is the derived dump; DumpMissing reports that it does not
	// exist, and DumpDiff is the unified diff from it to the dump of the
	// replay ("" when it is current).
	DumpPath    string
	DumpMissing bool
	DumpDiff    string
	// DumpReprinted reports that the derived dump's text is not what this
	// dev server prints but that it builds the replay's schema exactly:
	// it was written by another PostgreSQL major version, whose
	// pg_get_viewdef and friends print the same objects differently
	// (PostgreSQL 16 stopped qualifying a single-table view's columns).
	// The dump is current; rewriting it is the team's choice, not a fix.
	DumpReprinted bool
	// Unmanaged lists the objects of the replay that the model cannot
	// represent, and so the derived dump leaves out, which the user did not
	// accept (CheckOptions.AcceptUnmanaged).
	Unmanaged []inspect.Unsupported
}

// OK reports that everything agrees.
func (r *CheckResult) OK() bool {
	return r.Sum == nil && len(r.Missing.Statements) == 0 && !r.DumpMissing && r.DumpDiff == "" &&
		len(r.Unmanaged) == 0
}

// Unaccepted returns the objects of list that accept names neither by kind
// nor by kind and name (see CheckOptions.AcceptUnmanaged).
func Unaccepted(list []inspect.Unsupported, accept []string) []inspect.Unsupported {
	ok := map[string]bool{}
	for _, a := range accept {
		ok[strings.TrimSpace(a)] = true
	}
	var out []inspect.Unsupported
	for _, u := range list {
		if !ok[u.Kind] && !ok[u.String()] {
			out = append(out, u)
		}
	}
	return out
}

// Check is the CI gate of a migrations directory: it verifies the sum,
// replays the directory and compares the result with the desired state,
// and compares the derived dump with the dump of the replay. It returns
// an error only when it cannot tell (a migration fails to replay, the
// desired state does not load); disagreements are in the result.
func Check(ctx context.Context, l *state.Loader, opts CheckOptions) (*CheckResult, error) {
	if fi, err := os.Stat(opts.Dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a migrations directory", opts.Dir)
	}
	files, err := SumFiles(opts.Dir)
	if err != nil {
		return nil, err
	}
	sumErr := VerifySum(opts.Dir, files)
	var se *SumError
	if sumErr != nil && !errors.As(sumErr, &se) {
		return nil, sumErr
	}
	d, _, err := Open(opts.Dir, opts.Format)
	if err != nil {
		if sumErr != nil {
			// Two branches' migrations merged: say so before the
			// consequence (two files with one version, say).
			return nil, fmt.Errorf("%w\n%v", sumErr, err)
		}
		return nil, err
	}
	res := &CheckResult{Dir: d, Sum: sumErr, DumpPath: opts.DumpPath}
	if res.DumpPath == "" {
		res.DumpPath = DefaultDumpPath(opts.Dir)
	}
	replayed, err := Replay(ctx, l, d)
	if err != nil {
		return nil, err
	}
	if opts.CheckStates != nil {
		if err := opts.CheckStates(replayed, opts.Desired); err != nil {
			return nil, err
		}
	}
	res.Unmanaged = Unaccepted(replayed.Unsupported, opts.AcceptUnmanaged)
	if err := l.Reconcile(ctx, replayed, opts.Desired); err != nil {
		return nil, err
	}
	if res.Missing, err = planBetween(replayed.Realm, opts.Desired.Realm, diff.Options{Schemas: opts.Schemas}, opts.LockTimeout); err != nil {
		return nil, err
	}
	var dump bytes.Buffer
	if err := plan.Dump(replayed.Realm, &dump); err != nil {
		return nil, err
	}
	old, err := os.ReadFile(res.DumpPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.DumpMissing = true
	case err != nil:
		return nil, fmt.Errorf("read the derived dump: %w", err)
	default:
		name := filepath.ToSlash(res.DumpPath)
		res.DumpDiff = UnifiedDiff(name, name+" (replay of "+filepath.ToSlash(opts.Dir)+")", string(old), dump.String())
		if res.DumpDiff != "" {
			same, err := SameSchema(ctx, l, replayed, res.DumpPath, string(old))
			if err != nil {
				return nil, err
			}
			if same {
				res.DumpDiff, res.DumpReprinted = "", true
			}
		}
	}
	return res, nil
}

// SameSchema reports whether the SQL dump (named path) builds, in an
// empty dev database, exactly the schema of replayed. A dump that does
// not apply builds nothing of the kind: that is false, not an error.
func SameSchema(ctx context.Context, l *state.Loader, replayed *state.State, path, dump string) (bool, error) {
	applied, err := l.Scripts(ctx, []apply.Script{{Name: path, SQL: dump}}, nil)
	if err != nil {
		if ctx.Err() != nil {
			return false, err
		}
		return false, nil
	}
	var a, b bytes.Buffer
	if err := realmjson.Write(&a, replayed.Realm); err != nil {
		return false, err
	}
	if err := realmjson.Write(&b, applied.Realm); err != nil {
		return false, err
	}
	return bytes.Equal(a.Bytes(), b.Bytes()), nil
}

// DumpDir returns the derived dump of a migrations directory (the dump of
// its replay in the dev database) and the objects of the replay that the
// model cannot represent, which the dump leaves out: callers must name them.
func DumpDir(ctx context.Context, l *state.Loader, dir string, format Format) ([]byte, []inspect.Unsupported, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a migrations directory", dir)
	}
	d, _, err := Open(dir, format)
	if err != nil {
		return nil, nil, err
	}
	replayed, err := Replay(ctx, l, d)
	if err != nil {
		return nil, nil, err
	}
	var dump bytes.Buffer
	if err := plan.Dump(replayed.Realm, &dump); err != nil {
		return nil, nil, err
	}
	return dump.Bytes(), replayed.Unsupported, nil
}

// WriteSum rewrites the integrity sum of the directory at dir from its
// files as they are, atomically, and returns it. It reads the directory
// first, so that a directory its format cannot read gets no sum.
func WriteSum(dir string, format Format) (*Sum, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a migrations directory", dir)
	}
	d, files, err := Open(dir, format)
	if err != nil {
		return nil, err
	}
	sum := ComputeSum(files)
	sum.Format = d.Format
	if err := WriteFiles([]FileWrite{{Path: filepath.Join(dir, SumFile), Data: sum.Bytes()}}); err != nil {
		return nil, err
	}
	return sum, nil
}
