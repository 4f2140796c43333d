package lint

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeMarkdown prints a heading, the counts and a table, for a pull
// request comment or $GITHUB_STEP_SUMMARY.
func writeMarkdown(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### schemactl lint\n\n")
	if len(fs) == 0 {
		fmt.Fprintf(bw, "No findings.\n")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "%s.\n\n", Summary(fs))
	fmt.Fprintf(bw, "| Severity | Rule | Location | Finding |\n|---|---|---|---|\n")
	for _, f := range fs {
		icon := "ℹ️ info"
		switch f.Severity {
		case Error:
			icon = "❌ error"
		case Warning:
			icon = "⚠️ warning"
		}
		text := markdownCell(f.Message)
		if f.Hint != "" {
			text += "<br>**Hint:** " + markdownCell(f.Hint)
		}
		loc := fmt.Sprintf("%s:%d:%d", f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column)
		fmt.Fprintf(bw, "| %s | `%s` | %s | %s |\n", icon, f.Rule, markdownCode(loc), text)
	}
	return bw.Flush()
}

// markdownCell makes text safe inside a table cell: pipes would end the
// cell, newlines the row, and < could open HTML.
func markdownCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\r\n", "<br>", "\n", "<br>", "<", "&lt;", ">", "&gt;").Replace(s)
}

// markdownCode puts s in a code span, with a fence longer than any run of
// backticks inside it.
func markdownCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", "\\|") + pad + fence
}
