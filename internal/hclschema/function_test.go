package hclschema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/schema"
)

// atlasFunctions are the function and procedure blocks of Atlas's
// PostgreSQL documentation, as its users write them.
const atlasFunctions = `
schema "public" {}
function "positive" {
  schema = schema.public
  lang   = SQL
  arg "v" {
    type = integer
  }
  return = boolean
  as     = "SELECT v > 0"
}
function "sql_body1" {
  schema = schema.public
  lang   = SQL
  arg "v" {
    type = integer
  }
  return = integer
  as = <<-SQL
   BEGIN ATOMIC
    SELECT v;
   END
  SQL
}
function "sql_body2" {
  schema = schema.public
  lang   = SQL
  arg {
    type = integer
  }
  return     = integer
  as         = "RETURN $1"
  volatility = IMMUTABLE
  leakproof  = true
  strict     = true
}
function "audit" {
  schema     = schema.public
  lang       = PLpgSQL
  return     = trigger
  as         = "BEGIN RETURN NEW; END"
  volatility = STABLE
  strict     = true
  leakproof  = true
  security   = DEFINER
  parallel   = SAFE
  cost       = 5
  config     = { search_path = "public, pg_temp" }
  comment    = "c"
}
procedure "proc" {
  schema = schema.public
  lang   = SQL
  arg "a" {
    type = integer
  }
  arg "c" {
    type    = integer
    default = 100
    mode    = INOUT
  }
  as = "SELECT a"
}
`

func TestDecodeFunctions(t *testing.T) {
	r, diags := DecodeBytes([]byte(atlasFunctions), "f.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cost := 5.0
	want := []*schema.Function{
		{Name: "positive", Language: "sql", Returns: "boolean", Body: "SELECT v > 0", Args: []*schema.FuncArg{{Name: "v", Type: "integer"}}},
		{Name: "sql_body1", Language: "sql", Returns: "integer", SQLBody: "BEGIN ATOMIC\n SELECT v;\nEND", Args: []*schema.FuncArg{{Name: "v", Type: "integer"}}},
		{Name: "sql_body2", Language: "sql", Returns: "integer", SQLBody: "RETURN $1", Volatility: schema.Immutable,
			Leakproof: true, Strict: true, Args: []*schema.FuncArg{{Type: "integer"}}},
		{Name: "audit", Language: "plpgsql", Returns: "trigger", Body: "BEGIN RETURN NEW; END", Volatility: schema.Stable,
			Strict: true, Leakproof: true, SecurityDefiner: true, Parallel: schema.ParallelSafe, Cost: &cost,
			Config: []schema.ConfigParam{{Name: "search_path", Value: "public, pg_temp"}}, Comment: "c"},
		{Name: "proc", Procedure: true, Language: "sql", Body: "SELECT a",
			Args: []*schema.FuncArg{{Name: "a", Type: "integer"}, {Name: "c", Type: "integer", Mode: schema.ArgInOut, Default: "100"}}},
	}
	opts := cmp.Options{cmpopts.IgnoreFields(schema.Function{}, "Schema", "DeclRange"), cmpopts.IgnoreFields(schema.FuncArg{}, "DeclRange"),
		cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b *schema.Function) bool { return a.Name < b.Name })}
	if d := cmp.Diff(want, r.Schemas[0].Functions, opts); d != "" {
		t.Errorf("functions (-want +got):\n%s", d)
	}
	// What Encode writes decodes to the same functions.
	again, diags := DecodeBytes(Encode(r), "again.hcl")
	if diags.HasErrors() {
		t.Fatalf("%v\n%s", diags, Encode(r))
	}
	if d := cmp.Diff(r.Schemas[0].Functions, again.Schemas[0].Functions, opts); d != "" {
		t.Errorf("round trip (-first +second):\n%s", d)
	}
}

func TestDecodeFunctionErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`schema "public" {}
function "f" {
  schema = schema.public
  as     = "SELECT 1"
}`, "f.hcl:2:10: Missing return type"},
		{`schema "public" {}
procedure "p" {
  schema = schema.public
  as     = "SELECT 1"
  volatility = STABLE
}`, "f.hcl:5:3: Unsupported argument"},
		{`schema "public" {}
function "f" {
  schema = schema.public
  return = integer
  as     = "SELECT 1"
  arg "a" {
    type = integer
    mode = SIDEWAYS
  }
}`, "f.hcl:8:12: Invalid value"},
		{`schema "public" {}
function "f" {
  schema = schema.public
  return = integer
  as     = "SELECT 1"
  args   = 1
}`, "f.hcl:6:3: Unsupported argument"},
		{`schema "public" {}
function "f" {
  schema = schema.public
  return = integer
  as     = "SELECT 1"
  arg "a" "b" {
    type = integer
  }
}`, "f.hcl:6:11: Extraneous label for arg"},
		{`schema "public" {}
function "f" {
  schema = schema.public
  return = integer
  as     = "SELECT 1"
}
function "f" {
  schema = schema.public
  return = integer
  as     = "SELECT 2"
}`, "f.hcl:7:10: Duplicate function"},
	} {
		_, diags := DecodeBytes([]byte(tc.src), "f.hcl")
		var got []string
		for _, d := range diags {
			if d.Severity == hcl.DiagError && d.Subject != nil {
				got = append(got, fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
			}
		}
		if !strings.Contains(strings.Join(got, "\n"), tc.want) {
			t.Errorf("diagnostics %q, want %q", got, tc.want)
		}
	}
}
