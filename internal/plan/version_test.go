package plan

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// TestCheckVersion checks that a plan for a known server refuses what that
// server cannot hold, naming the object and the minimum version, and that a
// plan for an unknown server (a dump, a migration file) refuses nothing.
func TestCheckVersion(t *testing.T) {
	s := &schema.Schema{Name: "public"}
	tbl := func(k *schema.Key, i *schema.Index, f *schema.ForeignKey) *schema.Table {
		t := &schema.Table{Schema: s, Name: "t", Columns: []*schema.Column{{Name: "a", Type: "integer"}}}
		if k != nil {
			t.Uniques = []*schema.Key{k}
		}
		if i != nil {
			i.Table = t
			t.Indexes = []*schema.Index{i}
		}
		if f != nil {
			t.ForeignKeys = []*schema.ForeignKey{f}
		}
		return t
	}
	nnd := tbl(&schema.Key{Name: "t_a_key", Columns: []string{"a"}, NullsNotDistinct: true}, nil, nil)
	nndIndex := &schema.Index{Name: "t_a_idx", Unique: true, Method: "btree", Parts: []*schema.IndexPart{{Column: "a"}}, NullsNotDistinct: true}
	tbl(nil, nndIndex, nil)
	invoker := &schema.View{Schema: s, Name: "v", Query: "SELECT 1", SecurityInvoker: true}
	atomic := &schema.Function{Schema: s, Name: "f", Returns: "integer", Language: "sql", SQLBody: "RETURN 1"}
	cases := []struct {
		name    string
		change  diff.Change
		min     int
		object  string
		feature string
	}{
		{"unique nulls not distinct", &diff.CreateTable{Table: nnd}, 15, `unique constraint t_a_key on public.t`, "NULLS NOT DISTINCT"},
		{"added unique", &diff.AlterTable{From: nnd, To: nnd, Changes: []diff.Change{&diff.AddUnique{Key: nnd.Uniques[0]}}}, 15, "t_a_key", "NULLS NOT DISTINCT"},
		{"index nulls not distinct", &diff.CreateIndex{Index: nndIndex}, 15, "index t_a_idx on public.t", "NULLS NOT DISTINCT"},
		{"on delete columns", &diff.CreateTable{Table: tbl(nil, nil, &schema.ForeignKey{Name: "fk", Columns: []string{"a"}, OnDelete: schema.SetNull, OnDeleteColumns: []string{"a"}})}, 15, "foreign key fk on public.t", "column list"},
		{"security invoker", &diff.CreateView{View: invoker}, 15, "view public.v", "security_invoker"},
		{"replaced view", &diff.ReplaceView{From: invoker, To: invoker}, 15, "view public.v", "security_invoker"},
		{"sql body", &diff.CreateFunction{Function: atomic}, 14, "function public.f()", "SQL-standard body"},
		{"maintain", &diff.Grant{On: schema.ObjectRef{Kind: schema.KindTable, Schema: "public", Name: "t"}, Grantee: "app", Privileges: []string{"MAINTAIN", "SELECT"}}, 17, "a grant to app on table public.t", "MAINTAIN"},
		{"default maintain", &diff.GrantDefault{ObjectType: "TABLES", Grantee: "app", Privileges: []string{"MAINTAIN"}}, 17, "default privileges for app on TABLES", "MAINTAIN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			changes := []diff.Change{c.change}
			for major := 13; major <= 18; major++ {
				err := checkVersion(changes, major*10000+3)
				if major >= c.min {
					if err != nil {
						t.Errorf("PostgreSQL %d: %v", major, err)
					}
					continue
				}
				var ve *VersionError
				if !errors.As(err, &ve) {
					t.Fatalf("PostgreSQL %d: err = %v, want a *VersionError", major, err)
				}
				msg := err.Error()
				want := []string{c.object, c.feature, "needs PostgreSQL " + strconv.Itoa(c.min) + " or later", "the target server is PostgreSQL " + strconv.Itoa(major)}
				for _, w := range want {
					if !strings.Contains(msg, w) {
						t.Errorf("PostgreSQL %d: %q lacks %q", major, msg, w)
					}
				}
			}
			if err := checkVersion(changes, 0); err != nil {
				t.Errorf("unknown server: %v", err)
			}
		})
	}
	// Build refuses too, before planning anything.
	if _, err := Build([]diff.Change{&diff.CreateTable{Table: nnd}}, Options{ServerVersion: 140010}); err == nil {
		t.Error("Build for PostgreSQL 14 planned UNIQUE NULLS NOT DISTINCT")
	}
}

// TestReplaceTriggerByVersion checks that a changed trigger is replaced in
// place from PostgreSQL 14 and dropped and created again on 13 or an
// unknown server.
func TestReplaceTriggerByVersion(t *testing.T) {
	on := schema.QualifiedName{Schema: "public", Name: "t"}
	trg := func(events ...string) *schema.Trigger {
		return &schema.Trigger{Name: "trg", Timing: schema.TriggerBefore, Events: events, ForEachRow: true,
			Function: schema.QualifiedName{Schema: "public", Name: "f"}}
	}
	change := &diff.ReplaceTrigger{On: on, From: trg("INSERT"), To: trg("INSERT", "UPDATE")}
	for _, version := range []int{0, 130023, 140000, 180004} {
		steps, err := build([]diff.Change{change}, version)
		if err != nil {
			t.Fatal(err)
		}
		var sqls []string
		for _, s := range steps {
			sqls = append(sqls, s.SQL)
		}
		all := strings.Join(sqls, ";\n")
		replaced := strings.Contains(all, "CREATE OR REPLACE TRIGGER")
		dropped := strings.Contains(all, "DROP TRIGGER")
		if want := version >= 140000; replaced != want || dropped == want {
			t.Errorf("server %d: plan\n%s\nwant CREATE OR REPLACE: %v", version, all, want)
		}
	}
}
