package lint

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/pgtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// mapCatalog is an effect.Catalog for tests.
type mapCatalog struct {
	tables  map[effect.Name]effect.TableInfo
	indexes map[effect.Name]effect.IndexInfo
}

func (m mapCatalog) Table(n effect.Name) (effect.TableInfo, bool) { t, ok := m.tables[n]; return t, ok }
func (m mapCatalog) Index(n effect.Name) (effect.IndexInfo, bool) {
	ix, ok := m.indexes[n]
	return ix, ok
}

// ReferencedBy implements referencedBy, as DBCatalog does.
func (m mapCatalog) ReferencedBy(n effect.Name) []effect.Name {
	var out []effect.Name
	for name, t := range m.tables {
		for _, fk := range t.ForeignKeys {
			if fk.References == n {
				out = append(out, name)
			}
		}
	}
	return out
}

func pub(n string) effect.Name { return effect.Name{Schema: "public", Name: n} }

// testCatalog is the database that cases with `catalog: test` run against:
// big (5M rows), small (100 rows), accounts (no size known) and orders
// (1,000 rows, a foreign key to accounts), a
// partitioned table with a DEFAULT partition, and a table never analyzed.
// A partitioned table's size is the sum of its partitions', as LoadCatalog
// computes it.
func testCatalog() mapCatalog {
	cols := []effect.ColumnInfo{
		{Name: "id", Type: "bigint", NotNull: true},
		{Name: "email", Type: "text"},
		{Name: "status", Type: "text"},
		{Name: "n", Type: "integer"},
		{Name: "name", Type: "character varying(50)"},
		{Name: "note", Type: "text"},
		{Name: "ip", Type: "cidr"},
		{Name: "price", Type: "numeric(10,2)"},
		{Name: "created", Type: "timestamp without time zone"},
		{Name: "account_id", Type: "bigint"},
	}
	checks := []effect.CheckInfo{{Name: "big_email_not_null", NotNullColumn: "email", Valid: true}, {Name: "big_note_not_null", NotNullColumn: "note", Valid: false}}
	return mapCatalog{
		tables: map[effect.Name]effect.TableInfo{
			pub("big"):      {Name: pub("big"), Kind: effect.KindTable, Columns: cols, Checks: checks, Rows: 5e6, Pages: 80000, Sized: true},
			pub("small"):    {Name: pub("small"), Kind: effect.KindTable, Columns: cols, Rows: 100, Pages: 2, Sized: true},
			pub("accounts"): {Name: pub("accounts"), Kind: effect.KindTable, Columns: []effect.ColumnInfo{{Name: "id", Type: "bigint", NotNull: true}, {Name: "email", Type: "text"}}, Rows: -1},
			pub("orders"): {Name: pub("orders"), Kind: effect.KindTable, Columns: []effect.ColumnInfo{{Name: "id", Type: "bigint", NotNull: true}, {Name: "account_id", Type: "bigint"}},
				ForeignKeys: []effect.ForeignKeyInfo{{Name: "orders_account_id_fkey", Columns: []string{"account_id"}, References: pub("accounts"), Valid: true}}, Rows: 1000, Pages: 10, Sized: true},
			pub("unanalyzed"):     {Name: pub("unanalyzed"), Kind: effect.KindTable, Columns: cols, Rows: -1, Pages: 0, Sized: true},
			pub("events"):         {Name: pub("events"), Kind: effect.KindPartitioned, DefaultPartition: pub("events_default"), Sized: true, Rows: 2e6 + 10, Pages: 30001},
			pub("events_2024"):    {Name: pub("events_2024"), Kind: effect.KindTable, Parent: pub("events"), Sized: true, Rows: 2e6, Pages: 30000},
			pub("events_default"): {Name: pub("events_default"), Kind: effect.KindTable, Parent: pub("events"), Sized: true, Rows: 10, Pages: 1},
			pub("logs"):           {Name: pub("logs"), Kind: effect.KindPartitioned, Sized: true, Rows: 0},
			pub("logs_2024"):      {Name: pub("logs_2024"), Kind: effect.KindTable, Parent: pub("logs"), Sized: true, Rows: 3e6, Pages: 40000},
		},
		indexes: map[effect.Name]effect.IndexInfo{
			pub("big_pkey"):      {Name: pub("big_pkey"), Table: pub("big"), Unique: true, Primary: true},
			pub("big_email_idx"): {Name: pub("big_email_idx"), Table: pub("big")},
			pub("small_n_idx"):   {Name: pub("small_n_idx"), Table: pub("small")},
		},
	}
}

// A lintCase is one txtar file of testdata/<rule>/: options in the
// comment, SQL files, and the expected findings in a file named "want".
type lintCase struct {
	mode    TxMode
	runner  string
	catalog effect.Catalog
	cfg     *Config
	replay  []File // before*.sql: context only
	files   []File
}

func parseCase(t *testing.T, ar *txtar.Archive) lintCase {
	t.Helper()
	c := lintCase{cfg: DefaultConfig()}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("bad option line %q", line)
		}
		val = strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case "mode":
			found := false
			for i, n := range txModeNames {
				if n == val {
					c.mode, found = TxMode(i), true
				}
			}
			if !found {
				t.Fatalf("unknown mode %q", val)
			}
		case "runner":
			c.runner = val
		case "catalog":
			if val != "test" {
				t.Fatalf("unknown catalog %q", val)
			}
			c.catalog = testCatalog()
		case "severity":
			if err := c.cfg.SetSeverityFlag(val); err != nil {
				t.Fatal(err)
			}
		case "config":
			if diags := c.cfg.Load([]byte(val), "config"); diags.HasErrors() {
				t.Fatal(diags)
			}
		default:
			t.Fatalf("unknown option %q", key)
		}
	}
	for _, f := range ar.Files {
		if f.Name == "want" {
			continue
		}
		file := File{Name: f.Name, Text: string(f.Data), Mode: c.mode, Runner: c.runner}
		if c.runner == "sqlx" && strings.HasPrefix(file.Text, "-- no-transaction") {
			// sqlx's own marker, which internal/migrate reads for real.
			file.Mode = TxOneQuery
		}
		if strings.HasPrefix(f.Name, "before") {
			c.replay = append(c.replay, file)
		} else {
			c.files = append(c.files, file)
		}
	}
	return c
}

func (c lintCase) run(t *testing.T) []Finding {
	t.Helper()
	l := New(c.cfg, c.catalog)
	for _, f := range c.replay {
		if err := l.Replay(f); err != nil {
			t.Fatalf("replay: %v", err)
		}
	}
	var out []Finding
	for _, f := range c.files {
		out = append(out, l.Lint(f)...)
	}
	return out
}

func wantOf(ar *txtar.Archive) (string, int) {
	for i, f := range ar.Files {
		if f.Name == "want" {
			return string(f.Data), i
		}
	}
	return "", -1
}

func render(fs []Finding) string {
	var b bytes.Buffer
	if err := writeText(&b, fs, WriteOptions{}); err != nil {
		panic(err)
	}
	return b.String()
}

// minCases is how many triggering (trigger_*) and near-miss (ok_*) cases
// every rule keeps in testdata/<rule>/: a rule is only as precise as the
// cases on either side of its line.
const minCases = 5

// TestRules runs testdata/<rule>/*.txtar. A case named trigger_* must
// produce at least one finding of the directory's rule and ok_* none; the
// findings of that rule must match the case's want file (rewritten with
// -update). testdata/scenarios/ compares every rule's findings.
func TestRules(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "sarif" || e.Name() == "fuzz" || e.Name() == "config" {
			continue
		}
		id := e.Name()
		_, isRule := LookupRule(id)
		if !isRule && id != "scenarios" {
			t.Errorf("testdata/%s names no rule", id)
			continue
		}
		seen[id] = true
		paths, _ := filepath.Glob(filepath.Join("testdata", id, "*.txtar"))
		triggers, oks := 0, 0
		for _, path := range paths {
			base := filepath.Base(path)
			t.Run(id+"/"+strings.TrimSuffix(base, ".txtar"), func(t *testing.T) {
				ar, err := txtar.ParseFile(path)
				if err != nil {
					t.Fatal(err)
				}
				got := parseCase(t, ar).run(t)
				if isRule {
					var mine []Finding
					for _, f := range got {
						if f.Rule == id {
							mine = append(mine, f)
						}
					}
					switch {
					case strings.HasPrefix(base, "trigger_"):
						if len(mine) == 0 {
							t.Errorf("no %s finding; all findings:\n%s", id, render(got))
						}
					case strings.HasPrefix(base, "ok_"):
						if len(mine) != 0 {
							t.Errorf("unexpected %s finding:\n%s", id, render(mine))
						}
					default:
						t.Errorf("case name must start with trigger_ or ok_")
					}
					got = mine
				}
				gotText := render(got)
				want, at := wantOf(ar)
				if *update {
					if at < 0 {
						ar.Files = append(ar.Files, txtar.File{Name: "want"})
						at = len(ar.Files) - 1
					}
					ar.Files[at].Data = []byte(gotText)
					if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				if diff := cmp.Diff(want, gotText); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
			})
			switch {
			case strings.HasPrefix(base, "trigger_"):
				triggers++
			case strings.HasPrefix(base, "ok_"):
				oks++
			}
		}
		if isRule && (triggers < minCases || oks < minCases) {
			t.Errorf("testdata/%s: %d trigger and %d ok cases, want at least %d of each", id, triggers, oks, minCases)
		}
	}
	for _, r := range allRules {
		if (r.check != nil || r.finish != nil) && !seen[r.ID] {
			t.Errorf("rule %s has no testdata directory", r.ID)
		}
	}
	if t.Failed() {
		var ids []string
		for id := range seen {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		t.Log("directories:", fmt.Sprint(ids))
	}
}
