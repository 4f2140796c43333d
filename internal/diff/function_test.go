package diff_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// fnRealm returns a linked realm whose public schema holds fns.
func fnRealm(fns ...*schema.Function) *schema.Realm {
	r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Functions: fns}}}
	r.Link()
	return r
}

func fnLine(c diff.Change) string {
	switch c := c.(type) {
	case *diff.CreateFunction:
		return fmt.Sprintf("CreateFunction %s %q", c.Function.Signature(), c.Reason)
	case *diff.DropFunction:
		return "DropFunction " + c.Function.Signature()
	case *diff.ReplaceFunction:
		return "ReplaceFunction " + c.To.Signature()
	case *diff.AlterFunction:
		return "AlterFunction " + c.To.Signature()
	case *diff.RecreateFunction:
		return fmt.Sprintf("RecreateFunction %s: %s", c.To.Signature(), c.Reason)
	case *diff.CommentOnFunction:
		return fmt.Sprintf("CommentOnFunction %s %q", c.Function.Signature(), c.Comment)
	}
	return fmt.Sprintf("%T", c)
}

func TestFunctionChanges(t *testing.T) {
	base := func() *schema.Function {
		return &schema.Function{Name: "f", Language: "sql", Returns: "integer", Body: "SELECT x",
			Args: []*schema.FuncArg{{Name: "x", Type: "integer", Default: "1"}}}
	}
	cost := 5.0
	tests := []struct {
		name string
		edit func(f *schema.Function) // applied to the desired copy
		want []string
	}{
		{"same", func(*schema.Function) {}, nil},
		{"explicit defaults are the same", func(f *schema.Function) {
			f.Volatility, f.Parallel, f.Args[0].Mode = "volatile", "UNSAFE", "IN"
		}, nil},
		{"body", func(f *schema.Function) { f.Body = "SELECT x + 1" },
			[]string{"ReplaceFunction public.f(integer)"}},
		{"default value", func(f *schema.Function) { f.Args[0].Default = "2" },
			[]string{"ReplaceFunction public.f(integer)"}},
		{"settings", func(f *schema.Function) { f.Volatility, f.Cost = schema.Stable, &cost },
			[]string{"AlterFunction public.f(integer)"}},
		{"config", func(f *schema.Function) { f.Config = []schema.ConfigParam{{Name: "search_path", Value: "public"}} },
			[]string{"AlterFunction public.f(integer)"}},
		{"comment", func(f *schema.Function) { f.Comment = "hi" },
			[]string{`CommentOnFunction public.f(integer) "hi"`}},
		{"result type", func(f *schema.Function) { f.Returns = "bigint" },
			[]string{"RecreateFunction public.f(integer): its result type changes from integer to bigint"}},
		{"argument renamed", func(f *schema.Function) { f.Args[0].Name = "y" },
			[]string{"RecreateFunction public.f(integer): input argument 1 is renamed from x to y"}},
		{"default removed", func(f *schema.Function) { f.Args[0].Default = "" },
			[]string{"RecreateFunction public.f(integer): input argument 1 loses its default"}},
		{"becomes a procedure", func(f *schema.Function) { f.Procedure, f.Returns = true, "" },
			[]string{"RecreateFunction public.f(integer): it becomes a procedure"}},
		{"output argument added", func(f *schema.Function) {
			f.Returns = "integer"
			f.Args = append(f.Args, &schema.FuncArg{Name: "o", Type: "integer", Mode: schema.ArgOut})
		}, []string{"RecreateFunction public.f(integer): its output arguments change from () to (o integer)"}},
		{"overload", func(f *schema.Function) { f.Args[0].Type = "bigint" },
			[]string{`CreateFunction public.f(bigint) ""`, "DropFunction public.f(integer)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to := base()
			tc.edit(to)
			changes, err := diff.Realms(fnRealm(base()), fnRealm(to), diff.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, fnLine(c))
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("changes (-want +got):\n%s", d)
			}
		})
	}
}

// TestRecreateFunctionDefaults checks that the defaults calling a function
// that is dropped and created again are listed, so that the plan can drop
// them first.
func TestRecreateFunctionDefaults(t *testing.T) {
	mk := func(returns string) *schema.Realm {
		r := &schema.Realm{Schemas: []*schema.Schema{{
			Name:      "public",
			Functions: []*schema.Function{{Name: "code", Language: "sql", Returns: returns, Body: "SELECT 'a'"}},
			Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{
				{Name: "c", Type: "text", Default: "public.code()"}, {Name: "d", Type: "text", Default: "'x'::text"},
			}}},
		}}}
		r.Link()
		return r
	}
	changes, err := diff.Realms(mk("text"), mk("character varying"), diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Fatalf("got %d changes, want one RecreateFunction", len(changes))
	}
	rc, ok := changes[0].(*diff.RecreateFunction)
	if !ok || len(rc.Defaults) != 1 || rc.Defaults[0].Name != "c" {
		t.Fatalf("got %s, want the default of column c listed", fnLine(changes[0]))
	}
}
