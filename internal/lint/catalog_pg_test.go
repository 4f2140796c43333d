package lint

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/pgtest"
)

const catalogSchema = `
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, email text);
CREATE TABLE app.big (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint,
    name varchar(50),
    note text,
    CONSTRAINT big_name_nn CHECK (name IS NOT NULL),
    CONSTRAINT big_other CHECK (note IS NOT NULL OR name IS NOT NULL)
);
-- NOT VALID is ignored in CREATE TABLE (the table is empty): add them after.
ALTER TABLE app.big ADD CONSTRAINT big_note_nn CHECK (note IS NOT NULL) NOT VALID;
ALTER TABLE app.big ADD CONSTRAINT big_account_fkey FOREIGN KEY (account_id) REFERENCES app.accounts (id) NOT VALID;
CREATE INDEX big_account_idx ON app.big (account_id);
INSERT INTO app.big (name, note) SELECT 'n' || g, 'x' FROM generate_series(1, 20000) g;
CREATE TABLE app.small (id int, status text);
INSERT INTO app.small SELECT g, 's' FROM generate_series(1, 50) g;
CREATE TABLE app.never (id int);
CREATE TABLE app.events (at date, v int) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_other PARTITION OF app.events DEFAULT;
INSERT INTO app.events SELECT date '2024-01-01' + (g % 300), g FROM generate_series(1, 30000) g;
CREATE TABLE public.elsewhere (id int);
ANALYZE app.big, app.small, app.events_2024, app.events_other, app.accounts;
`

func loadTestCatalog(t *testing.T) (*DBCatalog, string) {
	t.Helper()
	url := pgtest.New(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, catalogSchema); err != nil {
		t.Fatal(err)
	}
	cat, err := LoadCatalog(ctx, conn, []string{"app"})
	if err != nil {
		t.Fatal(err)
	}
	return cat, url
}

func TestLoadCatalog(t *testing.T) {
	cat, _ := loadTestCatalog(t)
	app := func(n string) effect.Name { return effect.Name{Schema: "app", Name: n} }

	if _, ok := cat.Table(effect.Name{Schema: "public", Name: "elsewhere"}); ok {
		t.Errorf("public.elsewhere read although only schema app was asked for")
	}
	big, ok := cat.Table(app("big"))
	if !ok {
		t.Fatal("app.big missing")
	}
	if big.Rows != 20000 || big.Pages <= 0 || !big.Sized || big.Kind != effect.KindTable {
		t.Errorf("app.big size = %v rows, %v pages, sized %v, kind %v", big.Rows, big.Pages, big.Sized, big.Kind)
	}
	wantCols := []effect.ColumnInfo{
		{Name: "id", Type: "bigint", NotNull: true},
		{Name: "account_id", Type: "bigint"},
		{Name: "name", Type: "character varying(50)"},
		{Name: "note", Type: "text"},
	}
	if diff := cmp.Diff(wantCols, big.Columns); diff != "" {
		t.Errorf("app.big columns (-want +got):\n%s", diff)
	}
	wantChecks := []effect.CheckInfo{
		{Name: "big_name_nn", NotNullColumn: "name", Valid: true},
		{Name: "big_note_nn", NotNullColumn: "note", Valid: false},
		{Name: "big_other", Valid: true},
	}
	if diff := cmp.Diff(wantChecks, big.Checks); diff != "" {
		t.Errorf("app.big checks (-want +got):\n%s", diff)
	}
	wantFKs := []effect.ForeignKeyInfo{{Name: "big_account_fkey", Columns: []string{"account_id"}, References: app("accounts"), Valid: false}}
	if diff := cmp.Diff(wantFKs, big.ForeignKeys); diff != "" {
		t.Errorf("app.big foreign keys (-want +got):\n%s", diff)
	}
	if ix, ok := cat.Index(app("big_account_idx")); !ok || ix.Table != app("big") || ix.Unique {
		t.Errorf("big_account_idx = %+v, %v", ix, ok)
	}
	if ix, ok := cat.Index(app("big_pkey")); !ok || !ix.Primary || !ix.Unique {
		t.Errorf("big_pkey = %+v, %v", ix, ok)
	}
	// PostgreSQL 14+ stores reltuples = -1 for a table never vacuumed or analyzed.
	if never, _ := cat.Table(app("never")); never.Rows >= 0 {
		t.Errorf("app.never rows = %v, want unknown (-1)", never.Rows)
	}
	ev, _ := cat.Table(app("events"))
	if ev.Kind != effect.KindPartitioned || ev.Rows != 30000 || ev.Pages <= 0 || ev.DefaultPartition != app("events_other") {
		t.Errorf("app.events = kind %v, %v rows, %v pages, default %v; want the sum of its partitions", ev.Kind, ev.Rows, ev.Pages, ev.DefaultPartition)
	}
	if p, _ := cat.Table(app("events_2024")); p.Parent != app("events") {
		t.Errorf("events_2024 parent = %v", p.Parent)
	}
	if cat.BlockSize() != 8192 {
		t.Errorf("block size = %d", cat.BlockSize())
	}
}

// TestLintWithCatalog lints against the live catalog: sizes are stated,
// small tables are downgraded, and a validated CHECK spares SET NOT NULL.
func TestLintWithCatalog(t *testing.T) {
	cat, _ := loadTestCatalog(t)
	l := New(DefaultConfig(), cat)
	got := l.Lint(File{Name: "m.sql", Text: `SET lock_timeout = '1s';
CREATE INDEX big_name_idx ON app.big (name);
CREATE INDEX small_status_idx ON app.small (status);
CREATE INDEX never_id_idx ON app.never (id);
ALTER TABLE app.big ALTER COLUMN name SET NOT NULL;
ALTER TABLE app.big ALTER COLUMN note SET NOT NULL;
ALTER TABLE app.big ALTER COLUMN name TYPE varchar(80);
`})
	want := `m.sql:2:1: warning concurrent-index: CREATE INDEX takes SHARE on app.big and blocks writes while it reads the whole table to build the index (app.big: ~20k rows, 944 kB)
m.sql:3:1: info concurrent-index: CREATE INDEX takes SHARE on app.small and blocks writes while it reads the whole table to build the index (app.small: ~50 rows, 8192 bytes); info only: fewer than 10k rows (small_table_rows)
m.sql:4:1: warning concurrent-index: CREATE INDEX takes SHARE on app.never and blocks writes while it reads the whole table to build the index (app.never: size unknown: never vacuumed or analyzed)
m.sql:6:13: warning set-not-null: SET NOT NULL on app.big.note checks every row for NULL while holding ACCESS EXCLUSIVE (blocks reads and writes) (app.big: ~20k rows, 944 kB)
m.sql:7:44: info prefer-text: column name of app.big is varchar(80)
`
	var b strings.Builder
	for _, f := range got {
		f.Hint = ""
		b.WriteString(render([]Finding{f}))
	}
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestLoadCatalogDoesNotBlock holds ACCESS EXCLUSIVE on a table in another
// session: reading the catalog must not wait for it.
func TestLoadCatalogDoesNotBlock(t *testing.T) {
	_, url := loadTestCatalog(t)
	ctx := context.Background()
	holder, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(ctx)
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if _, err := tx.Exec(ctx, "LOCK TABLE app.big, app.events IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET lock_timeout = '2s'"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cat, err := LoadCatalog(ctx, conn, nil)
	if err != nil {
		t.Fatalf("LoadCatalog while app.big is locked: %v", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("LoadCatalog took %v while app.big was locked", d)
	}
	if _, ok := cat.Table(effect.Name{Schema: "public", Name: "elsewhere"}); !ok {
		t.Errorf("schemas = nil should read every user schema")
	}
}
