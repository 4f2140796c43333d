package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/schemactl/schemactl/internal/plan"
)

// A NewFile is a file of a new migration, ready to be written into the
// directory.
type NewFile struct {
	// Name is the file's base name.
	Name string
	Data []byte
	// Statements counts the SQL statements that run when migrating up
	// (0 for a down file or a Flyway .conf file).
	Statements int
	// NoTransaction reports that the file's up part runs outside a
	// transaction, in the format's no-transaction form.
	NoTransaction bool
	// Down marks a down migration (.down.sql); Conf a Flyway script
	// configuration (.sql.conf).
	Down, Conf bool
}

// NewOptions describe the next migration of a directory.
type NewOptions struct {
	// Name is the migration's name as the user gave it; characters other
	// than letters, digits and underscores become underscores.
	Name string
	// Up carries the directory's state to the desired one; Down carries it
	// back. Down is needed when Reversible says so.
	Up, Down *plan.Plan
	// Reversible asks for down migrations with sqlx (.up.sql and .down.sql
	// pairs). golang-migrate, goose and dbmate always have them; Flyway
	// never does (its undo migrations are not written).
	Reversible bool
	// Now is the time the migration is written; versions are taken from it
	// in UTC.
	Now time.Time
}

// Reversible reports whether the next migration of d has down migrations:
// always for golang-migrate, goose and dbmate, never for Flyway, and for
// sqlx when asked (flag) or when the directory already uses .up.sql and
// .down.sql pairs. Asking for them with Flyway is an error.
func (d *Dir) Reversible(flag bool) (bool, error) {
	switch d.Format {
	case FormatGolangMigrate, FormatGoose, FormatDbmate:
		return true, nil
	case FormatFlyway:
		if flag {
			return false, errors.New("flyway undo migrations are not written: --reversible does not apply to flyway")
		}
		return false, nil
	}
	if flag {
		return true, nil
	}
	for _, f := range d.Files {
		if strings.HasSuffix(f.Name, ".up.sql") {
			return true, nil
		}
	}
	return false, nil
}

var reNameChars = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// migrationName makes a file-name-safe name: runs of other characters
// become one underscore.
func migrationName(name string) (string, error) {
	n := strings.Trim(reNameChars.ReplaceAllString(name, "_"), "_")
	if n == "" {
		return "", fmt.Errorf("migration name %q has no letters or digits", name)
	}
	return n, nil
}

// timestampLayout is the UTC version of sqlx, golang-migrate, goose and
// dbmate timestamps: YYYYMMDDHHMMSS.
const timestampLayout = "20060102150405"

// nextVersion returns the first version of the next migration: the UTC
// time now as YYYYMMDDHHMMSS, or the newest version plus one when that is
// not newer. A directory numbered sequentially (versions shorter than a
// timestamp, such as golang-migrate's 000001 or Flyway's V1) continues
// its sequence, keeping its zero padding; a Flyway version with dots
// (1.2) continues with the next major version.
func (d *Dir) nextVersion(now time.Time) (uint64, int, error) {
	ts, _ := strconv.ParseUint(now.UTC().Format(timestampLayout), 10, 64)
	if len(d.Files) == 0 {
		return ts, 0, nil
	}
	newest := d.Files[len(d.Files)-1].Version
	major, _, _ := strings.Cut(newest, ".")
	n, err := strconv.ParseUint(major, 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("version %s of %s is too large to follow", newest, d.Files[len(d.Files)-1].Name)
	}
	width := 0
	if strings.HasPrefix(major, "0") {
		width = len(major)
	}
	if len(strings.TrimLeft(major, "0")) < len(timestampLayout) {
		return n + 1, width, nil
	}
	if ts > n {
		return ts, 0, nil
	}
	return n + 1, 0, nil
}

// A unit is statements that go into one file: consecutive transactional
// statements, or one statement that runs outside a transaction, with the
// SET lock_timeout that the plan put before it, if any.
type unit struct {
	stmts []plan.Statement
	noTx  bool
}

// isSetting reports a statement the plan added for its own sake, such as
// SET lock_timeout.
func isSetting(s plan.Statement) bool {
	return s.Source == nil && strings.HasPrefix(s.SQL, "SET ")
}

// units splits a plan into files' worth of statements, in order.
func units(p *plan.Plan) []unit {
	var out []unit
	if p == nil {
		return nil
	}
	for _, s := range p.Statements {
		if s.Transactional {
			if n := len(out); n > 0 && !out[n-1].noTx {
				out[n-1].stmts = append(out[n-1].stmts, s)
			} else {
				out = append(out, unit{stmts: []plan.Statement{s}})
			}
			continue
		}
		u := unit{noTx: true}
		if n := len(out); n > 0 && !out[n-1].noTx {
			last := out[n-1].stmts
			if isSetting(last[len(last)-1]) {
				// The setting is meant for this statement.
				u.stmts = append(u.stmts, last[len(last)-1])
				out[n-1].stmts = last[:len(last)-1]
				if len(out[n-1].stmts) == 0 {
					out = out[:n-1]
				}
			}
		}
		u.stmts = append(u.stmts, s)
		out = append(out, u)
	}
	return out
}

// NewFiles renders the next migration of d: one file (or up and down pair)
// per unit of the up plan, in order, with consecutive versions. Statements
// that run outside a transaction each get a file of their own, in the
// format's no-transaction form, because every runner but goose sends such
// a file as one query string, which PostgreSQL runs as one implicit
// transaction when it holds several statements.
//
// Down migrations hold the down plan split the same way. Reverting runs
// the files' downs newest first, so the first unit of the down plan goes
// to the newest file, the second to the one before it, and so on; when
// the down plan has more units than the up plan, the migration gets extra
// files whose up part does nothing. Reverting the whole migration restores
// the old state; reverting only some of its files is not guaranteed to.
func (d *Dir) NewFiles(opts NewOptions) ([]NewFile, error) {
	name, err := migrationName(opts.Name)
	if err != nil {
		return nil, err
	}
	reversible, err := d.Reversible(opts.Reversible)
	if err != nil {
		return nil, err
	}
	up := units(opts.Up)
	if len(up) == 0 {
		return nil, errors.New("the migration has no statements")
	}
	var down []unit
	if reversible {
		down = units(opts.Down)
	}
	count := max(len(up), len(down))
	first, width, err := d.nextVersion(opts.Now)
	if err != nil {
		return nil, err
	}
	var out []NewFile
	for i := range count {
		version := strconv.FormatUint(first+uint64(i), 10)
		if len(version) < width {
			version = strings.Repeat("0", width-len(version)) + version
		}
		var u, du *unit
		if i < len(up) {
			u = &up[i]
		}
		if k := count - 1 - i; k < len(down) {
			du = &down[k]
		}
		out = append(out, d.render(version, name, u, du, reversible)...)
	}
	for _, f := range out {
		if _, ok := d.File(f.Name); ok {
			return nil, fmt.Errorf("%s already exists", f.Name)
		}
	}
	return out, nil
}

// render writes the files of one version: up unit u and down unit du
// (either may be nil, for nothing to do).
func (d *Dir) render(version, name string, u, du *unit, reversible bool) []NewFile {
	upNoTx, downNoTx := u != nil && u.noTx, du != nil && du.noTx
	up := NewFile{NoTransaction: upNoTx}
	if u != nil {
		// goose (NO TRANSACTION) and Flyway (executeInTransaction=false)
		// send statements one by one and keep the setting.
		up.Statements = countStatements(u, d.Format == FormatGoose || d.Format == FormatFlyway)
	}
	switch d.Format {
	case FormatGoose:
		// NO TRANSACTION is a property of the whole file.
		noTx := upNoTx || downNoTx
		var b bytes.Buffer
		if noTx {
			b.WriteString("-- +goose NO TRANSACTION\n")
		}
		b.WriteString("-- +goose Up\n")
		writeUnit(&b, u, true, gooseStatement)
		b.WriteString("\n-- +goose Down\n")
		writeUnit(&b, du, true, gooseStatement)
		up.Name, up.Data, up.NoTransaction = version+"_"+name+".sql", b.Bytes(), noTx
		return []NewFile{up}
	case FormatDbmate:
		var b bytes.Buffer
		b.WriteString("-- migrate:up" + dbmateOption(upNoTx) + "\n")
		writeUnit(&b, u, false, nil)
		b.WriteString("\n-- migrate:down" + dbmateOption(downNoTx) + "\n")
		writeUnit(&b, du, false, nil)
		up.Name, up.Data = version+"_"+name+".sql", b.Bytes()
		return []NewFile{up}
	case FormatFlyway:
		var b bytes.Buffer
		// With executeInTransaction=false Flyway runs the statements one by
		// one, so the setting can stay.
		writeUnit(&b, u, true, nil)
		up.Name, up.Data = "V"+version+"__"+name+".sql", b.Bytes()
		if upNoTx {
			conf := NewFile{Name: up.Name + ".conf", Data: []byte("executeInTransaction=false\n"), Conf: true}
			return []NewFile{up, conf}
		}
		return []NewFile{up}
	}
	// sqlx and golang-migrate: a file is the unit. sqlx marks a
	// no-transaction file by its first bytes; golang-migrate has no marker
	// and sends every file as one query string.
	sqlxMarker := d.Format != FormatGolangMigrate
	file := func(u *unit) []byte {
		var b bytes.Buffer
		if u != nil && u.noTx && sqlxMarker {
			b.WriteString("-- no-transaction\n")
		}
		writeUnit(&b, u, false, nil)
		return b.Bytes()
	}
	if !reversible {
		up.Name, up.Data = version+"_"+name+".sql", file(u)
		return []NewFile{up}
	}
	up.Name, up.Data = version+"_"+name+".up.sql", file(u)
	down := NewFile{Name: version + "_" + name + ".down.sql", Data: file(du), NoTransaction: downNoTx, Down: true}
	return []NewFile{up, down}
}

func dbmateOption(noTx bool) string {
	if noTx {
		return " transaction:false"
	}
	return ""
}

// countStatements counts the statements of u that a file holds; see
// writeUnit for keepSetting.
func countStatements(u *unit, keepSetting bool) int {
	n := 0
	for _, s := range u.stmts {
		if keepSetting || !u.noTx || !isSetting(s) {
			n++
		}
	}
	return n
}

// writeUnit writes the statements of u, separated by blank lines, each
// after its `--` lines. In a no-transaction unit, a setting is written only
// when keepSetting says the runner sends statements one by one: a file
// sent as one query string must hold its statement alone. wrap, when not
// nil, writes a statement instead of plan.WriteStatement.
func writeUnit(b *bytes.Buffer, u *unit, keepSetting bool, wrap func(*bytes.Buffer, plan.Statement)) {
	if u == nil || len(u.stmts) == 0 {
		b.WriteString("-- nothing to do\n")
		return
	}
	first := true
	for _, s := range u.stmts {
		if u.noTx && isSetting(s) && !keepSetting {
			// The runner sends this file as one query string, which must
			// hold the statement alone. Statements that run outside a
			// transaction take no lock that blocks writes (CREATE INDEX
			// CONCURRENTLY and VALIDATE CONSTRAINT take SHARE UPDATE
			// EXCLUSIVE), so the plan does not set one before them today.
			fmt.Fprintf(b, "-- not set in this file, which must hold one statement: %s\n", s.SQL)
			continue
		}
		if !first {
			b.WriteString("\n")
		}
		first = false
		if wrap != nil {
			wrap(b, s)
		} else {
			plan.WriteStatement(b, s)
		}
	}
}

// gooseStatement writes a statement for goose, which ends a statement at a
// line ending with a semicolon: a statement with such a line inside it (a
// function body) goes between StatementBegin and StatementEnd.
func gooseStatement(b *bytes.Buffer, s plan.Statement) {
	lines := strings.Split(s.SQL, "\n")
	inner := false
	for _, l := range lines[:len(lines)-1] {
		if strings.HasSuffix(strings.TrimSpace(l), ";") {
			inner = true
		}
	}
	if !inner {
		plan.WriteStatement(b, s)
		return
	}
	var st bytes.Buffer
	plan.WriteStatement(&st, s)
	text := st.String()
	// The `--` lines stay above the annotation, the SQL goes inside it.
	at := strings.Index(text, s.SQL)
	b.WriteString(text[:at])
	b.WriteString("-- +goose StatementBegin\n")
	b.WriteString(text[at:])
	b.WriteString("-- +goose StatementEnd\n")
}
