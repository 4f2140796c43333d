package hclschema

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// FuzzDecode feeds the decoder arbitrary text. It must never panic; errors
// must come with a position and without a realm; and whatever decodes
// without errors must survive the encoder: decode(encode(r)) equals r and
// encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, pattern := range []string{"testdata/decode/*.hcl", "testdata/bad/*.hcl", "testdata/encode/*.hcl", "../../examples/*/*.hcl"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r, diags := DecodeBytes(src, "fuzz.hcl")
		if diags.HasErrors() {
			if r != nil {
				t.Fatal("a realm along with errors")
			}
			for _, d := range diags {
				if d.Subject == nil {
					t.Fatalf("diagnostic without a position: %s: %s", d.Summary, d.Detail)
				}
			}
			return
		}
		first := Encode(r)
		if formatted := hclwrite.Format(first); !bytes.Equal(formatted, first) {
			t.Fatalf("the encoding is not as hclwrite formats it:\n%s\nformatted:\n%s", first, formatted)
		}
		back, diags := DecodeBytes(first, "encoded.hcl")
		if diags.HasErrors() {
			t.Fatalf("the encoding does not decode:\n%s\n%s", formatDiagnostics(diags), first)
		}
		if diff := cmp.Diff(r, back, realmCmp...); diff != "" {
			t.Fatalf("decode(encode(r)) differs from r (-r +decoded):\n%s\nencoded:\n%s", diff, first)
		}
		if second := Encode(back); !bytes.Equal(first, second) {
			t.Fatalf("encode(decode(encode(r))) differs from encode(r):\n%s\nthen:\n%s", first, second)
		}
	})
}
