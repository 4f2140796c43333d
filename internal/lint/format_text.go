package lint

import (
	"bufio"
	"fmt"
	"io"
)

// ANSI colours of the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func writeText(w io.Writer, fs []Finding, opts WriteOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, f := range fs {
		sevColor := ansiCyan
		switch f.Severity {
		case Error:
			sevColor = ansiRed
		case Warning:
			sevColor = ansiYellow
		}
		loc := fmt.Sprintf("%s:%d:%d:", f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column)
		fmt.Fprintf(bw, "%s %s %s: %s\n", paint(ansiBold, loc), paint(sevColor, f.Severity.String()), paint(ansiBold, f.Rule), f.Message)
		if f.Hint != "" {
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiDim, "hint:"), f.Hint)
		}
	}
	return bw.Flush()
}
