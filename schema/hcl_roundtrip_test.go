package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkRoundTrip encodes r, decodes the text, and checks that the result
// equals r and encodes to the same bytes. It returns the first encoding.
func checkRoundTrip(t *testing.T, r *Realm) []byte {
	t.Helper()
	first := EncodeHCL(r)
	back, diags := DecodeBytes(first, "encoded.hcl")
	if diags.HasErrors() {
		t.Fatalf("encoded realm does not decode:\n%s\n%s", formatDiagnostics(diags), first)
	}
	if diff := cmp.Diff(r, back, realmCmp...); diff != "" {
		t.Errorf("decode(encode(r)) differs from r (-r +decoded):\n%s\nencoded:\n%s", diff, first)
	}
	if second := EncodeHCL(back); !bytes.Equal(first, second) {
		t.Errorf("encode(decode(encode(r))) differs from encode(r):\n%s\nthen:\n%s", first, second)
	}
	return first
}

// TestRoundTripDecoded round-trips every realm of testdata/decode and of
// examples/ through the encoder.
func TestRoundTripDecoded(t *testing.T) {
	files, _ := filepath.Glob("testdata/decode/*.hcl")
	examples, _ := filepath.Glob("../examples/*/*.hcl")
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
	for _, n := range []string{`a"b`, `a\b`, "a${b}", "a%{b}", "a\nb", "ünï", "a b", "tab\tle", "x.y", "1st", "select", "my-name"} {
		t.Run(n, func(t *testing.T) {
			r := &Realm{Schemas: []*Schema{{
				Name: n,
				Tables: []*Table{{
					Name:    n,
					Columns: []*Column{{Name: n, Type: "integer", NotNull: true, Collation: QuoteIdent(n)}},
					Indexes: []*Index{{Name: n + "_idx", Method: "btree", Parts: []*IndexPart{{Column: n, OpClass: QuoteIdent(n)}}}},
					Checks:  []*Check{{Name: n, Expr: Expr(n)}},
				}},
				Enums: []*Enum{{Name: n + "_enum", Values: []string{n}, RenamedValues: map[string]string{n: n + "_old"}}},
			}}}
			r.Normalize()
			checkRoundTrip(t, r)
		})
	}
}
