package migrate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/schemactl/schemactl/internal/lint"
)

// Format is a migration tool's convention for a directory.
type Format string

// Directory formats.
const (
	// FormatSQLx: <version>_<name>.sql, or <version>_<name>.up.sql and
	// .down.sql. sqlx runs each file in one transaction, unless its first
	// bytes are `-- no-transaction`; then it sends the file as one query
	// string.
	FormatSQLx Format = "sqlx"
	// FormatGolangMigrate: <version>_<name>.up.sql and .down.sql. The
	// PostgreSQL driver sends the whole file as one query string, which
	// PostgreSQL runs as one implicit transaction when it holds several
	// statements (x-multi-statement mode, which splits files, is not modelled).
	FormatGolangMigrate Format = "golang-migrate"
	// FormatGoose: <version>_<name>.sql with `-- +goose Up` and
	// `-- +goose Down` sections. goose runs the up section in one
	// transaction, or statement by statement with `-- +goose NO TRANSACTION`.
	FormatGoose Format = "goose"
	// FormatDbmate: <version>_<name>.sql with `-- migrate:up` and
	// `-- migrate:down` sections. dbmate runs the up section in one
	// transaction, or, with `-- migrate:up transaction:false`, sends it as one
	// query string.
	FormatDbmate Format = "dbmate"
	// FormatFlyway: V<version>__<name>.sql (versions like 1, 1.2 or 1_2).
	// Flyway runs a migration in a transaction unless a statement cannot run
	// in one, or its <file>.conf says executeInTransaction=false. Undo (U)
	// and repeatable (R) migrations are not versioned migrations and are
	// skipped.
	FormatFlyway Format = "flyway"
)

// Formats lists the directory formats.
var Formats = []Format{FormatSQLx, FormatGolangMigrate, FormatGoose, FormatDbmate, FormatFlyway}

// ParseFormat reads a format name; "" and "auto" mean detect it.
func ParseFormat(s string) (Format, error) {
	if s == "" || s == "auto" {
		return "", nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown migrations format %q (want auto, sqlx, golang-migrate, goose, dbmate or flyway)", s)
}

// A File is one migration of a directory.
type File struct {
	// Name is the file's base name; Path is the directory's path joined
	// with it, as findings print it.
	Name, Path string
	// Version orders the migrations (digits, or dotted for Flyway);
	// Description is the rest of the name.
	Version, Description string
	// Text is the whole file.
	Text string
	// UpStart and UpEnd delimit, in bytes of Text, the part that runs when
	// migrating up: the whole file, or the up section of goose and dbmate.
	UpStart, UpEnd int
	// Tx says how the tool sends the up part to PostgreSQL.
	Tx lint.TxMode
	// Format is the directory's format.
	Format Format
}

// Up returns the part of the file that runs when migrating up.
func (f *File) Up() string { return f.Text[f.UpStart:f.UpEnd] }

// LintFile returns the file as internal/lint takes it.
func (f *File) LintFile() lint.File {
	return lint.File{Name: f.Path, Text: f.Text, Start: f.UpStart, End: f.UpEnd, Mode: f.Tx, Runner: string(f.Format)}
}

// A Dir is a migrations directory.
type Dir struct {
	Path   string
	Format Format
	// Files are the up migrations, in version order.
	Files []*File
	// Ignored lists the .sql files whose names the format does not accept,
	// so that callers can say so rather than skip them silently. Down
	// migrations and Flyway's undo and repeatable migrations are known not
	// to be up migrations and are not listed.
	Ignored []string
}

// File returns the migration with the given base name.
func (d *Dir) File(name string) (*File, bool) {
	for _, f := range d.Files {
		if f.Name == name {
			return f, true
		}
	}
	return nil, false
}

// ReadDir reads the migrations directory at path. format "" detects the
// format from the names and contents of the files. Subdirectories and
// hidden files are ignored.
func ReadDir(path string, format Format) (*Dir, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if !strings.HasSuffix(e.Name(), ".sql") && !strings.HasSuffix(e.Name(), ".sql.conf") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(path, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migrations: %w", err)
		}
		files[e.Name()] = b
	}
	return FromFiles(path, files, format)
}

// FromFiles makes a Dir from file contents by base name, such as the
// files of a directory at a git revision. Names that are not .sql files
// (or Flyway's .sql.conf) are ignored.
func FromFiles(path string, files map[string][]byte, format Format) (*Dir, error) {
	if format == "" {
		format = DetectFormat(files)
	}
	d := &Dir{Path: path, Format: format}
	names := make([]string, 0, len(files))
	for n := range files {
		if strings.HasSuffix(n, ".sql") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := parseFile(n, string(files[n]), format)
		if errors.Is(err, errNotUp) {
			continue
		}
		if errors.Is(err, errNotMigration) {
			d.Ignored = append(d.Ignored, n)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(path, n), err)
		}
		f.Path = filepath.Join(path, n)
		if format == FormatFlyway {
			if conf, ok := files[n+".conf"]; ok && flywayNoTransaction(string(conf)) {
				f.Tx = lint.TxAutocommit
			}
		}
		d.Files = append(d.Files, f)
	}
	sort.SliceStable(d.Files, func(i, j int) bool { return CompareVersions(d.Files[i].Version, d.Files[j].Version) < 0 })
	for i := 1; i < len(d.Files); i++ {
		if CompareVersions(d.Files[i-1].Version, d.Files[i].Version) == 0 {
			return nil, fmt.Errorf("read migrations: %s and %s have the same version %s", d.Files[i-1].Path, d.Files[i].Path, d.Files[i].Version)
		}
	}
	return d, nil
}

var (
	reFlyway   = regexp.MustCompile(`^V([0-9]+(?:[._][0-9]+)*)__(.*)\.sql$`)
	reFlywayUR = regexp.MustCompile(`^(U[0-9]+(?:[._][0-9]+)*|R)__.*\.sql$`)
	reUpDown   = regexp.MustCompile(`^([0-9]+)_(.*)\.(up|down)\.sql$`)
	reSimple   = regexp.MustCompile(`^([0-9]+)_(.*)\.sql$`)
	reDbmate   = regexp.MustCompile(`^([0-9]+)(?:_(.*))?\.sql$`)
)

// errNotUp marks a migration that does not run when migrating up (down,
// undo, repeatable); errNotMigration a .sql file whose name the format does
// not accept.
var (
	errNotUp        = errors.New("not an up migration")
	errNotMigration = errors.New("not a migration name")
)

// DetectFormat guesses a directory's format: Flyway by its V<version>__
// names, goose and dbmate by their section markers, golang-migrate by
// .up.sql names (sqlx also accepts those, and is chosen when a file starts
// with sqlx's `-- no-transaction`), and sqlx otherwise. Pass the format
// explicitly when the guess is wrong.
func DetectFormat(files map[string][]byte) Format {
	var upDown, sqlxMarker, goose, dbmate bool
	for n, b := range files {
		if !strings.HasSuffix(n, ".sql") {
			continue
		}
		if reFlyway.MatchString(n) {
			return FormatFlyway
		}
		if reUpDown.MatchString(n) {
			upDown = true
		}
		text := string(b)
		if strings.HasPrefix(text, "-- no-transaction") {
			sqlxMarker = true
		}
		if _, _, ok := gooseUp(text); ok {
			goose = true
		}
		if _, ok := dbmateUp(text); ok {
			dbmate = true
		}
	}
	switch {
	case goose:
		return FormatGoose
	case dbmate:
		return FormatDbmate
	case upDown && !sqlxMarker:
		return FormatGolangMigrate
	}
	return FormatSQLx
}

// parseFile reads one .sql file of a directory of the given format.
func parseFile(name, text string, format Format) (*File, error) {
	f := &File{Name: name, Text: text, UpEnd: len(text), Format: format}
	switch format {
	case FormatFlyway:
		if reFlywayUR.MatchString(name) {
			return nil, errNotUp
		}
		m := reFlyway.FindStringSubmatch(name)
		if m == nil {
			return nil, errNotMigration
		}
		f.Version, f.Description = strings.ReplaceAll(m[1], "_", "."), m[2]
		f.Tx = lint.TxFlyway
		return f, nil
	case FormatGolangMigrate, FormatSQLx:
		if m := reUpDown.FindStringSubmatch(name); m != nil {
			if m[3] == "down" {
				return nil, errNotUp
			}
			f.Version, f.Description = m[1], m[2]
		} else if m := reSimple.FindStringSubmatch(name); m != nil && format == FormatSQLx {
			f.Version, f.Description = m[1], m[2]
		} else {
			return nil, errNotMigration
		}
		f.Tx = lint.TxFile
		if format == FormatGolangMigrate {
			f.Tx = lint.TxOneQuery
		} else if strings.HasPrefix(text, "-- no-transaction") {
			// sqlx checks the file's first bytes, nothing else.
			f.Tx = lint.TxOneQuery
		}
		return f, nil
	case FormatGoose:
		m := reSimple.FindStringSubmatch(name)
		if m == nil {
			return nil, errNotMigration
		}
		f.Version, f.Description = m[1], m[2]
		start, end, ok := gooseUp(text)
		if !ok {
			return nil, fmt.Errorf("no -- +goose Up annotation")
		}
		f.UpStart, f.UpEnd = start, end
		f.Tx = lint.TxFile
		if gooseNoTransaction(text) {
			// goose then runs the statements one by one, each on its own.
			f.Tx = lint.TxAutocommit
		}
		return f, nil
	case FormatDbmate:
		m := reDbmate.FindStringSubmatch(name)
		if m == nil {
			return nil, errNotMigration
		}
		f.Version, f.Description = m[1], m[2]
		up, ok := dbmateUp(text)
		if !ok {
			return nil, fmt.Errorf("no -- migrate:up section")
		}
		f.UpStart, f.UpEnd = up.start, up.end
		f.Tx = lint.TxFile
		if !up.transaction {
			// transaction:false: dbmate sends the section as one query string.
			f.Tx = lint.TxOneQuery
		}
		return f, nil
	}
	return nil, fmt.Errorf("unknown migrations format %q", format)
}

// lines calls fn with each line of text (without its end of line) and the
// offsets of its start and of the start of the next line.
func lines(text string, fn func(line string, start, next int) bool) {
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		next := len(text)
		if end < 0 {
			end = len(text)
		} else {
			end += start
			next = end + 1
		}
		if !fn(strings.TrimRight(text[start:end], "\r"), start, next) {
			return
		}
		start = next
	}
}

// gooseAnnotation returns the command of a `-- +goose <command>` line,
// lower-cased, and whether the line is one.
func gooseAnnotation(line string) (string, bool) {
	l := strings.TrimSpace(line)
	if !strings.HasPrefix(l, "--") {
		return "", false
	}
	l = strings.TrimSpace(l[2:])
	if !strings.HasPrefix(l, "+goose ") {
		return "", false
	}
	return strings.ToLower(strings.Join(strings.Fields(l[len("+goose "):]), " ")), true
}

// gooseUp finds the up section: from the line after `-- +goose Up` to the
// line `-- +goose Down` or the end of the file.
func gooseUp(text string) (start, end int, ok bool) {
	start, end = -1, len(text)
	lines(text, func(line string, s, next int) bool {
		cmd, isCmd := gooseAnnotation(line)
		switch {
		case isCmd && cmd == "up" && start < 0:
			start = next
		case isCmd && cmd == "down" && start >= 0:
			end = s
			return false
		}
		return true
	})
	if start < 0 {
		return 0, 0, false
	}
	return start, end, true
}

func gooseNoTransaction(text string) bool {
	found := false
	lines(text, func(line string, _, _ int) bool {
		if cmd, ok := gooseAnnotation(line); ok && cmd == "no transaction" {
			found = true
			return false
		}
		return true
	})
	return found
}

type dbmateSection struct {
	start, end  int
	transaction bool
}

// dbmateUp finds the up section: from the line after `-- migrate:up
// [options]` to the line `-- migrate:down` or the end of the file.
func dbmateUp(text string) (dbmateSection, bool) {
	sec := dbmateSection{start: -1, end: len(text), transaction: true}
	lines(text, func(line string, s, next int) bool {
		l := strings.TrimSpace(line)
		switch {
		case sec.start < 0 && strings.HasPrefix(l, "-- migrate:up"):
			sec.start = next
			for _, opt := range strings.Fields(l[len("-- migrate:up"):]) {
				if k, v, ok := strings.Cut(opt, ":"); ok && k == "transaction" && v == "false" {
					sec.transaction = false
				}
			}
		case sec.start >= 0 && strings.HasPrefix(l, "-- migrate:down"):
			sec.end = s
			return false
		}
		return true
	})
	return sec, sec.start >= 0
}

// flywayNoTransaction reads a Flyway script configuration file
// (<migration>.sql.conf) for executeInTransaction=false.
func flywayNoTransaction(conf string) bool {
	no := false
	lines(conf, func(line string, _, _ int) bool {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(k) == "executeInTransaction" && strings.EqualFold(strings.TrimSpace(v), "false") {
			no = true
		}
		return true
	})
	return no
}

// A Marked file is a single SQL file's up part and transaction mode, as
// its own markers say.
type Marked struct {
	Format     Format // "" when the file has no marker
	Start, End int
	Tx         lint.TxMode
}

// Markers reads the markers of a single SQL file given to `schemactl
// lint`: goose and dbmate sections and their no-transaction options, and
// sqlx's `-- no-transaction`. ok is false for a file without markers,
// whose transaction mode the caller decides.
func Markers(text string) (m Marked, ok bool) {
	if start, end, found := gooseUp(text); found {
		m = Marked{Format: FormatGoose, Start: start, End: end, Tx: lint.TxFile}
		if gooseNoTransaction(text) {
			m.Tx = lint.TxAutocommit
		}
		return m, true
	}
	if up, found := dbmateUp(text); found {
		m = Marked{Format: FormatDbmate, Start: up.start, End: up.end, Tx: lint.TxFile}
		if !up.transaction {
			m.Tx = lint.TxOneQuery
		}
		return m, true
	}
	if strings.HasPrefix(text, "-- no-transaction") {
		return Marked{Format: FormatSQLx, End: len(text), Tx: lint.TxOneQuery}, true
	}
	return Marked{End: len(text)}, false
}

// CompareVersions orders two versions numerically, part by part (parts
// are separated by dots, as in Flyway's 1.2.10), so that 10 comes after 9
// and 0010 equals 10 however long the numbers are. It returns -1, 0 or +1.
func CompareVersions(a, b string) int {
	ap, bp := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(ap) || i < len(bp); i++ {
		var x, y string
		if i < len(ap) {
			x = strings.TrimLeft(ap[i], "0")
		}
		if i < len(bp) {
			y = strings.TrimLeft(bp[i], "0")
		}
		switch {
		case len(x) != len(y):
			if len(x) < len(y) {
				return -1
			}
			return 1
		case x != y:
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
