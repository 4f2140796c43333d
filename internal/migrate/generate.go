package migrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
	"github.com/schemactl/schemactl/schema"
)

// DumpFile is the default name of the derived schema dump, which lives
// beside the migrations directory.
const DumpFile = "derived_schema.sql"

// DefaultDumpPath returns where the derived dump of the migrations
// directory dir lives unless told otherwise: derived_schema.sql in the
// folder that holds dir.
func DefaultDumpPath(dir string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(dir)), DumpFile)
}

// DiffOptions describe the next migration that Diff writes.
type DiffOptions struct {
	// Dir is the migrations directory, which need not exist yet; Format
	// is its format, "" to detect it (sqlx for a new directory).
	Dir    string
	Format Format
	// Name names the migration.
	Name string
	// Desired is the state to reach.
	Desired *state.State
	// Current, when not nil, is the state the migration starts from (the
	// live database of --url) instead of the replay of Dir.
	Current *state.State
	// Schemas names schemas to manage besides those Desired declares.
	Schemas []string
	// LockTimeout is passed to plan.Build.
	LockTimeout time.Duration
	// ManagePrivileges manages grants even when Desired declares none
	// (diff.Options.ManagePrivileges).
	ManagePrivileges bool
	// Reversible asks for down migrations with sqlx; see Dir.Reversible.
	Reversible bool
	// DumpPath is where the derived dump goes; "" means DefaultDumpPath(Dir).
	DumpPath string
	// Now dates the migration; zero means the current time.
	Now time.Time
	// CheckStates, when not nil, is called with the current and desired
	// states before they are compared (to report objects the model cannot
	// represent); an error stops Diff.
	CheckStates func(current, desired *state.State) error
}

// A DiffResult is what Diff found and wrote.
type DiffResult struct {
	// Dir is the directory as it was before the new migration.
	Dir *Dir
	// Up is the plan of the new migration; it has no statements when the
	// directory was already in the desired state, and then nothing was
	// written.
	Up *plan.Plan
	// Files are the files written into the directory, in order.
	Files []NewFile
	// SumPath and DumpPath are the integrity sum and the derived dump;
	// OldDump is the dump's contents before (nil when it did not exist)
	// and NewDump after.
	SumPath, DumpPath string
	OldDump, NewDump  []byte
	// Remaining, with DiffOptions.Current set, holds the statements that
	// the replay of the directory still needs after the new migration to
	// reach the desired state: the directory does not hold the history of
	// the database it was planned against. It is empty otherwise.
	Remaining *plan.Plan
}

// A DriftError reports that the replay of a directory with its new
// migration does not reach the desired state, which would make the
// directory, the schema and the dump disagree.
type DriftError struct {
	// Remaining is the plan from the replay to the desired state.
	Remaining *plan.Plan
}

func (e *DriftError) Error() string {
	return fmt.Sprintf("the new migration, replayed after the others, does not reach the desired state: %d statement(s) would remain, so nothing was written", len(e.Remaining.Statements))
}

// Diff writes the next migration of a directory: the statements that turn
// the replay of the directory (or DiffOptions.Current) into the desired
// state, in the directory's format, split so that every statement that
// cannot run in a transaction is alone in a file of its own. Before
// writing anything it replays the directory with the new files in the dev
// database, in the runners' own way, and requires that the result is the
// desired state; the derived dump is the dump of that result. The new
// files, the integrity sum and the dump are written as one set (see
// WriteFiles): a failure changes none of them.
//
// Diff refuses to run when the directory does not match its sum. When
// there is nothing to do, it writes nothing and Result.Up is empty.
func Diff(ctx context.Context, l *state.Loader, opts DiffOptions) (*DiffResult, error) {
	// The sum first: a directory that two branches' migrations were merged
	// into may not even read (two files with one version), and the sum's
	// conflict says best what happened.
	files, err := SumFiles(opts.Dir)
	if err != nil {
		return nil, err
	}
	if err := VerifySum(opts.Dir, files); err != nil {
		return nil, err
	}
	d, files, err := Open(opts.Dir, opts.Format)
	if err != nil {
		return nil, err
	}
	res := &DiffResult{Dir: d, SumPath: filepath.Join(opts.Dir, SumFile), DumpPath: opts.DumpPath}
	if res.DumpPath == "" {
		res.DumpPath = DefaultDumpPath(opts.Dir)
	}
	current := opts.Current
	if current != nil && !l.KeepRunnerTables {
		// The database's runner table is the runner's, not the schema's:
		// the desired state never declares it, and a diff must not drop it.
		current = withoutRunnerTable(current, d.Format)
	}
	if current == nil {
		if current, err = Replay(ctx, l, d); err != nil {
			return nil, err
		}
	}
	if opts.CheckStates != nil {
		if err := opts.CheckStates(current, opts.Desired); err != nil {
			return nil, err
		}
	}
	// Expressions spelled differently but stored the same (a deparse pass
	// apart) are no change; see state.Loader.Reconcile.
	if err := l.Reconcile(ctx, current, opts.Desired); err != nil {
		return nil, err
	}
	up, err := planBetween(current.Realm, opts.Desired.Realm, diff.Options{Schemas: opts.Schemas, ManagePrivileges: opts.ManagePrivileges}, opts.LockTimeout)
	if err != nil {
		return nil, err
	}
	res.Up = up
	if len(up.Statements) == 0 {
		return res, nil
	}
	reversible, err := d.Reversible(opts.Reversible)
	if err != nil {
		return nil, err
	}
	var down *plan.Plan
	if reversible {
		managed := managedSchemas(opts.Desired.Realm, opts.Schemas)
		if down, err = planBetween(opts.Desired.Realm, scoped(current.Realm, managed), diff.Options{Schemas: managed, ManagePrivileges: opts.ManagePrivileges}, opts.LockTimeout); err != nil {
			return nil, fmt.Errorf("plan the down migration: %w", err)
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	newFiles, err := d.NewFiles(NewOptions{Name: opts.Name, Up: up, Down: down, Reversible: opts.Reversible, Now: now})
	if err != nil {
		return nil, err
	}

	// The directory as it will be, replayed as the runners will run it.
	after := maps.Clone(files)
	for _, f := range newFiles {
		after[f.Name] = f.Data
	}
	next, err := FromFiles(opts.Dir, after, d.Format)
	if err != nil {
		return nil, err
	}
	replayed, err := Replay(ctx, l, next)
	var re *ReplayError
	if errors.As(err, &re) {
		re.Reason = "the new migration fails when replayed after the others (nothing was written)"
		if opts.Current != nil {
			re.Reason = fmt.Sprintf("the new migration was planned against the database, but it does not apply after the migrations of %s, "+
				"so the directory does not hold that database's history (nothing was written)", opts.Dir)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := l.Reconcile(ctx, replayed, opts.Desired); err != nil {
		return nil, err
	}
	remaining, err := planBetween(replayed.Realm, opts.Desired.Realm, diff.Options{Schemas: opts.Schemas, ManagePrivileges: opts.ManagePrivileges}, opts.LockTimeout)
	if err != nil {
		return nil, err
	}
	if len(remaining.Statements) > 0 {
		if opts.Current == nil {
			return nil, &DriftError{Remaining: remaining}
		}
		res.Remaining = remaining
	}

	var dump bytes.Buffer
	if err := plan.Dump(replayed.Realm, &dump); err != nil {
		return nil, err
	}
	res.NewDump = dump.Bytes()
	if res.OldDump, err = os.ReadFile(res.DumpPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read the derived dump: %w", err)
	}
	var writes []FileWrite
	for _, f := range newFiles {
		writes = append(writes, FileWrite{Path: filepath.Join(opts.Dir, f.Name), Data: f.Data, New: true})
	}
	sum := ComputeSum(after)
	sum.Format = d.Format
	writes = append(writes,
		FileWrite{Path: res.SumPath, Data: sum.Bytes()},
		FileWrite{Path: res.DumpPath, Data: res.NewDump})
	if err := WriteFiles(writes); err != nil {
		return nil, err
	}
	res.Files = newFiles
	return res, nil
}

// planBetween plans the change from one realm to another, managing the
// schemas of to and those opts names.
func planBetween(from, to *schema.Realm, opts diff.Options, lockTimeout time.Duration) (*plan.Plan, error) {
	changes, err := diff.Realms(from, to, opts)
	if err != nil {
		return nil, err
	}
	return plan.Build(changes, plan.Options{From: from, LockTimeout: lockTimeout})
}

// managedSchemas lists the schemas that a diff towards desired manages.
func managedSchemas(desired *schema.Realm, extra []string) []string {
	names := slices.Clone(extra)
	for _, s := range desired.Schemas {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// scoped returns r with only the schemas named (and the extensions that
// live in them), so that the down migration, which diffs towards r,
// manages what the up migration manages and nothing else. The objects are
// shared with r, not copied.
func scoped(r *schema.Realm, names []string) *schema.Realm {
	out := &schema.Realm{}
	for _, s := range r.Schemas {
		if slices.Contains(names, s.Name) {
			out.Schemas = append(out.Schemas, s)
		}
	}
	for _, e := range r.Extensions {
		if slices.Contains(names, e.Schema) {
			out.Extensions = append(out.Extensions, e)
		}
	}
	return out
}

// withoutRunnerTable returns st without the bookkeeping table of format's
// runner, in whichever schema it is (a live database's runner put it in the
// first schema of its search_path, which schemactl cannot know). The realm
// is copied at the top level only; st is not changed.
func withoutRunnerTable(st *state.State, format Format) *state.State {
	name := RunnerTable(format)
	if name == "" {
		return st
	}
	realm := *st.Realm
	realm.Schemas = make([]*schema.Schema, len(st.Realm.Schemas))
	for i, s := range st.Realm.Schemas {
		c := *s
		c.Tables = slices.DeleteFunc(slices.Clone(s.Tables), func(t *schema.Table) bool { return t.Name == name })
		realm.Schemas[i] = &c
	}
	out := *st
	out.Realm = &realm
	return &out
}
