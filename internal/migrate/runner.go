package migrate

import (
	"crypto/sha512"
	"hash/crc32"
	"strconv"
	"strings"
	"time"

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
VALUES ((SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM ` + t + `), $1, $2, 'SQL', $3, $4, current_user, $5, true)`,
				Args: []any{f.Version, strings.ReplaceAll(f.Description, "_", " "), f.Name, FlywayChecksum(f.Text), int32(elapsed.Milliseconds())},
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
