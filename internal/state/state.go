package state

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// A State is a canonical realm, and the objects of its source that the
// model cannot represent (which a diff must not silently ignore).
type State struct {
	Realm       *schema.Realm
	Unsupported []inspect.Unsupported
	// Cached reports that the canonical form came from the cache and no
	// dev database was used.
	Cached bool
}

// A Loader loads states. It opens the dev database lazily, at most once,
// and only when a canonical form is not in the cache. Close releases it.
type Loader struct {
	// DevURL names the dev server; "" means $SCHEMACTL_DEV_URL or a
	// throwaway local server.
	DevURL string
	// CacheDir holds canonical forms; "" disables the cache.
	CacheDir string

	// OnSchemas, when set, is called by Files with the names of the
	// schemas an HCL desired state declares as soon as they are known,
	// before the state is canonicalised, so that the caller can read the
	// live database in the meantime. It is not called when the state comes
	// straight from the cache.
	OnSchemas func(names []string)

	// KeepRunnerTables keeps a migration runner's bookkeeping table
	// (_sqlx_migrations, ...) in the state of a replay, for a user who asks
	// for it by name; by default a replay leaves it out (see Runner).
	KeepRunnerTables bool

	// Stderr receives notes about what the loader did to the dev server
	// (the outside roles it created); nil means os.Stderr.
	Stderr io.Writer

	// TargetMajor is the major version of the database the states are
	// compared with (0: unknown). The dev server is then one of that
	// version when its binaries are installed, and when it is not (or
	// --dev-url names a server of another version) the loader says so on
	// Stderr, once, before it loads anything.
	TargetMajor int
	noted       sync.Once

	devMu    sync.Mutex // guards dev and closed: Prewarm opens dev beside other work
	dev      *devdb.DB
	closed   bool // a Prewarm that comes after Close opens nothing
	identity string
	// partialRuns counts the canonicalisations of only what changed, and
	// alwaysPartial lifts the size limit on them, for tests.
	partialRuns   atomic.Int64
	alwaysPartial bool
}

// NewLoader returns a loader that uses the dev server devURL and the user's
// cache folder ($SCHEMACTL_CACHE_DIR or the OS cache folder + /schemactl).
// SCHEMACTL_NO_CACHE=1 disables the cache.
func NewLoader(devURL string) *Loader {
	l := &Loader{DevURL: devURL}
	if os.Getenv("SCHEMACTL_NO_CACHE") == "1" {
		return l
	}
	root := os.Getenv("SCHEMACTL_CACHE_DIR")
	if root == "" {
		if base, err := os.UserCacheDir(); err == nil {
			root = filepath.Join(base, "schemactl")
		}
	}
	if root != "" {
		l.CacheDir = filepath.Join(root, "canonical")
	}
	return l
}

// Close stops the dev database, if one was opened.
func (l *Loader) Close() error {
	l.devMu.Lock()
	defer l.devMu.Unlock()
	l.closed = true
	if l.dev == nil {
		return nil
	}
	err := l.dev.Close()
	l.dev = nil
	return err
}

// Dev returns the dev database, opening it on first use.
func (l *Loader) Dev(ctx context.Context) (*devdb.DB, error) {
	l.devMu.Lock()
	defer l.devMu.Unlock()
	return l.openDev(ctx)
}

// openDev is Dev with devMu held.
func (l *Loader) openDev(ctx context.Context) (*devdb.DB, error) {
	if l.dev == nil {
		dev, err := devdb.OpenMajor(ctx, l.DevURL, l.TargetMajor)
		if err != nil {
			return nil, err
		}
		l.dev = dev
		l.noteMismatch(dev.Major(), dev.Where())
	}
	return l.dev, nil
}

// noteMismatch says, once, that the dev server's major version differs
// from the target's.
func (l *Loader) noteMismatch(devMajor int, where string) {
	if l.TargetMajor == 0 || devMajor == 0 || devMajor == l.TargetMajor {
		return
	}
	l.noted.Do(func() {
		fmt.Fprintln(l.stderr(), devdb.MismatchNote(l.TargetMajor, devMajor, where))
	})
}

// Prewarm opens the dev database in the background, for a caller that
// will need it (a rehearsal) after work that may not (a cached state, an
// inspection). A failure is left for the next Dev to report.
func (l *Loader) Prewarm(ctx context.Context) {
	go func() {
		l.devMu.Lock()
		defer l.devMu.Unlock()
		if !l.closed {
			l.openDev(ctx)
		}
	}()
}

// Database inspects the live database at url.
func (l *Loader) Database(ctx context.Context, conn *pgx.Conn, schemas []string) (*State, error) {
	realm, unsupported, err := inspect.Realm(ctx, conn, inspect.Options{Schemas: schemas, Parallel: true})
	if err != nil {
		return nil, err
	}
	return &State{Realm: realm, Unsupported: unsupported}, nil
}

// Files loads the desired state from .hcl or .sql files and folders of
// them (a folder's files of those kinds, by name, not recursively). HCL
// errors come back as hcl.Diagnostics; SQL that PostgreSQL rejects as an
// *apply.Error.
func (l *Loader) Files(ctx context.Context, paths []string) (*State, error) {
	files, kind, err := expand(paths)
	if err != nil {
		return nil, err
	}
	if kind == ".hcl" {
		// Unchanged HCL files map straight to their canonical state, renames
		// included, without decoding them again.
		fileKey, err := l.filesKey(ctx, files)
		if err != nil {
			return nil, err
		}
		if st, ok := l.cached(fileKey); ok {
			return st, nil
		}
		realm, diags := hclschema.DecodeFiles(files...)
		if diags.HasErrors() {
			return nil, diags
		}
		var buf bytes.Buffer
		origins, err := plan.DumpOrigins(realm, &buf)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(realm.Schemas))
		for i, s := range realm.Schemas {
			names[i] = s.Name
		}
		if l.OnSchemas != nil {
			l.OnSchemas(names)
		}
		script := apply.Script{Name: "SQL generated from " + strings.Join(files, ", "), SQL: buf.String(), Origin: originOf(origins)}
		st, err := l.hclState(ctx, files, realm, script, origins, names)
		if err != nil {
			return nil, err
		}
		carryRenames(realm, st.Realm)
		l.store(fileKey, st)
		return st, nil
	}
	scripts := make([]apply.Script, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		scripts[i] = apply.Script{Name: f, SQL: string(b)}
	}
	return l.Scripts(ctx, scripts, nil)
}

// Scripts applies scripts in order to a new scratch database of the dev
// server and inspects the result: schemas names the schemas to inspect
// (nil: every user schema). The result is cached.
func (l *Loader) Scripts(ctx context.Context, scripts []apply.Script, schemas []string) (*State, error) {
	return l.Replay(ctx, scripts, schemas, nil)
}

// Replay is Scripts for the migrations of a directory that runner runs:
// the runner's bookkeeping table exists before the first script and gets
// the runner's rows around each one, and it is left out of the state
// (unless runner.Keep). A nil runner replays the scripts alone.
func (l *Loader) Replay(ctx context.Context, scripts []apply.Script, schemas []string, runner *Runner) (*State, error) {
	key, err := l.cacheKey(ctx, scripts, schemas, runner.cacheKey())
	if err != nil {
		return nil, err
	}
	if st, ok := l.cached(key); ok {
		return st, nil
	}
	st, err := l.canonicaliseWith(ctx, scripts, schemas, runner)
	if err != nil {
		return nil, err
	}
	l.store(key, st)
	return st, nil
}

// canonicalise applies scripts to a new scratch database of the dev server
// and inspects the result, without the cache.
func (l *Loader) canonicalise(ctx context.Context, scripts []apply.Script, schemas []string) (*State, error) {
	return l.canonicaliseWith(ctx, scripts, schemas, nil)
}

// canonicaliseWith is canonicalise with runner's bookkeeping around each
// script (see Replay). Before the scripts run, the dev server gets the
// roles they use and do not create (see prepare); after, the roles they
// created themselves are dropped again from a throwaway server.
func (l *Loader) canonicaliseWith(ctx context.Context, scripts []apply.Script, schemas []string, runner *Runner) (*State, error) {
	return l.scratchRun(ctx, scratchJob{scripts: scripts, schemas: schemas, runner: runner})
}

// A scratchJob is what scratchRun does in a scratch database: scripts,
// with runner's bookkeeping around each, then (when not nil) then, whose
// error comes back as a *thenError; needs are scripts that are not run but
// whose roles are made as those of scripts are (see prepare).
type scratchJob struct {
	scripts []apply.Script
	schemas []string
	runner  *Runner
	then    func(context.Context, *pgx.Conn) error
	needs   []apply.Script
}

// scratchRun is canonicaliseWith for a job.
func (l *Loader) scratchRun(ctx context.Context, job scratchJob) (*State, error) {
	scripts, schemas, runner := job.scripts, job.schemas, job.runner
	dev, err := l.Dev(ctx)
	if err != nil {
		return nil, err
	}
	roles, err := l.prepare(ctx, dev, append(slices.Clip(scripts), job.needs...))
	if err != nil {
		return nil, err
	}
	url, drop, err := dev.Scratch(ctx)
	if err != nil {
		return nil, err
	}
	// The scratch database goes first: a role that owns objects in it
	// cannot be dropped.
	defer l.cleanRoles(ctx, dev, roles)
	defer drop()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(context.Background())
	table, err := runner.setup(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("dev database: %w", err)
	}
	for i, s := range scripts {
		if err := table.before(ctx, conn, i); err != nil {
			return nil, fmt.Errorf("dev database: before %s: %w", s.Name, err)
		}
		start := time.Now()
		if err := apply.RunScript(ctx, conn, s); err != nil {
			return nil, err
		}
		if err := table.after(ctx, conn, i, time.Since(start)); err != nil {
			return nil, fmt.Errorf("dev database: after %s: %w", s.Name, err)
		}
	}
	if job.then != nil {
		if err := job.then(ctx, conn); err != nil {
			return nil, &thenError{err}
		}
	}
	st, err := l.Database(ctx, conn, schemas)
	if err != nil {
		return nil, fmt.Errorf("dev database: %w", err)
	}
	table.filter(st.Realm)
	return st, nil
}

// originOf maps a byte offset of a dump to the file, line and column of
// the HCL block its statement comes from, so that an error PostgreSQL
// reports in the generated SQL points at what the user wrote.
func originOf(origins []plan.Origin) func(start int) string {
	return func(start int) string {
		i := sort.Search(len(origins), func(i int) bool { return origins[i].Offset > start }) - 1
		if i < 0 || origins[i].Range.Filename == "" {
			return ""
		}
		r := origins[i].Range
		return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
	}
}

// expand lists the files that paths name and their common kind.
func expand(paths []string) (files []string, kind string, err error) {
	if len(paths) == 0 {
		return nil, "", errors.New("no desired state given: pass --to with a .hcl or .sql file or folder")
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, "", err
		}
		if !fi.IsDir() {
			ext := filepath.Ext(p)
			if ext != ".hcl" && ext != ".sql" {
				return nil, "", fmt.Errorf("%s: not a .hcl or .sql file", p)
			}
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, "", err
		}
		var found []string
		for _, e := range entries {
			if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".hcl" || ext == ".sql") {
				found = append(found, filepath.Join(p, e.Name()))
			}
		}
		if len(found) == 0 {
			return nil, "", fmt.Errorf("%s: no .hcl or .sql files in this folder", p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	kind = filepath.Ext(files[0])
	for _, f := range files[1:] {
		if filepath.Ext(f) != kind {
			return nil, "", fmt.Errorf("the desired state mixes .hcl and .sql files (%s, %s): use one kind", files[0], f)
		}
	}
	return files, kind, nil
}

// modelFingerprint describes the model's types, field by field, so that
// a field added to the model changes every cache key.
func modelFingerprint() string {
	modelOnce.Do(func() {
		h := sha256.New()
		seen := map[reflect.Type]bool{}
		var walk func(t reflect.Type)
		walk = func(t reflect.Type) {
			for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
				t = t.Elem()
			}
			if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() != reflect.TypeFor[schema.Realm]().PkgPath() {
				return
			}
			seen[t] = true
			fmt.Fprintf(h, "%s{", t.Name())
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(h, "%s %s %s;", f.Name, f.Type, f.Tag)
				walk(f.Type)
			}
			fmt.Fprint(h, "}")
		}
		walk(reflect.TypeFor[schema.Realm]())
		modelPrint = hex.EncodeToString(h.Sum(nil))
	})
	return modelPrint
}

var (
	modelOnce  sync.Once
	modelPrint string
)

// buildFingerprint is a hash of the running executable ("" when it cannot
// be read), computed once: a rebuilt schemactl never takes the canonical
// forms another build made.
func buildFingerprint() string {
	buildOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			buildPrint = hex.EncodeToString(h.Sum(nil))
		}
	})
	return buildPrint
}

var (
	buildOnce  sync.Once
	buildPrint string
)

// cacheVersion changes whenever the cached form or its meaning changes.
const cacheVersion = "schemactl-canonical-1"

func (l *Loader) cacheKey(ctx context.Context, scripts []apply.Script, schemas []string, extra ...string) (string, error) {
	if l.CacheDir == "" {
		return "", nil
	}
	if l.identity == "" {
		id, devMajor, where, err := devdb.IdentityMajor(ctx, l.DevURL, l.TargetMajor)
		if err != nil {
			return "", err
		}
		l.identity = id
		// A canonical form from the cache was made by this dev server too:
		// the mismatch matters even when no server starts.
		l.noteMismatch(devMajor, where)
	}
	h := sha256.New()
	// The model's shape and the catalog queries are part of the key: a
	// build that models more must not take a state cached by one that
	// modelled less (views that an older build left out, say).
	// The build itself too: the SQL a build generates from HCL, which the
	// cached state stands for, changes with the planner.
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", cacheVersion, l.identity, modelFingerprint(), inspect.Fingerprint(), buildFingerprint())
	sorted := slices.Clone(schemas)
	sort.Strings(sorted)
	fmt.Fprintf(h, "%q\x00", sorted)
	for _, e := range extra {
		fmt.Fprintf(h, "%s\x00", e)
	}
	for _, s := range scripts {
		fmt.Fprintf(h, "%d\x00%d\x00", s.Mode, len(s.SQL))
		io.WriteString(h, s.SQL)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// filesKey is the cache key of the desired state of HCL files: their
// names (which diagnostics and declaration order depend on) and bytes.
func (l *Loader) filesKey(ctx context.Context, files []string) (string, error) {
	scripts := make([]apply.Script, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		scripts[i] = apply.Script{SQL: "hcl file " + f + "\x00" + string(b)}
	}
	return l.cacheKey(ctx, scripts, []string{"\x00hcl"})
}

type cacheEntry struct {
	Realm       *schema.Realm
	Unsupported []inspect.Unsupported
}

func (l *Loader) cached(key string) (*State, bool) {
	var e cacheEntry
	if !l.read(key, &e) || e.Realm == nil {
		return nil, false
	}
	e.Realm.Link()
	return &State{Realm: e.Realm, Unsupported: e.Unsupported, Cached: true}, true
}

// read decodes the cache entry key into v. A missing or damaged entry is a
// miss (the next write replaces it); a hit is marked as recently used.
func (l *Loader) read(key string, v any) bool {
	if key == "" {
		return false
	}
	path := filepath.Join(l.CacheDir, key+".json")
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, v) != nil {
		return false
	}
	now := time.Now()
	os.Chtimes(path, now, now) // keeps it from pruning
	return true
}

// maxCacheEntries bounds the cache folder; the least recently used go first.
const maxCacheEntries = 32

// store caches st under key.
func (l *Loader) store(key string, st *State) {
	l.write(key, cacheEntry{Realm: st.Realm, Unsupported: st.Unsupported})
}

// write stores v as the cache entry key, atomically. Failing to cache is
// not an error.
func (l *Loader) write(key string, v any) {
	if key == "" {
		return
	}
	b, err := json.Marshal(v)
	if err != nil || os.MkdirAll(l.CacheDir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(l.CacheDir, "entry-*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(l.CacheDir, key+".json")) != nil {
		os.Remove(tmp.Name())
		return
	}
	l.prune()
}

func (l *Loader) prune() {
	entries, err := os.ReadDir(l.CacheDir)
	if err != nil || len(entries) <= maxCacheEntries {
		return
	}
	type aged struct {
		name string
		mod  time.Time
	}
	var all []aged
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".json") {
			all = append(all, aged{e.Name(), info.ModTime()})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mod.After(all[j].mod) })
	for _, a := range all[min(len(all), maxCacheEntries):] {
		os.Remove(filepath.Join(l.CacheDir, a.name))
	}
}
