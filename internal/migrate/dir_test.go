package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/lint"
)

// fileSummary is what a test checks of a File.
type fileSummary struct {
	Name, Version, Description string
	Up                         string
	Tx                         lint.TxMode
}

func summarize(d *Dir) []fileSummary {
	var out []fileSummary
	for _, f := range d.Files {
		out = append(out, fileSummary{f.Name, f.Version, f.Description, f.Up(), f.Tx})
	}
	return out
}

func files(kv ...string) map[string][]byte {
	m := map[string][]byte{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = []byte(kv[i+1])
	}
	return m
}

func TestFromFiles(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string][]byte
		format  Format // "" detects
		want    Format
		files2  []fileSummary
		ignored []string
	}{
		{
			name: "sqlx",
			files: files(
				"20240102000000_index.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
				"20240101000000_init.sql", "CREATE TABLE t (a int);\n",
				"README.md", "not a migration",
				"schemactl.sum", "h1:...",
			),
			want: FormatSQLx,
			files2: []fileSummary{
				{"20240101000000_init.sql", "20240101000000", "init", "CREATE TABLE t (a int);\n", lint.TxFile},
				{"20240102000000_index.sql", "20240102000000", "index", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n", lint.TxOneQuery},
			},
		},
		{
			name: "sqlx reversible, told by its marker",
			files: files(
				"1_init.up.sql", "CREATE TABLE t (a int);\n",
				"1_init.down.sql", "DROP TABLE t;\n",
				"2_index.up.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
				"2_index.down.sql", "DROP INDEX i;\n",
			),
			want: FormatSQLx,
			files2: []fileSummary{
				{"1_init.up.sql", "1", "init", "CREATE TABLE t (a int);\n", lint.TxFile},
				{"2_index.up.sql", "2", "index", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n", lint.TxOneQuery},
			},
		},
		{
			name: "golang-migrate",
			files: files(
				"000002_index.up.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n",
				"000002_index.down.sql", "DROP INDEX i;\n",
				"000010_more.up.sql", "ALTER TABLE t ADD b int;\n",
				"000001_init.up.sql", "CREATE TABLE t (a int);\n",
				"notes.sql", "-- scratch\n",
			),
			want: FormatGolangMigrate,
			files2: []fileSummary{
				{"000001_init.up.sql", "000001", "init", "CREATE TABLE t (a int);\n", lint.TxOneQuery},
				{"000002_index.up.sql", "000002", "index", "CREATE INDEX CONCURRENTLY i ON t (a);\n", lint.TxOneQuery},
				{"000010_more.up.sql", "000010", "more", "ALTER TABLE t ADD b int;\n", lint.TxOneQuery},
			},
			ignored: []string{"notes.sql"},
		},
		{
			name: "goose",
			files: files(
				"20240101000000_init.sql", "-- +goose Up\nCREATE TABLE t (a int);\n\n-- +goose Down\nDROP TABLE t;\n",
				"20240102000000_index.sql", "-- +goose NO TRANSACTION\n-- +goose up\n-- +goose StatementBegin\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose StatementEnd\n-- +goose down\nDROP INDEX i;\n",
			),
			want: FormatGoose,
			files2: []fileSummary{
				{"20240101000000_init.sql", "20240101000000", "init", "CREATE TABLE t (a int);\n\n", lint.TxFile},
				{"20240102000000_index.sql", "20240102000000", "index", "-- +goose StatementBegin\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose StatementEnd\n", lint.TxAutocommit},
			},
		},
		{
			name: "dbmate",
			files: files(
				"20240101000000_init.sql", "-- migrate:up\nCREATE TABLE t (a int);\n\n-- migrate:down\nDROP TABLE t;\n",
				"20240102000000_index.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n",
				"20240103000000.sql", "-- migrate:up\nALTER TABLE t ADD b int;\n",
			),
			want: FormatDbmate,
			files2: []fileSummary{
				{"20240101000000_init.sql", "20240101000000", "init", "CREATE TABLE t (a int);\n\n", lint.TxFile},
				{"20240102000000_index.sql", "20240102000000", "index", "CREATE INDEX CONCURRENTLY i ON t (a);\n", lint.TxOneQuery},
				{"20240103000000.sql", "20240103000000", "", "ALTER TABLE t ADD b int;\n", lint.TxFile},
			},
		},
		{
			name: "flyway",
			files: files(
				"V1__init.sql", "CREATE TABLE t (a int);\n",
				"V1_10__later.sql", "ALTER TABLE t ADD c int;\n",
				"V1.2__index.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n",
				"V1.2__index.sql.conf", "executeInTransaction=false\n",
				"R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT * FROM t;\n",
				"U1.2__undo.sql", "DROP INDEX i;\n",
			),
			want: FormatFlyway,
			files2: []fileSummary{
				{"V1__init.sql", "1", "init", "CREATE TABLE t (a int);\n", lint.TxFlyway},
				{"V1.2__index.sql", "1.2", "index", "CREATE INDEX CONCURRENTLY i ON t (a);\n", lint.TxAutocommit},
				{"V1_10__later.sql", "1.10", "later", "ALTER TABLE t ADD c int;\n", lint.TxFlyway},
			},
			ignored: nil,
		},
		{
			name:   "golang-migrate forced on a sqlx-looking directory",
			files:  files("1_a.up.sql", "-- no-transaction\nSELECT 1;\n"),
			format: FormatGolangMigrate,
			want:   FormatGolangMigrate,
			files2: []fileSummary{{"1_a.up.sql", "1", "a", "-- no-transaction\nSELECT 1;\n", lint.TxOneQuery}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := FromFiles("db/migrations", c.files, c.format)
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != c.want {
				t.Errorf("format = %s, want %s", d.Format, c.want)
			}
			if diff := cmp.Diff(c.files2, summarize(d)); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.ignored, d.Ignored); diff != "" {
				t.Errorf("ignored (-want +got):\n%s", diff)
			}
			for _, f := range d.Files {
				if f.Path != filepath.Join("db/migrations", f.Name) {
					t.Errorf("path = %q", f.Path)
				}
			}
		})
	}
}

func TestFromFilesErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"same version", files("1_a.sql", "", "01_b.sql", ""), "have the same version 1"},
		{"goose without up", files("1_a.sql", "-- +goose Up\nSELECT 1;\n", "2_b.sql", "SELECT 2;\n"), "2_b.sql: no -- +goose Up annotation"},
		{"dbmate without up", files("1_a.sql", "-- migrate:up\nSELECT 1;\n", "2_b.sql", "SELECT 2;\n"), "2_b.sql: no -- migrate:up section"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := FromFiles("m", c.files, "")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("2_b.sql", "SELECT 2;\n")
	write("1_a.sql", "SELECT 1;\n")
	write(".3_hidden.sql", "SELECT 3;\n")
	write("schemactl.sum", "sum\n")
	if err := os.Mkdir(filepath.Join(dir, "4_sub.sql"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := ReadDir(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range d.Files {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{"1_a.sql", "2_b.sql"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if _, err := ReadDir(filepath.Join(dir, "missing"), ""); err == nil {
		t.Error("no error for a missing directory")
	}
}

func TestCompareVersions(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"1", "2", -1},
		{"9", "10", -1},
		{"010", "10", 0},
		{"20240101000000", "20231231235959", 1},
		{"1.2", "1.10", -1},
		{"1.2", "1.2.0", 0},
		{"1.2.1", "1.2", 1},
		{"99999999999999999999999", "100000000000000000000000", -1},
	}
	for _, c := range cases {
		if got := CompareVersions(c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := CompareVersions(c.b, c.a); got != -c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestMarkers(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		want   Marked
		wantOK bool
	}{
		{"plain", "CREATE TABLE t (a int);\n", Marked{End: 24}, false},
		{"sqlx", "-- no-transaction\nSELECT 1;\n", Marked{Format: FormatSQLx, End: 28, Tx: lint.TxOneQuery}, true},
		{"sqlx marker not first", "\n-- no-transaction\nSELECT 1;\n", Marked{End: 29}, false},
		{"goose", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n", Marked{Format: FormatGoose, Start: 13, End: 23, Tx: lint.TxFile}, true},
		{"goose no transaction", "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n", Marked{Format: FormatGoose, Start: 38, End: 48, Tx: lint.TxAutocommit}, true},
		{"dbmate", "-- migrate:up\nSELECT 1;\n-- migrate:down\n", Marked{Format: FormatDbmate, Start: 14, End: 24, Tx: lint.TxFile}, true},
		{"dbmate no transaction", "-- migrate:up transaction:false\nSELECT 1;\n", Marked{Format: FormatDbmate, Start: 32, End: 42, Tx: lint.TxOneQuery}, true},
		{"crlf goose", "-- +goose Up\r\nSELECT 1;\r\n-- +goose Down\r\n", Marked{Format: FormatGoose, Start: 14, End: 25, Tx: lint.TxFile}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Markers(c.text)
			if ok != c.wantOK {
				t.Errorf("ok = %v", ok)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
