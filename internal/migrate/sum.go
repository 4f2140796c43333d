package migrate

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// SumFile is the name of the integrity sum inside a migrations directory.
// sqlx, golang-migrate, goose, dbmate and Flyway ignore it: it is not a
// .sql file.
const SumFile = "schemactl.sum"

// A Sum is the integrity sum of a migrations directory: a hash of every
// migration file, in version order.
//
// Its text form is one line per file after a first line that hashes the
// rest and a line that names the directory's format:
//
//	h1:<base64 SHA-256 of every line after this one>
//	format <sqlx|golang-migrate|goose|dbmate|flyway>
//	<file name> h1:<base64 SHA-256 of the file's bytes>
//	...
//
// The format line settles what the files cannot: a directory of .up.sql
// and .down.sql pairs may be sqlx's or golang-migrate's, which differ in
// how a file runs (sqlx wraps it in a transaction unless it starts with
// -- no-transaction), so writing the next migration in the wrong one would
// be unsafe.
//
// Files are listed oldest version first, so a new migration adds a line at
// the end and changes the first line. Two branches that each add one
// therefore change the same two places of the file, and merging them is a
// conflict that git shows, instead of a silent union of two histories.
type Sum struct {
	// Format is the directory's format; "" when the sum does not say.
	Format Format
	Files  []SumEntry
}

// A SumEntry is one file of a Sum.
type SumEntry struct {
	Name string // base name in the directory
	Hash string // "h1:" and the base64 SHA-256 of the file's bytes
}

// SumFiles reads the files of the directory at path that its sum covers:
// the .sql files (up and down migrations, and any other .sql file, since
// runners may read them) and Flyway's .sql.conf files, by base name.
// Subdirectories and hidden files are left out. A directory that does not
// exist has no files.
func SumFiles(path string) (map[string][]byte, error) {
	entries, err := os.ReadDir(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]byte{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || !coveredBySum(name) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(path, name))
		if err != nil {
			return nil, fmt.Errorf("read migrations: %w", err)
		}
		files[name] = b
	}
	return files, nil
}

func coveredBySum(name string) bool {
	return strings.HasSuffix(name, ".sql") || strings.HasSuffix(name, ".sql.conf")
}

// ComputeSum returns the sum of files (base name to contents). Names the
// sum does not cover (see SumFiles) are left out.
func ComputeSum(files map[string][]byte) *Sum {
	s := &Sum{}
	for name, b := range files {
		if coveredBySum(name) {
			s.Files = append(s.Files, SumEntry{Name: name, Hash: hash(b)})
		}
	}
	sortByVersion(s.Files)
	return s
}

// Bytes returns the text form of the sum.
func (s *Sum) Bytes() []byte {
	var body bytes.Buffer
	if s.Format != "" {
		fmt.Fprintf(&body, "format %s\n", s.Format)
	}
	for _, f := range s.Files {
		fmt.Fprintf(&body, "%s %s\n", f.Name, f.Hash)
	}
	return append([]byte(hash(body.Bytes())+"\n"), body.Bytes()...)
}

// hash is the "h1:" form of the SHA-256 of b.
func hash(b []byte) string {
	h := sha256.Sum256(b)
	return "h1:" + base64.StdEncoding.EncodeToString(h[:])
}

// A SumError says how a directory and its sum disagree. Every mistake is
// named, so that the user knows which file was edited, added or removed.
type SumError struct {
	// Dir is the directory's path, SumPath the sum's.
	Dir, SumPath string
	// Missing: the directory has migrations but no sum.
	Missing bool
	// Conflict: the sum holds merge conflict markers, because two branches
	// each added migrations.
	Conflict bool
	// Damaged says why the sum cannot be trusted as a whole (its first
	// line does not match the rest, or a line is not an entry): it was
	// edited by hand, or merged without conflict markers.
	Damaged string
	// Edited, Added and Removed list the files whose hash differs, that
	// the sum lacks, and that the sum lists but the directory lacks.
	Edited, Added, Removed []string
}

func (e *SumError) Error() string {
	var b strings.Builder
	fix := fmt.Sprintf("schemactl migrate hash --dir %s", e.Dir)
	switch {
	case e.Missing:
		fmt.Fprintf(&b, "%s has migrations but no %s: run `%s` to record them", e.Dir, SumFile, fix)
		return b.String()
	case e.Conflict:
		fmt.Fprintf(&b, "%s has merge conflict markers: two branches each added migrations. "+
			"Keep one branch's migrations, write the other's again on top of them with "+
			"`schemactl migrate diff`, and check the result with `schemactl migrate check`", e.SumPath)
		return b.String()
	}
	fmt.Fprintf(&b, "%s does not match the migrations", e.SumPath)
	if e.Damaged != "" {
		fmt.Fprintf(&b, ": %s", e.Damaged)
	}
	for _, f := range e.Edited {
		fmt.Fprintf(&b, "\n\t%s: edited after it was written: databases that applied it will never run the edit (sqlx and Flyway refuse its new checksum); undo the edit and write a new migration instead", filepath.Join(e.Dir, f))
	}
	for _, f := range e.Removed {
		fmt.Fprintf(&b, "\n\t%s: deleted or renamed by hand: databases that applied it keep what it did", filepath.Join(e.Dir, f))
	}
	for _, f := range e.Added {
		fmt.Fprintf(&b, "\n\t%s: added by hand or merged from another branch without the sum: write migrations with `schemactl migrate diff`, on top of the newest one", filepath.Join(e.Dir, f))
	}
	fmt.Fprintf(&b, "\nIf the change is deliberate, run `%s`.", fix)
	return b.String()
}

// conflictMarker matches the lines git writes around a merge conflict.
var conflictMarker = regexp.MustCompile(`(?m)^(<<<<<<<|=======$|>>>>>>>|\|\|\|\|\|\|\|)`)

// ParseSum reads the text form of a sum. It fails with a *SumError when the
// text has merge conflict markers or its first line does not hash the rest.
func ParseSum(b []byte) (*Sum, error) {
	if conflictMarker.Match(b) {
		return nil, &SumError{Conflict: true}
	}
	head, body, _ := bytes.Cut(b, []byte("\n"))
	if !strings.HasPrefix(string(head), "h1:") {
		return nil, &SumError{Damaged: "its first line is not an h1: hash"}
	}
	if string(head) != hash(body) {
		return nil, &SumError{Damaged: "its first line does not hash the rest, so it was edited by hand"}
	}
	s := &Sum{}
	for i, line := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
		if line == "" && len(body) == 0 {
			break
		}
		if f, ok := formatLine(line); ok && i == 0 {
			s.Format = f
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp <= 0 || !strings.HasPrefix(line[sp+1:], "h1:") {
			return nil, &SumError{Damaged: fmt.Sprintf("line %d is not `<file> h1:<hash>`", i+2)}
		}
		s.Files = append(s.Files, SumEntry{Name: line[:sp], Hash: line[sp+1:]})
	}
	return s, nil
}

// formatLine reads a `format <name>` line.
func formatLine(line string) (Format, bool) {
	name, ok := strings.CutPrefix(line, "format ")
	if !ok || strings.Contains(name, " ") {
		return "", false
	}
	return Format(name), true
}

// SumFormat returns the format that the sum of the directory at dir names,
// or "" when there is no sum or it names none. It reads even a damaged
// sum, whose format line is still the best guess there is.
func SumFormat(dir string) Format {
	b, err := os.ReadFile(filepath.Join(dir, SumFile))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f, ok := formatLine(line); ok {
			return f
		}
	}
	return ""
}

// VerifySum checks the directory at dir against its sum, given the files
// that SumFiles read. It returns nil when they agree, and a *SumError
// naming what differs otherwise. A directory without migrations needs no
// sum.
func VerifySum(dir string, files map[string][]byte) error {
	sumPath := filepath.Join(dir, SumFile)
	b, err := os.ReadFile(sumPath)
	if errors.Is(err, fs.ErrNotExist) {
		if len(files) == 0 {
			return nil
		}
		return &SumError{Dir: dir, SumPath: sumPath, Missing: true}
	}
	if err != nil {
		return fmt.Errorf("read integrity sum: %w", err)
	}
	recorded, err := ParseSum(b)
	var se *SumError
	if errors.As(err, &se) {
		se.Dir, se.SumPath = dir, sumPath
		if se.Conflict {
			return se
		}
		// Still say which files differ from the entries that can be read,
		// which is what the user needs to know after a bad merge.
		recorded = parseEntriesLoosely(b)
	} else if err != nil {
		return err
	}
	if se == nil {
		se = &SumError{Dir: dir, SumPath: sumPath}
	}
	listed := map[string]string{}
	for _, f := range recorded.Files {
		listed[f.Name] = f.Hash
		b, ok := files[f.Name]
		switch {
		case !ok:
			se.Removed = append(se.Removed, f.Name)
		case hash(b) != f.Hash:
			se.Edited = append(se.Edited, f.Name)
		}
	}
	current := ComputeSum(files)
	for _, f := range current.Files {
		if _, ok := listed[f.Name]; !ok {
			se.Added = append(se.Added, f.Name)
		}
	}
	if se.Damaged == "" && len(se.Edited)+len(se.Removed)+len(se.Added) == 0 {
		return nil
	}
	return se
}

// parseEntriesLoosely reads the lines of a damaged sum that look like
// entries.
func parseEntriesLoosely(b []byte) *Sum {
	s := &Sum{}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		if sp := strings.LastIndexByte(line, ' '); sp > 0 && strings.HasPrefix(line[sp+1:], "h1:") {
			s.Files = append(s.Files, SumEntry{Name: line[:sp], Hash: line[sp+1:]})
		}
	}
	return s
}

var (
	reFlywayVersion = regexp.MustCompile(`^[VU]([0-9]+(?:[._][0-9]+)*)__`)
	reLeadingDigits = regexp.MustCompile(`^([0-9]+)`)
)

// fileVersion returns the version in a migration file's name, dotted for
// Flyway, or "" when the name has none.
func fileVersion(name string) string {
	if m := reFlywayVersion.FindStringSubmatch(name); m != nil {
		return strings.ReplaceAll(m[1], "_", ".")
	}
	if m := reLeadingDigits.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return ""
}

// sortByVersion orders entries as the runners order migrations: by
// version, numerically, then by name (a migration before its .conf);
// names without a version come first.
func sortByVersion(entries []SumEntry) {
	sort.Slice(entries, func(i, j int) bool {
		vi, vj := fileVersion(entries[i].Name), fileVersion(entries[j].Name)
		if (vi == "") != (vj == "") {
			return vi == ""
		}
		if c := CompareVersions(vi, vj); c != 0 {
			return c < 0
		}
		return entries[i].Name < entries[j].Name
	})
}
