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
