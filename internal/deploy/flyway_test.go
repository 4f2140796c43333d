package deploy_test

import (
	"context"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// flywayCRC is Flyway's checksum computed here, apart from
// migrate.FlywayChecksum: the CRC-32 of the lines without their endings.
func flywayCRC(text string) int32 {
	h := crc32.NewIEEE()
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		h.Write([]byte(line))
	}
	return int32(h.Sum32())
}

// TestFlywayTable checks the rows of flyway_schema_history (Flyway's CLI
// is not reachable here: its layout and checksum are computed in the
// test), a script configured with executeInTransaction=false, and the
// refusals Flyway makes: a migration mixing transactional and
// non-transactional statements, and a failed one.
func TestFlywayTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	files := map[string]string{
		"V1__create_users.sql":      "CREATE TABLE users (id bigint PRIMARY KEY, email text);\r\nCREATE TABLE teams (id int);\r\n",
		"V1.1__index.sql":           "CREATE INDEX CONCURRENTLY users_email ON users (email);\n",
		"V2__fill.sql":              "INSERT INTO teams VALUES (1);\nINSERT INTO teams VALUES (2);\n",
		"V2__fill.sql.conf":         "executeInTransaction=false\n",
		"V3__mixed.sql":             "CREATE TABLE x (id int);\nCREATE INDEX CONCURRENTLY x_id ON x (id);\n",
		"R__views.sql":              "CREATE OR REPLACE VIEW v AS SELECT 1;\n",
		"U1__undo_create_users.sql": "DROP TABLE users;\n",
	}
	conn := connect(t, pgtest.New(t))
	d := writeDir(t, migrate.FormatFlyway, files)
	_, out, _, err := applyAll(t, conn, d, deploy.Options{})
	if err == nil || !strings.Contains(err.Error(), "V3__mixed.sql:2:1: error: the migration mixes statements") {
		t.Fatalf("apply error = %v, want Flyway's refusal of V3's mixed statements\n%s", err, out)
	}
	rows, err := conn.Query(ctx, `SELECT installed_rank, version, description, type, script, checksum, installed_by = current_user, execution_time >= 0, success
FROM flyway_schema_history ORDER BY installed_rank`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := []struct {
		version, desc, script string
	}{{"1", "create users", "V1__create_users.sql"}, {"1.1", "index", "V1.1__index.sql"}, {"2", "fill", "V2__fill.sql"}}
	i := 0
	for rows.Next() {
		var rank int32
		var version, desc, typ, script string
		var sum int32
		var by, took, success bool
		if err := rows.Scan(&rank, &version, &desc, &typ, &script, &sum, &by, &took, &success); err != nil {
			t.Fatal(err)
		}
		if i >= len(want) {
			t.Fatalf("extra row %d: %s", rank, script)
		}
		w := want[i]
		if rank != int32(i+1) || version != w.version || desc != w.desc || typ != "SQL" || script != w.script || sum != flywayCRC(files[w.script]) || !by || !took || !success {
			t.Errorf("row %d = (%d, %s, %q, %s, %s, %d, %t, %t, %t), want (%d, %s, %q, SQL, %s, %d, true, true, true)",
				i, rank, version, desc, typ, script, sum, by, took, success, i+1, w.version, w.desc, w.script, flywayCRC(files[w.script]))
		}
		i++
	}
	if i != 3 {
		t.Errorf("%d rows, want 3", i)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM teams").Scan(&n); err != nil || n != 2 {
		t.Errorf("teams has %d rows (%v), want 2", n, err)
	}
	if !strings.Contains(out, "V2__fill.sql (each statement on its own)") {
		t.Errorf("V2 with executeInTransaction=false did not run outside a transaction:\n%s", out)
	}
	wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "1.1": deploy.Applied, "2": deploy.Applied, "3": deploy.Pending})
}

// TestFlywayFailedNoTransaction: a migration that fails outside a
// transaction gets a row with success = false, as Flyway writes it, and
// the next run refuses until the user steps in.
func TestFlywayFailedNoTransaction(t *testing.T) {
	t.Parallel()
	conn := connect(t, pgtest.New(t))
	d := writeDir(t, migrate.FormatFlyway, map[string]string{
		"V1__a.sql":      "CREATE TABLE a (id int);\nINSERT INTO nope VALUES (1);\n",
		"V1__a.sql.conf": "executeInTransaction=false\n",
	})
	if _, out, _, err := applyAll(t, conn, d, deploy.Options{}); err == nil || !strings.Contains(err.Error(), "V1__a.sql:2:13") || !strings.Contains(err.Error(), "records V1__a.sql as failed") {
		t.Fatalf("apply error = %v\n%s", err, out)
	}
	if !tableExists(t, conn, "a") {
		t.Error("the statement before the failure, outside a transaction, was undone")
	}
	wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Failed})
	if _, _, _, err := applyAll(t, conn, d, deploy.Options{}); err == nil || !strings.Contains(err.Error(), "V1__a.sql is failed") {
		t.Errorf("apply over a failed migration = %v, want a refusal", err)
	}
}

// TestGooseOutOfOrder: goose refuses a pending migration older than the
// latest applied one, and so does schemactl; status marks it.
func TestGooseOutOfOrder(t *testing.T) {
	t.Parallel()
	conn := connect(t, pgtest.New(t))
	d := writeDir(t, migrate.FormatGoose, map[string]string{
		"00001_a.sql": "-- +goose Up\nCREATE TABLE a (id int);\n",
		"00003_c.sql": "-- +goose Up\nCREATE TABLE c (id int);\n",
	})
	if _, out, _, err := applyAll(t, conn, d, deploy.Options{}); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	d = writeDir(t, migrate.FormatGoose, map[string]string{
		"00001_a.sql": "-- +goose Up\nCREATE TABLE a (id int);\n",
		"00002_b.sql": "-- +goose Up\nCREATE TABLE b (id int);\n",
		"00003_c.sql": "-- +goose Up\nCREATE TABLE c (id int);\n",
	})
	st, err := deploy.ReadStatus(context.Background(), conn, d)
	if err != nil {
		t.Fatal(err)
	}
	if e := st.Entries[1]; e.State != deploy.Pending || !e.OutOfOrder {
		t.Errorf("00002 = %+v, want pending out of order", e)
	}
	if _, _, _, err := applyAll(t, conn, d, deploy.Options{}); err == nil || !strings.Contains(err.Error(), "older than the latest applied migration") {
		t.Errorf("apply of an out-of-order migration = %v, want goose's refusal", err)
	}
}

// TestLockKeys checks the keys against values computed here from the
// runners' documented formulas, apart from migrate.Facts.
func TestLockKeys(t *testing.T) {
	keys := func(f migrate.Format, db, schema string) []int64 {
		d := &migrate.Dir{Format: f}
		return d.Facts().LockKeys(db, schema)
	}
	db := "app"
	sqlx := int64(0x3d32ad9e) * int64(crc32.ChecksumIEEE([]byte(db)))
	gm := func(name string) int64 {
		return int64(crc32.ChecksumIEEE([]byte("public\x00schema_migrations\x00"+name)) * uint32(1486364155))
	}
	// Java's hashCode of "public"."flyway_schema_history", by hand.
	var h int32
	for _, c := range `"public"."flyway_schema_history"` {
		h = 31*h + int32(c)
	}
	for _, tc := range []struct {
		format migrate.Format
		want   []int64
	}{
		{migrate.FormatSQLx, []int64{sqlx}},
		{migrate.FormatGolangMigrate, []int64{gm("/app"), gm("app")}},
		{migrate.FormatGoose, []int64{4097083626}},
		{migrate.FormatFlyway, []int64{77431708279161 + int64(h)}},
	} {
		got := keys(tc.format, db, "public")
		if len(got) != len(tc.want) {
			t.Errorf("%s: keys %v, want %v", tc.format, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: keys %v, want %v", tc.format, got, tc.want)
			}
		}
	}
}
