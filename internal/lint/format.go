package lint

import (
	"fmt"
	"io"
	"strings"
)

// Format names an output format of findings.
type Format string

// Output formats.
const (
	// FormatText prints `file:line:col: severity rule: message` and the hint
	// on the next line, coloured on a terminal.
	FormatText Format = "text"
	// FormatJSON prints one JSON document: the findings and their counts.
	FormatJSON Format = "json"
	// FormatGitHub prints GitHub Actions workflow commands (::error ...),
	// which show as annotations on the pull request's files.
	FormatGitHub Format = "github"
	// FormatSARIF prints a SARIF 2.1.0 log for GitHub code scanning
	// (github/codeql-action/upload-sarif) and other SARIF viewers.
	FormatSARIF Format = "sarif"
	// FormatMarkdown prints a table for a pull request comment or
	// $GITHUB_STEP_SUMMARY.
	FormatMarkdown Format = "markdown"
)

// Formats lists the output formats, for flag help.
var Formats = []Format{FormatText, FormatJSON, FormatGitHub, FormatSARIF, FormatMarkdown}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// WriteOptions tune the output.
type WriteOptions struct {
	// Color turns on ANSI colours in the text format (for a terminal).
	Color bool
	// Version is schemactl's version, for SARIF's tool description.
	Version string
}

// Write prints findings in the given format. Findings should be sorted
// (see Sort).
func Write(w io.Writer, format Format, fs []Finding, opts WriteOptions) error {
	switch format {
	case FormatText, "":
		return writeText(w, fs, opts)
	case FormatJSON:
		return writeJSON(w, fs)
	case FormatGitHub:
		return writeGitHub(w, fs)
	case FormatSARIF:
		return writeSARIF(w, fs, opts)
	case FormatMarkdown:
		return writeMarkdown(w, fs)
	}
	_, err := ParseFormat(string(format))
	return err
}

// Counts returns how many findings there are of each severity.
func Counts(fs []Finding) map[Severity]int {
	m := map[Severity]int{Error: 0, Warning: 0, Info: 0}
	for _, f := range fs {
		m[f.Severity]++
	}
	return m
}

// Summary words the counts: "1 error, 2 warnings, 0 info".
func Summary(fs []Finding) string {
	c := Counts(fs)
	plural := func(n int, word string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, word)
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	return plural(c[Error], "error") + ", " + plural(c[Warning], "warning") + ", " + fmt.Sprintf("%d info", c[Info])
}
