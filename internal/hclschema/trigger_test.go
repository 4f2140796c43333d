package hclschema

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemactl/schemactl/schema"
)

const triggerSrc = `
schema "public" {}

function "touch" {
  schema = schema.public
  lang   = PLpgSQL
  return = sql("trigger")
  as     = "BEGIN NEW.b := now(); RETURN NEW; END"
}

table "t" {
  schema = schema.public
  column "a" {
    type = integer
  }
  column "b" {
    type = timestamptz
  }
}

view "v" {
  schema = schema.public
  as     = "SELECT a FROM t"
}

trigger "t_touch" {
  on = table.t
  before {
    insert    = true
    update_of = [table.t.column.b, column.a]
  }
  for  = ROW
  when = "new.a > 0"
  execute {
    function = function.touch
    args     = ["x", "it's"]
  }
  enabled = REPLICA
  comment = "touches"
}

trigger "t_stmt" {
  on = table.t
  after {
    delete   = true
    truncate = true
  }
  execute {
    function = function.public.touch
  }
  enabled = false
}

trigger "t_trans" {
  on = table.t
  after {
    update = true
  }
  referencing {
    old = "o"
    new = "n"
  }
  execute {
    function = "audit.log_change"
  }
}

trigger "t_con" {
  on = table.t
  after {
    insert = true
  }
  for                = ROW
  constraint         = true
  deferrable         = true
  initially_deferred = true
  execute {
    function = function.touch
  }
}

trigger "v_io" {
  on = view.v
  instead_of {
    insert = true
  }
  for = ROW
  execute {
    function = function.touch
  }
}
`

func TestTriggerDecode(t *testing.T) {
	r, diags := DecodeBytes([]byte(triggerSrc), "schema.hcl")
	if diags.HasErrors() {
		t.Fatal(formatDiagnostics(diags))
	}
	s, _ := r.Schema("public")
	touch := schema.QualifiedName{Schema: "public", Name: "touch"}
	tbl, _ := s.Table("t")
	want := []*schema.Trigger{
		{Name: "t_con", Timing: "AFTER", Events: []string{"INSERT"}, ForEachRow: true, Function: touch,
			Constraint: true, Deferrable: true, InitiallyDeferred: true},
		{Name: "t_stmt", Timing: "AFTER", Events: []string{"DELETE", "TRUNCATE"}, Function: touch, Enabled: schema.TriggerDisabled},
		{Name: "t_touch", Timing: "BEFORE", Events: []string{"INSERT", "UPDATE"}, UpdateOf: []string{"b", "a"}, ForEachRow: true,
			When: "new.a > 0", Function: touch, Args: []string{"x", "it's"}, Enabled: schema.TriggerReplica, Comment: "touches"},
		{Name: "t_trans", Timing: "AFTER", Events: []string{"UPDATE"}, Function: schema.QualifiedName{Schema: "audit", Name: "log_change"},
			OldTable: "o", NewTable: "n"},
	}
	opts := cmp.Options{cmp.Options(realmCmp), cmpopts.IgnoreFields(schema.Trigger{}, "DeclRange")}
	if d := cmp.Diff(want, tbl.Triggers, opts); d != "" {
		t.Errorf("table triggers (-want +got):\n%s", d)
	}
	v, _ := s.View("v")
	wantView := []*schema.Trigger{{Name: "v_io", Timing: "INSTEAD OF", Events: []string{"INSERT"}, ForEachRow: true, Function: touch}}
	if d := cmp.Diff(wantView, v.Triggers, opts); d != "" {
		t.Errorf("view triggers (-want +got):\n%s", d)
	}

	// What Encode writes decodes to the same triggers.
	out := Encode(r)
	r2, diags := DecodeBytes(out, "encoded.hcl")
	if diags.HasErrors() {
		t.Fatalf("%s\n%s", formatDiagnostics(diags), out)
	}
	s2, _ := r2.Schema("public")
	tbl2, _ := s2.Table("t")
	v2, _ := s2.View("v")
	if d := cmp.Diff(tbl.Triggers, tbl2.Triggers, opts); d != "" {
		t.Errorf("table triggers after encoding (-want +got):\n%s\n%s", d, out)
	}
	if d := cmp.Diff(v.Triggers, v2.Triggers, opts); d != "" {
		t.Errorf("view triggers after encoding (-want +got):\n%s\n%s", d, out)
	}
	if !strings.Contains(string(out), `enabled = REPLICA`) || !strings.Contains(string(out), `update_of = [column.b, column.a]`) {
		t.Errorf("encoded triggers:\n%s", out)
	}
}

func TestTriggerDecodeErrors(t *testing.T) {
	base := `
schema "public" {}
table "t" {
  schema = schema.public
  column "a" {
    type = integer
  }
}
`
	cases := []struct{ name, src, want string }{{
		name: "missing function names both ends",
		src: `trigger "trg" {
  on = table.t
  before {
    update = true
  }
  execute {
    function = function.touch
  }
}`,
		want: `schema.hcl:15:16: error: Reference to undeclared function: Trigger "trg" (declared at schema.hcl:9:9) on public.t executes function.touch, which is not declared.`,
	}, {
		name: "missing table names both ends",
		src: `trigger "trg" {
  on = table.nope
  before {
    update = true
  }
  execute {
    function = "public.f"
  }
}`,
		want: `schema.hcl:10:8: error: Reference to undeclared table: Trigger "trg" (declared at schema.hcl:9:9) is on table.nope: Table "nope" is not declared.`,
	}, {
		name: "unknown update_of column",
		src: `trigger "trg" {
  on = table.t
  before {
    update_of = [column.b]
  }
  execute {
    function = "public.f"
  }
}`,
		want: `schema.hcl:12:18: error: Reference to undeclared column: Trigger "trg" (declared at schema.hcl:9:9) fires on UPDATE OF column "b", which table public.t does not declare.`,
	}, {
		name: "no timing",
		src: `trigger "trg" {
  on = table.t
  execute {
    function = "public.f"
  }
}`,
		want: `schema.hcl:9:9: error: Missing timing: Trigger "trg" needs a before, after or instead_of block with its events, such as before { update = true }.`,
	}, {
		name: "deferrable without constraint",
		src: `trigger "trg" {
  on = table.t
  after {
    insert = true
  }
  deferrable = true
  execute {
    function = "public.f"
  }
}`,
		want: `schema.hcl:9:9: error: Not a constraint trigger: Trigger "trg" is deferrable, which only a constraint trigger can be: add constraint = true.`,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := DecodeBytes([]byte(base+tc.src), "schema.hcl")
			got := strings.TrimSpace(formatDiagnostics(diags))
			if !strings.Contains(got, tc.want) {
				t.Errorf("got:\n%s\nwant a line:\n%s", got, tc.want)
			}
		})
	}
}
