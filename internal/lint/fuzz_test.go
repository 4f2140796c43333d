package lint

import (
	"bytes"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzLint lints arbitrary text in every transaction mode, with and
// without a catalog, and renders the findings in every format. Nothing may
// panic, and every finding must point inside the file.
//
//	go test ./internal/lint -run '^$' -fuzz FuzzLint -fuzztime 5m
func FuzzLint(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/*.txtar")
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name != "want" {
				f.Add(string(file.Data), uint8(len(file.Data)))
			}
		}
	}
	for _, s := range []string{
		"", ";", ";;;", "--", "/*", "/* /* */", "$$", "'", "\"", "BEGIN", "COMMIT; COMMIT;",
		"-- schemactl:ignore", "-- schemactl:ignore-file a,b,,c reason\n", "\xff\xfe", "SELECT 1;\x00",
		"CREATE TABLE \"\u00e9\" (a int);\nCREATE INDEX ON \"\u00e9\" (a);",
		"ALTER TYPE e ADD VALUE 'x'; SELECT 'x';",
		"-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose Down\n",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(255))
	}
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, text string, knob uint8) {
		file := File{Name: "f.sql", Text: text, Mode: TxMode(knob % 4)}
		if knob&4 != 0 && len(text) > 0 {
			// An up section somewhere inside the file.
			file.Start = int(knob) % (len(text) + 1)
			file.End = file.Start + (len(text)-file.Start)/2
		}
		var l *Linter
		if knob&8 != 0 {
			l = New(DefaultConfig(), cat)
		} else {
			l = New(DefaultConfig(), nil)
		}
		if knob&16 != 0 {
			_ = l.Replay(File{Name: "before.sql", Text: text})
		}
		fs := l.Lint(file)
		for _, x := range fs {
			r := x.Range
			if r.Filename != "f.sql" || r.Start.Line < 1 || r.Start.Column < 1 || r.End.Line < r.Start.Line ||
				r.Start.Byte < 0 || r.Start.Byte > len(text) || r.End.Byte < r.Start.Byte || r.End.Byte > len(text) {
				t.Fatalf("finding out of the file: %+v", x)
			}
			if x.Rule == "" || x.Message == "" {
				t.Fatalf("empty rule or message: %+v", x)
			}
			if _, ok := LookupRule(x.Rule); !ok {
				t.Fatalf("unknown rule %q", x.Rule)
			}
			if utf8.ValidString(text) && !utf8.ValidString(x.Message) {
				t.Fatalf("message is not UTF-8: %q", x.Message)
			}
		}
		for _, format := range Formats {
			var b bytes.Buffer
			if err := Write(&b, format, fs, WriteOptions{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}
