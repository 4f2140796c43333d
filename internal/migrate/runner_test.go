package migrate

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/state"
	"github.com/schemactl/schemactl/schema"
)

// check is a DO block that fails the migration unless cond holds.
func check(cond, msg string) string {
	return "DO $$ BEGIN IF NOT (" + cond + ") THEN RAISE EXCEPTION '" + msg + "'; END IF; END $$;\n"
}

const usersTable = "CREATE TABLE users (id bigint PRIMARY KEY);\n"

// TestReplayRunnerTables replays, for each runner, a directory whose second
// migration checks the rows the runner wrote for the first (so a wrong
// column, value or checksum fails the replay), then selects, updates and
// deletes them, and whose third checks the rows as the runner leaves them
// after the second. The runner's table is not in the replay's state, its
// dump or its diff against a desired state that does not declare it,
// unless the loader keeps it.
func TestReplayRunnerTables(t *testing.T) {
	ctx := context.Background()
	sqlxFirst := usersTable
	sqlxSum := sha512.Sum384([]byte(sqlxFirst))
	flywayFirst := "-- users\r\n" + usersTable
	tests := []struct {
		format Format
		files  map[string]string
	}{
		{FormatSQLx, map[string]string{
			"20240101000000_create_users.sql": sqlxFirst,
			"20240102000000_fix_history.sql": check(`(SELECT count(*) FROM _sqlx_migrations WHERE version = 20240101000000 AND description = 'create users'
  AND success AND checksum = '\x`+hex.EncodeToString(sqlxSum[:])+`'::bytea AND execution_time > 0 AND installed_on <= now()) = 1`, "first row") +
				"SELECT version, checksum FROM _sqlx_migrations;\n" +
				"UPDATE _sqlx_migrations SET description = 'renamed' WHERE version = 20240101000000;\n" +
				"DELETE FROM public._sqlx_migrations WHERE description = 'renamed';\n" +
				"CREATE TABLE after_cleanup (id bigint);\n",
			"20240103000000_check.sql": check(`(SELECT array_agg(version ORDER BY version) FROM _sqlx_migrations) = ARRAY[20240102000000::bigint]`, "rows after"),
		}},
		{FormatGolangMigrate, map[string]string{
			"1_create_users.up.sql":   usersTable,
			"1_create_users.down.sql": "DROP TABLE users;\n",
			"2_fix_history.up.sql": check(`(SELECT array_agg(version::text || dirty::text) FROM schema_migrations) = ARRAY['2true']`, "dirty row") +
				"SELECT version, dirty FROM schema_migrations;\n" +
				"UPDATE schema_migrations SET dirty = false;\n" +
				"DELETE FROM schema_migrations;\n" +
				"CREATE TABLE after_cleanup (id bigint);\n",
			"2_fix_history.down.sql": "DROP TABLE after_cleanup;\n",
			"3_check.up.sql":         check(`(SELECT array_agg(version::text || dirty::text) FROM schema_migrations) = ARRAY['3true']`, "rows after"),
			"3_check.down.sql":       "",
		}},
		{FormatGoose, map[string]string{
			"20240101000000_create_users.sql": "-- +goose Up\n" + usersTable + "-- +goose Down\nDROP TABLE users;\n",
			"20240102000000_fix_history.sql": "-- +goose Up\n" +
				check(`(SELECT array_agg(version_id ORDER BY id) FROM goose_db_version WHERE is_applied AND tstamp IS NOT NULL) = ARRAY[0, 20240101000000]::bigint[]`, "rows") +
				"SELECT version_id FROM goose_db_version;\n" +
				"UPDATE goose_db_version SET is_applied = false WHERE version_id = 20240101000000;\n" +
				"DELETE FROM goose_db_version WHERE NOT is_applied;\n" +
				"CREATE TABLE after_cleanup (id bigint);\n",
			"20240103000000_check.sql": "-- +goose Up\n" +
				check(`(SELECT array_agg(version_id ORDER BY id) FROM goose_db_version) = ARRAY[0, 20240102000000]::bigint[]`, "rows after"),
		}},
		{FormatDbmate, map[string]string{
			"20240101000000_create_users.sql": "-- migrate:up\n" + usersTable + "\n-- migrate:down\nDROP TABLE users;\n",
			"20240102000000_fix_history.sql": "-- migrate:up\n" +
				check(`(SELECT array_agg(version) FROM schema_migrations) = ARRAY['20240101000000']::varchar[]`, "rows") +
				"SELECT version FROM schema_migrations;\n" +
				"UPDATE schema_migrations SET version = 'x' WHERE version = '20240101000000';\n" +
				"DELETE FROM schema_migrations WHERE version = 'x';\n" +
				"CREATE TABLE after_cleanup (id bigint);\n" +
				"\n-- migrate:down\nDROP TABLE after_cleanup;\n",
			"20240103000000_check.sql": "-- migrate:up\n" +
				check(`(SELECT array_agg(version) FROM schema_migrations) = ARRAY['20240102000000']::varchar[]`, "rows after"),
		}},
		{FormatFlyway, map[string]string{
			"V1__create_users.sql": flywayFirst,
			"V1_1__fix_history.sql": check(`(SELECT count(*) FROM flyway_schema_history WHERE installed_rank = 1 AND version = '1' AND description = 'create users'
  AND type = 'SQL' AND script = 'V1__create_users.sql' AND checksum = `+itoa(FlywayChecksum(flywayFirst))+`
  AND installed_by = current_user AND execution_time >= 0 AND success) = 1`, "first row") +
				"SELECT installed_rank, checksum FROM flyway_schema_history;\n" +
				"UPDATE flyway_schema_history SET success = false WHERE version = '1';\n" +
				"DELETE FROM flyway_schema_history WHERE NOT success;\n" +
				"CREATE TABLE after_cleanup (id bigint);\n",
			"V2__check.sql": check(`(SELECT array_agg(version || ':' || installed_rank ORDER BY installed_rank) FROM flyway_schema_history) = ARRAY['1.1:1']::text[]`, "rows after"),
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			t.Parallel()
			dir := writeDir(t, tt.files)
			d, err := ReadDir(dir, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			table := RunnerTable(tt.format)
			l := newLoader(t)
			st, err := Replay(ctx, l, d)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if _, ok := st.Realm.Table(qualified("public", "after_cleanup")); !ok {
				t.Fatal("the migrations did not all run: no table after_cleanup")
			}
			if _, ok := st.Realm.Table(qualified("public", table)); ok {
				t.Errorf("the replay's state holds the runner's table %s", table)
			}
			dump, _, err := DumpDir(ctx, l, dir, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(dump), table) {
				t.Errorf("the dump names the runner's table %s:\n%s", table, dump)
			}
			// A desired state without the table: migrate check finds nothing to do.
			want := filepath.Join(t.TempDir(), "schema.sql")
			if err := os.WriteFile(want, []byte(usersTable+"CREATE TABLE after_cleanup (id bigint);\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			desired, err := l.Files(ctx, []string{want})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(DefaultDumpPath(dir), dump, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Check(ctx, l, CheckOptions{Dir: dir, Format: tt.format, Desired: desired})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(res.Missing.Statements); n > 0 {
				t.Errorf("migrate check: %d statements missing, the first %s", n, res.Missing.Statements[0].SQL)
			}

			keep := &state.Loader{DevURL: l.DevURL, KeepRunnerTables: true}
			t.Cleanup(func() { keep.Close() })
			st, err = Replay(ctx, keep, d)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := st.Realm.Table(qualified("public", table)); !ok {
				t.Errorf("KeepRunnerTables: the replay's state lacks %s", table)
			}
		})
	}
}

// TestReplayRunnerTableWhereTheRunnerPutsIt checks that the table goes to
// the first schema of the search_path, as the runners put it, and is left
// out there.
func TestReplayRunnerTableWhereTheRunnerPutsIt(t *testing.T) {
	ctx := context.Background()
	dir := writeDir(t, map[string]string{
		"1_app.sql": "CREATE SCHEMA app;\nCREATE TABLE app.t (id bigint);\n",
		"2_use.sql": "DELETE FROM public._sqlx_migrations WHERE version = 1;\n",
	})
	d, err := ReadDir(dir, FormatSQLx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Replay(ctx, newLoader(t), d)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Realm.Schemas {
		for _, tb := range s.Tables {
			if tb.Name == "_sqlx_migrations" {
				t.Errorf("%s.%s is in the state", s.Name, tb.Name)
			}
		}
	}
}

// TestFlywayChecksum checks the properties of Flyway's checksum: the CRC-32
// of the lines without their endings, whatever the endings, and without a
// byte order mark.
func TestFlywayChecksum(t *testing.T) {
	want := int32(crc32.ChecksumIEEE([]byte("CREATE TABLE t (id int);SELECT 1;")))
	for _, text := range []string{
		"CREATE TABLE t (id int);\nSELECT 1;\n",
		"CREATE TABLE t (id int);\r\nSELECT 1;\r\n",
		"CREATE TABLE t (id int);\rSELECT 1;",
		"\uFEFFCREATE TABLE t (id int);\nSELECT 1;",
	} {
		if got := FlywayChecksum(text); got != want {
			t.Errorf("FlywayChecksum(%q) = %d, want %d", text, got, want)
		}
	}
	if FlywayChecksum("a\n\nb") != FlywayChecksum("ab") {
		t.Error("an empty line changes the checksum; Flyway feeds it as zero bytes")
	}
}

func itoa(n int32) string { return strconv.FormatInt(int64(n), 10) }

func qualified(schemaName, name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: schemaName, Name: name}
}
