package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

func TestColorDiff(t *testing.T) {
	in := "--- a\n+++ a\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n\\ No newline at end of file\n"
	want := "\x1b[1m--- a\x1b[0m\n\x1b[1m+++ a\x1b[0m\n\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n keep\n" +
		"\x1b[31m-old\x1b[0m\n\x1b[32m+new\x1b[0m\n\\ No newline at end of file\n"
	if diff := cmp.Diff(want, colorDiff(in)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Not a terminal: no colour.
	var b bytes.Buffer
	writeDiff(&b, in)
	if b.String() != in {
		t.Errorf("writeDiff to a buffer coloured the diff: %q", b.String())
	}
}

func TestSplitFlags(t *testing.T) {
	cmd := &cli.Command{Flags: []cli.Flag{
		&cli.StringFlag{Name: "dir"},
		&cli.StringSliceFlag{Name: "to"},
		&cli.BoolFlag{Name: "reversible"},
		&cli.StringFlag{Name: "format", Aliases: []string{"dir-format"}},
	}}
	tests := []struct {
		args        []string
		flags, rest []string
		moved       bool
	}{
		{[]string{"init"}, nil, []string{"init"}, false},
		{[]string{"init", "--dir", "m", "--to", "a.hcl", "--to=b.hcl", "--reversible", "--dir-format", "goose"},
			[]string{"--dir", "m", "--to", "a.hcl", "--to=b.hcl", "--reversible", "--dir-format", "goose"}, []string{"init"}, true},
		{[]string{"init", "-reversible", "extra"}, []string{"-reversible"}, []string{"init", "extra"}, true},
		{[]string{"init", "--", "--dir"}, nil, []string{"init", "--", "--dir"}, false},
	}
	for _, tt := range tests {
		flags, rest, moved := splitFlags(cmd, tt.args)
		if diff := cmp.Diff([]any{tt.flags, tt.rest, tt.moved}, []any{flags, rest, moved}); diff != "" {
			t.Errorf("splitFlags(%q) (-want +got):\n%s", tt.args, diff)
		}
	}
}
