package realmjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/schema"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Name": "name", "NotNull": "not_null", "OnDeleteColumns": "on_delete_columns",
		"OpClassParams": "op_class_params", "RefTable": "ref_table", "NullsNotDistinct": "nulls_not_distinct",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealmJSONSkipsBackReferences checks that a linked realm encodes
// without looping and without empty values.
func TestRealmJSONSkipsBackReferences(t *testing.T) {
	r := &schema.Realm{Schemas: []*schema.Schema{{
		Name: "public",
		Tables: []*schema.Table{{
			Name:       "t",
			Columns:    []*schema.Column{{Name: "id", Type: "bigint", NotNull: true, Identity: &schema.Identity{Always: true}}},
			PrimaryKey: &schema.Key{Name: "t_pkey", Columns: []string{"id"}},
		}},
	}}}
	r.Link()
	var b strings.Builder
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	want := `{
  "schemas": [
    {
      "name": "public",
      "tables": [
        {
          "name": "t",
          "columns": [
            {
              "name": "id",
              "type": "bigint",
              "not_null": true,
              "identity": {
                "always": true
              }
            }
          ],
          "primary_key": {
            "name": "t_pkey",
            "columns": [
              "id"
            ]
          }
        }
      ]
    }
  ]
}
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", diff)
	}
}

// TestRealmJSONStrings checks that strings come out as JSON that decodes
// back to them, whatever they hold.
func TestRealmJSONStrings(t *testing.T) {
	for _, s := range []string{
		`plain`, `"quoted"`, `back\slash`, "new\nline\ttab\rreturn", "bell\x07", "sep\u2028par\u2029",
		"<html> & co", "invalid \xff byte", "ünïcödé 🐘",
	} {
		r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Comment: s}}}
		var b strings.Builder
		if err := Write(&b, r); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Schemas []struct{ Comment string }
		}
		if err := json.Unmarshal([]byte(b.String()), &got); err != nil {
			t.Fatalf("%q: invalid JSON %s: %v", s, b.String(), err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got.Schemas[0].Comment != want {
			t.Errorf("%q came back as %q", s, got.Schemas[0].Comment)
		}
	}
}
