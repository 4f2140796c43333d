package hclschema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

// bigHCL is the HCL of n benchmark-shaped tables, with the comments,
// heredocs and escapes that the piece scanner must step over.
func bigHCL(n int) string {
	src := string(Encode(bigRealm(n)))
	extra := "# a comment with a brace {\n// and another ]\n/* a block\n comment } */\n" +
		"view \"v\" {\n  schema = schema.public\n  as     = <<-SQL\n    SELECT '}' AS x\n    SQL\n  comment = \"a \\\"quoted\\\" {\"\n}\n"
	half := strings.Index(src[len(src)/2:], "\ntable ") + len(src)/2 + 1
	return src[:half] + extra + src[half:]
}

// TestParseInPieces decodes a large file parsed in pieces and whole: the
// realms, declaration ranges included, are the same.
func TestParseInPieces(t *testing.T) {
	src := bigHCL(1500)
	if cuts := topLevelCuts([]byte(src), chunkSize); len(cuts) < 3 {
		t.Fatalf("%d pieces of a %d-byte file, want several", len(cuts), len(src))
	}
	path := filepath.Join(t.TempDir(), "schema.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	pieces, diags, chunked := decodeFiles([]string{path}, true)
	if diags.HasErrors() || !chunked {
		t.Fatalf("in pieces: chunked %v, %v", chunked, diags)
	}
	whole, diags, _ := decodeFiles([]string{path}, false)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if d := cmp.Diff(whole, pieces); d != "" {
		t.Errorf("realm parsed in pieces differs (-whole +pieces):\n%.3000s", d)
	}
	if _, ok := pieces.Schemas[0].View("v"); !ok {
		t.Error("the view between the pieces is lost")
	}
}

// TestParseInPiecesErrors checks that errors in a file parsed in pieces are
// those of the file parsed whole: a syntax error and a semantic one late in
// the file.
func TestParseInPiecesErrors(t *testing.T) {
	src := bigHCL(1500)
	for name, bad := range map[string]string{
		"syntax":   src + "table \"broken\" {\n  schema = schema.public\n  column \"a\" {\n    type = \n  }\n}\n",
		"semantic": src + "table \"t\" {\n  schema = schema.nope\n}\n",
		"heredoc":  src + "view \"w\" {\n  schema = schema.public\n  as = <<SQL\n  SELECT 1\n",
	} {
		path := filepath.Join(t.TempDir(), "schema.hcl")
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		_, got := DecodeFiles(path)
		_, want, _ := decodeFiles([]string{path}, false)
		if !got.HasErrors() {
			t.Errorf("%s: no error", name)
		}
		if d := cmp.Diff(diagStrings(want), diagStrings(got)); d != "" {
			t.Errorf("%s: diagnostics differ (-whole +DecodeFiles):\n%s", name, d)
		}
	}
}

func diagStrings(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Error())
	}
	return out
}
