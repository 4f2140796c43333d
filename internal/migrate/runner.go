package migrate

import (
	"crypto/sha512"
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/schemactl/schemactl/internal/state"
)

// This file describes what each runner keeps in the database about the
// migrations it ran, so that a replay keeps the same: the table each one
// creates before its first migration, with the columns, defaults and
// indexes it gives the table on PostgreSQL, and the rows it writes around
// each migration. The facts come from the runners' PostgreSQL drivers:
//
//   - sqlx: _sqlx_migrations; after a migration, a row with its version,
//     its description (the name with _ as spaces), success, the SHA-384 of
//     the file's bytes and execution_time -1, then execution_time set to
//     the nanoseconds it took.
//   - golang-migrate: schema_migrations(version, dirty), one row: the
//     version being applied with dirty true before it runs, dirty false
//     after (the table is truncated each time).
//   - goose: goose_db_version with a serial id and a first row for version
//     0; a row (version_id, is_applied true) per applied migration.
//   - dbmate: schema_migrations(version varchar primary key); the version
//     string of each applied migration.
//   - Flyway: flyway_schema_history, its primary key on installed_rank and
//     its index on success; a row per migration with the next rank, the
//     version, the description (_ as spaces), type SQL, the script's file
//     name, Flyway's CRC32 checksum, current_user, the milliseconds it took
//     and success.

// RunnerTable returns the name of the bookkeeping table of the runner of
// format f ("" for an unknown format). Each runner creates it in the first
// schema of the search_path that exists, public by default.
func RunnerTable(f Format) string {
	switch f {
	case FormatSQLx:
		return "_sqlx_migrations"
	case FormatGolangMigrate, FormatDbmate:
		return "schema_migrations"
	case FormatGoose:
		return "goose_db_version"
	case FormatFlyway:
		return "flyway_schema_history"
	}
	return ""
}

// Runner returns the bookkeeping that the runner of d keeps while it runs
// d's migrations (see state.Runner). keep keeps its table in the replay's
// state.
func (d *Dir) Runner(keep bool) *state.Runner {
	r := &state.Runner{Name: string(d.Format), Table: RunnerTable(d.Format), Keep: keep}
	files := d.Files
	switch d.Format {
	case FormatSQLx:
		r.Setup = func(t string) []state.Statement {
			return []state.Statement{{SQL: "CREATE TABLE IF NOT EXISTS " + t + ` (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
)`}}
		}
		r.After = func(t string, i int, elapsed time.Duration) []state.Statement {
			f := files[i]
			v := versionNumber(f.Version)
			sum := sha512.Sum384([]byte(f.Text))
			return []state.Statement{
				{SQL: "INSERT INTO " + t + " (version, description, success, checksum, execution_time) VALUES ($1, $2, TRUE, $3, -1)",
					Args: []any{v, strings.ReplaceAll(f.Description, "_", " "), sum[:]}},
				{SQL: "UPDATE " + t + " SET execution_time = $1 WHERE version = $2", Args: []any{elapsed.Nanoseconds(), v}},
			}
		}
	case FormatGolangMigrate:
		r.Setup = func(t string) []state.Statement {
			return []state.Statement{{SQL: "CREATE TABLE IF NOT EXISTS " + t + " (version bigint not null primary key, dirty boolean not null)"}}
		}
		set := func(t string, i int, dirty bool) []state.Statement {
			return []state.Statement{
				{SQL: "TRUNCATE " + t},
				{SQL: "INSERT INTO " + t + " (version, dirty) VALUES ($1, $2)", Args: []any{versionNumber(files[i].Version), dirty}},
			}
		}
		r.Before = func(t string, i int) []state.Statement { return set(t, i, true) }
		r.After = func(t string, i int, _ time.Duration) []state.Statement { return set(t, i, false) }
	case FormatGoose:
		r.Setup = func(t string) []state.Statement {
			return []state.Statement{
				{SQL: "CREATE TABLE " + t + ` (
    id serial NOT NULL,
    version_id bigint NOT NULL,
    is_applied boolean NOT NULL,
    tstamp timestamp NULL default now(),
    PRIMARY KEY(id)
)`},
				{SQL: "INSERT INTO " + t + " (version_id, is_applied) VALUES ($1, $2)", Args: []any{int64(0), true}},
			}
		}
		r.After = func(t string, i int, _ time.Duration) []state.Statement {
			return []state.Statement{{SQL: "INSERT INTO " + t + " (version_id, is_applied) VALUES ($1, $2)", Args: []any{versionNumber(files[i].Version), true}}}
		}
	case FormatDbmate:
		r.Setup = func(t string) []state.Statement {
			return []state.Statement{{SQL: "create table if not exists " + t + " (version varchar primary key)"}}
		}
		r.After = func(t string, i int, _ time.Duration) []state.Statement {
			return []state.Statement{{SQL: "insert into " + t + " (version) values ($1)", Args: []any{files[i].Version}}}
		}
	case FormatFlyway:
		r.Setup = func(t string) []state.Statement {
			return []state.Statement{
				{SQL: "CREATE TABLE " + t + ` (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
)`},
				{SQL: "ALTER TABLE " + t + ` ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank")`},
				{SQL: `CREATE INDEX "flyway_schema_history_s_idx" ON ` + t + ` ("success")`},
			}
		}
		r.After = func(t string, i int, elapsed time.Duration) []state.Statement {
			f := files[i]
			return []state.Statement{{
				SQL: "INSERT INTO " + t + ` (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
VALUES ((SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM ` + t + `), $1, $2, 'SQL', $3, $4, current_user, $5, $6)`,
				Args: []any{f.Version, strings.ReplaceAll(f.Description, "_", " "), f.Name, FlywayChecksum(f.Text), int32(elapsed.Milliseconds()), true},
			}}
		}
	default:
		return nil
	}
	return r
}

// versionNumber reads a version of digits as the runners do (a 64-bit
// integer); the file name patterns admit only digits, and a version too
// long for 64 bits, which the runners refuse too, becomes 0.
func versionNumber(v string) int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// FlywayChecksum returns the checksum Flyway records for a SQL migration:
// the CRC-32 (IEEE) of the file's lines in UTF-8, each without its line
// ending (\n, \r\n or \r, as Java's readLine splits them) and the first
// without a byte order mark, as a signed 32-bit integer. Line endings
// therefore do not change it.
func FlywayChecksum(text string) int32 {
	text = strings.TrimPrefix(text, "\uFEFF")
	h := crc32.NewIEEE()
	for len(text) > 0 {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			h.Write([]byte(text))
			break
		}
		h.Write([]byte(text[:i]))
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
	return int32(h.Sum32())
}

// Facts are what schemactl needs, besides the rows of Dir.Runner, to read a
// runner's table and to run migrations as the runner does: how to read what
// it applied, how it checksums a file, where it writes its rows, and which
// advisory lock it takes. Each is taken from the runner's own source (named
// on the field's value below), so that schemactl and the runner read the
// same table the same way and exclude each other.
type Facts struct {
	// Runner holds the table and the rows written around each migration.
	Runner *state.Runner
	// Applied is a query on the table, whose quoted, schema-qualified name
	// replaces %s, with one row per migration the runner counts as applied
	// or tried, in version order: version (text), applied_at (timestamptz,
	// NULL when the runner keeps none), duration_ns (bigint, NULL when it
	// keeps none), checksum (bytea, NULL when it keeps none) and ok (false
	// for a failed or dirty migration).
	Applied string
	// UpTo says that the table keeps only the latest version, and every
	// file up to it counts as applied (golang-migrate).
	UpTo bool
	// Checksum returns what the runner records of file i to notice an edit,
	// in the form Applied reads it; nil when the runner records nothing.
	Checksum func(i int) []byte
	// RowsInTx says that the runner writes the rows of Runner.Before and
	// Runner.After inside the migration's transaction, when it has one, so
	// that a failed file leaves no row; otherwise each set of rows is a
	// transaction of its own around the migration (golang-migrate's dirty
	// flag).
	RowsInTx bool
	// Failed returns the rows the runner writes when migration i failed
	// outside a transaction, after elapsed (Flyway's success = false); nil
	// for none.
	Failed func(table string, i int, elapsed time.Duration) []state.Statement
	// InOrder says that the runner refuses to apply a pending migration
	// older than the latest applied one (goose without allow-missing,
	// Flyway without outOfOrder).
	InOrder bool
	// LockKeys returns the keys of the session-level advisory locks the
	// runner holds while it migrates (one, or one per way of running it),
	// from current_database() and current_schema(). OwnLock is false when
	// the runner takes no lock: the key is then schemactl's own, and
	// excludes only other schemactl runs. LockSource says where the keys
	// come from.
	LockKeys   func(database, schema string) []int64
	OwnLock    bool
	LockSource string
}

// flywayLockBase is the constant Flyway adds the hash of the table's name to.
const flywayLockBase int64 = 77431708279161

// sqlxLockFactor multiplies the CRC-32 of the database name in sqlx's key.
const sqlxLockFactor int64 = 0x3d32ad9e

// golangMigrateSalt multiplies golang-migrate's CRC-32, modulo 2^32.
const golangMigrateSalt uint32 = 1486364155

// gooseLockID is goose's fixed key, the CRC-32 (IEEE) of "goose".
const gooseLockID int64 = 4097083626

// Facts returns what schemactl knows of the runner of d (see Facts), or nil
// for an unknown format.
func (d *Dir) Facts() *Facts {
	r := d.Runner(false)
	if r == nil {
		return nil
	}
	files := d.Files
	f := &Facts{Runner: r, RowsInTx: true}
	switch d.Format {
	case FormatSQLx:
		f.Applied = `SELECT version::text, installed_on, execution_time, checksum, success FROM %s ORDER BY version`
		f.Checksum = func(i int) []byte {
			sum := sha512.Sum384([]byte(files[i].Text))
			return sum[:]
		}
		// sqlx-postgres/src/migrate.rs, generate_lock_id: 0x3d32ad9e times
		// the CRC-32 (ISO-HDLC, i.e. IEEE) of current_database(), as i64.
		f.LockKeys = func(database, _ string) []int64 {
			return []int64{sqlxLockFactor * int64(crc32.ChecksumIEEE([]byte(database)))}
		}
		f.OwnLock, f.LockSource = true, "sqlx-postgres/src/migrate.rs generate_lock_id"
	case FormatGolangMigrate:
		f.Applied = `SELECT version::text, NULL::timestamptz, NULL::bigint, NULL::bytea, NOT dirty FROM %s ORDER BY version`
		f.UpTo, f.RowsInTx = true, false
		// database/util.go GenerateAdvisoryLockId, called by the postgres
		// and pgx drivers' Lock with (database, schema, table): the CRC-32
		// (IEEE) of "schema\x00table\x00database", times 1486364155 modulo
		// 2^32. The database is the path of the URL the CLI and
		// migrate.New are given ("/name"), and current_database() for a
		// program that hands the driver a connection (WithInstance), so
		// the two forms take different locks: schemactl takes both.
		key := func(database, schema string) int64 {
			sum := crc32.ChecksumIEEE([]byte(schema + "\x00" + RunnerTable(FormatGolangMigrate) + "\x00" + database))
			return int64(sum * golangMigrateSalt)
		}
		f.LockKeys = func(database, schema string) []int64 {
			return []int64{key("/"+database, schema), key(database, schema)}
		}
		f.OwnLock, f.LockSource = true, "golang-migrate database/util.go GenerateAdvisoryLockId"
	case FormatGoose:
		// The latest row of a version says whether it is applied (goose
		// writes is_applied false, or deletes the row, when it goes down);
		// version 0 is the row goose writes with the table.
		f.Applied = `SELECT version_id::text, tstamp::timestamptz, NULL::bigint, NULL::bytea, true FROM (
    SELECT DISTINCT ON (version_id) version_id, tstamp, is_applied FROM %s WHERE version_id <> 0 ORDER BY version_id, id DESC
) latest WHERE is_applied ORDER BY version_id`
		f.InOrder = true
		// goose v3 lock/session_locker_options.go DefaultLockID, taken with
		// pg_try_advisory_lock by the session locker (lock/postgres.go).
		f.LockKeys = func(string, string) []int64 { return []int64{gooseLockID} }
		f.OwnLock, f.LockSource = true, "goose v3 lock.DefaultLockID"
	case FormatDbmate:
		f.Applied = `SELECT version::text, NULL::timestamptz, NULL::bigint, NULL::bytea, true FROM %s ORDER BY version`
		// dbmate takes no lock (amacneil/dbmate issue 101 is open): the key
		// is schemactl's, made as sqlx makes its own from the database name
		// with another factor, so that it differs from every runner's.
		f.LockKeys = func(database, _ string) []int64 {
			return []int64{0x5c4e3a17 * int64(crc32.ChecksumIEEE([]byte("dbmate\x00"+database)))}
		}
		f.LockSource = "schemactl (dbmate takes no lock)"
	case FormatFlyway:
		f.Applied = `SELECT version, installed_on::timestamptz, execution_time::bigint * 1000000, int4send(checksum), success FROM %s
WHERE version IS NOT NULL ORDER BY installed_rank`
		f.Checksum = func(i int) []byte {
			var b [4]byte
			binary.BigEndian.PutUint32(b[:], uint32(FlywayChecksum(files[i].Text)))
			return b[:]
		}
		f.InOrder = true
		f.Failed = func(t string, i int, elapsed time.Duration) []state.Statement {
			s := r.After(t, i, elapsed)
			s[0].Args[5] = false // success
			return s
		}
		// flyway-database-postgresql PostgreSQLAdvisoryLockTemplate:
		// 77431708279161 plus the Java hashCode of the table's quoted name
		// ("schema"."flyway_schema_history"), which PostgreSQLConnection.lock
		// passes as the discriminator.
		f.LockKeys = func(_, schema string) []int64 {
			return []int64{flywayLockBase + int64(javaHash(quoteIdent(schema)+"."+quoteIdent(RunnerTable(FormatFlyway))))}
		}
		f.OwnLock, f.LockSource = true, "Flyway PostgreSQLAdvisoryLockTemplate"
	}
	return f
}

// javaHash is Java's String.hashCode: s[0]*31^(n-1) + ... over UTF-16
// code units, in 32-bit arithmetic.
func javaHash(s string) int32 {
	var h int32
	for _, u := range utf16.Encode([]rune(s)) {
		h = 31*h + int32(u)
	}
	return h
}

// quoteIdent quotes a name as Flyway's PostgreSQL database does: always,
// with quotes doubled.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
