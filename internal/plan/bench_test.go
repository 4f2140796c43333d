package plan_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// bigRealm builds the benchmark schema of issue 2 in memory: n tables of 15
// columns of mixed types, a primary key, two secondary indexes, a foreign
// key to the previous table, a check and comments.
func bigRealm(n int) *schema.Realm {
	types := []string{"bigint", "text", "character varying(120)", "integer", "numeric(12,2)", "boolean",
		"timestamp with time zone", "jsonb", "uuid", "date", "bytea", "text[]", "smallint", "double precision", "inet"}
	s := &schema.Schema{Name: "public"}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("table_%04d", i)
		t := &schema.Table{Name: name, Comment: "table number " + name}
		for j, typ := range types {
			c := &schema.Column{Name: fmt.Sprintf("c%02d", j), Type: typ, NotNull: j%3 == 0}
			if j == 0 {
				c.Name, c.Identity = "id", &schema.Identity{Always: true}
			}
			if j == 5 {
				c.Default = "false"
			}
			if j == 1 {
				c.Comment = "a text column"
			}
			t.Columns = append(t.Columns, c)
		}
		t.PrimaryKey = &schema.Key{Name: name + "_pkey", Columns: []string{"id"}}
		t.Indexes = []*schema.Index{
			{Name: name + "_c01_idx", Method: "btree", Parts: []*schema.IndexPart{{Column: "c01"}}},
			{Name: name + "_c06_c03_idx", Method: "btree", Parts: []*schema.IndexPart{{Column: "c06", Desc: true}, {Column: "c03"}}},
		}
		if i > 0 {
			t.ForeignKeys = []*schema.ForeignKey{{Name: name + "_c03_fkey", Columns: []string{"c03"},
				RefTable: schema.QualifiedName{Schema: "public", Name: fmt.Sprintf("table_%04d", i-1)}, RefColumns: []string{"id"}}}
		}
		t.Checks = []*schema.Check{{Name: name + "_c04_check", Expr: "c04 >= (0)::numeric"}}
		s.Tables = append(s.Tables, t)
	}
	r := &schema.Realm{Schemas: []*schema.Schema{s}}
	r.Link()
	return r
}

// BenchmarkDump2000 dumps the 2,000-table schema.
func BenchmarkDump2000(b *testing.B) {
	r := bigRealm(2000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := plan.Dump(r, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiffPlan2000 diffs the 2,000-table schema against itself with
// one column added, and plans the change: the in-memory part of
// `schemactl diff` on the benchmark schema.
func BenchmarkDiffPlan2000(b *testing.B) {
	from, to := bigRealm(2000), bigRealm(2000)
	t := to.Schemas[0].Tables[1000]
	t.Columns = append(t.Columns, &schema.Column{Name: "added", Type: "text"})
	to.Link()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		changes, err := diff.Realms(from, to, diff.Options{})
		if err != nil {
			b.Fatal(err)
		}
		p, err := plan.Build(changes, plan.Options{From: from})
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Statements) != 2 { // SET lock_timeout, ADD COLUMN
			b.Fatalf("%d statements, want 2", len(p.Statements))
		}
	}
}
