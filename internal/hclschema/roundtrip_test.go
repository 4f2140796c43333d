package hclschema

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/schemactl/schemactl/schema"
)

// checkRoundTrip encodes r, decodes the text, and checks that the result
// equals r and encodes to the same bytes. It returns the first encoding.
func checkRoundTrip(t *testing.T, r *schema.Realm) []byte {
	t.Helper()
	first := Encode(r)
	if formatted := hclwrite.Format(first); !bytes.Equal(formatted, first) {
		t.Errorf("the encoding is not as hclwrite formats it:\n%s\nformatted:\n%s", first, formatted)
	}
	back, diags := DecodeBytes(first, "encoded.hcl")
	if diags.HasErrors() {
		t.Fatalf("encoded realm does not decode:\n%s\n%s", formatDiagnostics(diags), first)
	}
	if diff := cmp.Diff(r, back, realmCmp...); diff != "" {
		t.Errorf("decode(encode(r)) differs from r (-r +decoded):\n%s\nencoded:\n%s", diff, first)
	}
	if second := Encode(back); !bytes.Equal(first, second) {
		t.Errorf("encode(decode(encode(r))) differs from encode(r):\n%s\nthen:\n%s", first, second)
	}
	return first
}

// TestRoundTripDecoded round-trips every realm of testdata/decode and of
// examples/ through the encoder.
func TestRoundTripDecoded(t *testing.T) {
	files, _ := filepath.Glob("testdata/decode/*.hcl")
	examples, _ := filepath.Glob("../../examples/*/schema.hcl")
	if len(examples) == 0 {
		// A wrong relative path would otherwise pass with nothing tested.
		t.Fatal("no examples/*/schema.hcl found")
	}
	for _, path := range append(files, examples...) {
		t.Run(path, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r, diags := DecodeBytes(src, filepath.Base(path))
			if diags.HasErrors() {
				t.Fatalf("does not decode:\n%s", formatDiagnostics(diags))
			}
			checkRoundTrip(t, r)
		})
	}
}

// TestRoundTripNames round-trips names that HCL must escape or bracket.
func TestRoundTripNames(t *testing.T) {
	for _, n := range []string{`a"b`, `a\b`, "a${b}", "a%{b}", "a\nb", "ünï", "a b", "tab\tle", "x.y", "1st", "select", "my-name", "for", "null", "true", "_x", "-x"} {
		t.Run(n, func(t *testing.T) {
			r := &schema.Realm{Schemas: []*schema.Schema{{
				Name: n,
				Tables: []*schema.Table{{
					Name:    n,
					Columns: []*schema.Column{{Name: n, Type: "integer", NotNull: true, Collation: schema.QuoteIdent(n)}},
					Indexes: []*schema.Index{{Name: n + "_idx", Method: "btree", Parts: []*schema.IndexPart{{Column: n, OpClass: schema.QuoteIdent(n)}}}},
					Checks:  []*schema.Check{{Name: n, Expr: schema.Expr(n)}},
					Uniques: []*schema.Key{{Name: n + "_key", Columns: []string{n},
						StorageParams: []schema.StorageParam{{Name: n, Value: n}}}},
				}},
				Enums: []*schema.Enum{{Name: n + "_enum", Values: []string{n}, RenamedValues: map[string]string{n: n + "_old"}}},
			}}}
			r.Normalize()
			checkRoundTrip(t, r)
		})
	}
}

// TestRoundTripKeywordKeys round-trips object keys that HCL would read as
// something else when bare.
func TestRoundTripKeywordKeys(t *testing.T) {
	var params []schema.StorageParam
	for _, k := range []string{"for", "in", "if", "null", "true", "false", "a b", "1"} {
		params = append(params, schema.StorageParam{Name: k, Value: "1"})
	}
	r := &schema.Realm{Schemas: []*schema.Schema{{Name: "s", Tables: []*schema.Table{{
		Name:    "t",
		Columns: []*schema.Column{{Name: "c", Type: "integer", NotNull: true}},
		Indexes: []*schema.Index{{Name: "i", Method: "btree", Parts: []*schema.IndexPart{{Column: "c"}}, StorageParams: params}},
	}}}}}
	r.Normalize()
	checkRoundTrip(t, r)
}

// bigRealm builds n tables of 15 columns, each with a primary key, two
// indexes, a foreign key to the previous table, a check and comments: the
// shape of the benchmark schema of `make bench`.
func bigRealm(n int) *schema.Realm {
	s := &schema.Schema{Name: "public"}
	types := []string{"bigint", "integer", "text", "character varying(255)", "timestamp with time zone", "boolean", "numeric(12,2)", "jsonb", "uuid", "date"}
	for i := 0; i < n; i++ {
		t := &schema.Table{Name: fmt.Sprintf("table_%04d", i), Comment: "a table"}
		for j := 0; j < 15; j++ {
			c := &schema.Column{Name: fmt.Sprintf("col_%02d", j), Type: types[j%len(types)], NotNull: j%3 == 0, Comment: "a column"}
			if j == 5 {
				c.Default = "false"
			}
			t.Columns = append(t.Columns, c)
		}
		t.PrimaryKey = &schema.Key{Name: t.Name + "_pkey", Columns: []string{"col_00"}}
		t.Indexes = []*schema.Index{
			{Name: t.Name + "_a_idx", Method: "btree", Parts: []*schema.IndexPart{{Column: "col_02"}}},
			{Name: t.Name + "_b_idx", Method: "btree", Parts: []*schema.IndexPart{{Column: "col_03", Desc: true}}, Predicate: "col_05"},
		}
		if i > 0 {
			t.ForeignKeys = []*schema.ForeignKey{{Name: t.Name + "_fkey", Columns: []string{"col_10"},
				RefTable: schema.QualifiedName{Schema: "public", Name: fmt.Sprintf("table_%04d", i-1)}, RefColumns: []string{"col_00"},
				Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction}}
		}
		t.Checks = []*schema.Check{{Name: t.Name + "_check", Expr: "col_01 > 0"}}
		s.Tables = append(s.Tables, t)
	}
	r := &schema.Realm{Schemas: []*schema.Schema{s}}
	r.Normalize()
	return r
}

func TestRoundTripBig(t *testing.T) {
	checkRoundTrip(t, bigRealm(200))
}

func BenchmarkEncodeHCL(b *testing.B) {
	r := bigRealm(2000)
	b.ReportAllocs()
	for b.Loop() {
		Encode(r)
	}
}

func BenchmarkDecodeHCL(b *testing.B) {
	src := Encode(bigRealm(2000))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := DecodeBytes(src, "big.hcl"); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}
