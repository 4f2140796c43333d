package deploy

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/migrate"
)

// A State is what a database has done with one migration.
type State string

// Migration states, as status prints them.
const (
	// Applied: the runner's table records it, and the file is unchanged
	// (as far as the runner records a checksum).
	Applied State = "applied"
	// Pending: the file is not applied yet.
	Pending State = "pending"
	// Edited: applied, but the file's checksum is not the recorded one.
	Edited State = "edited"
	// Missing: applied, but no file of the directory has its version.
	Missing State = "missing"
	// Failed: the table records it as failed (sqlx and Flyway success =
	// false).
	Failed State = "failed"
	// Dirty: golang-migrate started it and did not finish (dirty = true).
	Dirty State = "dirty"
)

// An Entry is one migration of a directory, or one version of the table
// that no file has.
type Entry struct {
	Version string
	// File is the migration's index in Dir.Files; -1 for Missing.
	File  int
	State State
	// AppliedAt is when it ran (zero: unknown or not applied), Duration how
	// long it took (negative: unknown).
	AppliedAt time.Time
	Duration  time.Duration
	// Recorded and Current are the recorded checksum and the file's, for
	// Edited.
	Recorded, Current []byte
	// OutOfOrder marks a pending migration older than the latest applied
	// one, which goose and Flyway refuse to apply (see Facts.InOrder).
	OutOfOrder bool
}

// A Status is what a database has applied of a directory, in the terms of
// the directory's runner.
type Status struct {
	Dir   *migrate.Dir
	Facts *migrate.Facts
	Table *Table
	// Entries are in version order.
	Entries []Entry
}

// ReadStatus reads the runner's table of d on conn and compares it with the
// files of d.
func ReadStatus(ctx context.Context, conn *pgx.Conn, d *migrate.Dir) (*Status, error) {
	facts := d.Facts()
	if facts == nil {
		return nil, errUnknownFormat(d)
	}
	t, err := locate(ctx, conn, facts)
	if err != nil {
		return nil, err
	}
	rows, err := readRows(ctx, conn, facts, t)
	if err != nil {
		return nil, err
	}
	return compare(d, facts, t, rows), nil
}

// versionKey is a version as CompareVersions sees it: 0010 and 10 are one.
func versionKey(v string) string {
	parts := strings.Split(v, ".")
	for i, p := range parts {
		if p = strings.TrimLeft(p, "0"); p == "" {
			p = "0"
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

// compare makes the entries of a status from the files and the rows.
func compare(d *migrate.Dir, facts *migrate.Facts, t *Table, rows []Row) *Status {
	st := &Status{Dir: d, Facts: facts, Table: t}
	if facts.UpTo {
		st.Entries = compareUpTo(d, rows)
		return st
	}
	byVersion := map[string]Row{}
	for _, r := range rows {
		byVersion[versionKey(r.Version)] = r // a later row of a version wins (Flyway after a repair)
	}
	seen := map[string]bool{}
	latest := ""
	for _, r := range byVersion {
		if r.OK && (latest == "" || migrate.CompareVersions(r.Version, latest) > 0) {
			latest = r.Version
		}
	}
	for i, f := range d.Files {
		k := versionKey(f.Version)
		seen[k] = true
		e := Entry{Version: f.Version, File: i, State: Pending, Duration: -1}
		r, ok := byVersion[k]
		switch {
		case !ok:
			e.OutOfOrder = facts.InOrder && latest != "" && migrate.CompareVersions(f.Version, latest) < 0
		case !r.OK:
			e.State, e.AppliedAt, e.Duration = Failed, r.AppliedAt, r.Duration
		default:
			e.State, e.AppliedAt, e.Duration = Applied, r.AppliedAt, r.Duration
			if facts.Checksum != nil && r.Checksum != nil {
				if cur := facts.Checksum(i); !bytes.Equal(cur, r.Checksum) {
					e.State, e.Recorded, e.Current = Edited, r.Checksum, cur
				}
			}
		}
		st.Entries = append(st.Entries, e)
	}
	for k, r := range byVersion {
		if !seen[k] {
			st.Entries = append(st.Entries, Entry{Version: r.Version, File: -1, State: Missing, AppliedAt: r.AppliedAt, Duration: r.Duration})
		}
	}
	sort.SliceStable(st.Entries, func(i, j int) bool {
		return migrate.CompareVersions(st.Entries[i].Version, st.Entries[j].Version) < 0
	})
	return st
}

// compareUpTo reads golang-migrate's one row: every file up to its version
// is applied, the version itself is dirty when the row says so.
func compareUpTo(d *migrate.Dir, rows []Row) []Entry {
	var out []Entry
	var cur *Row
	if len(rows) > 0 {
		cur = &rows[0]
	}
	found := false
	for i, f := range d.Files {
		e := Entry{Version: f.Version, File: i, State: Pending, Duration: -1}
		if cur != nil {
			switch c := migrate.CompareVersions(f.Version, cur.Version); {
			case c < 0:
				e.State = Applied
			case c == 0:
				found = true
				e.State = Applied
				if !cur.OK {
					e.State = Dirty
				}
			}
		}
		out = append(out, e)
	}
	if cur != nil && !found {
		st := Missing
		if !cur.OK {
			st = Dirty
		}
		out = append(out, Entry{Version: cur.Version, File: -1, State: st, Duration: -1})
		sort.SliceStable(out, func(i, j int) bool { return migrate.CompareVersions(out[i].Version, out[j].Version) < 0 })
	}
	return out
}

// Count returns the number of entries in state s.
func (s *Status) Count(state State) int {
	n := 0
	for _, e := range s.Entries {
		if e.State == state {
			n++
		}
	}
	return n
}

// Exit codes of status for CI.
const (
	ExitUpToDate = 0 // every migration applied, as it is in the directory
	ExitProblem  = 1 // an edited, missing, failed or dirty migration
	ExitPending  = 2 // migrations to apply, and nothing wrong
)

// ExitCode is the exit code status gives for s.
func (s *Status) ExitCode() int {
	if s.Count(Edited)+s.Count(Missing)+s.Count(Failed)+s.Count(Dirty) > 0 {
		return ExitProblem
	}
	if s.Count(Pending) > 0 {
		return ExitPending
	}
	return ExitUpToDate
}

// Name is the file name of entry e, or its version when it has no file.
func (s *Status) Name(e Entry) string {
	if e.File < 0 {
		return e.Version
	}
	return s.Dir.Files[e.File].Name
}
