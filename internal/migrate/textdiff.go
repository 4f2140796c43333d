package migrate

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffContext is the number of unchanged lines shown around a change, as
// diff -u and git show them.
const diffContext = 3

// UnifiedDiff returns the line diff of two texts in the unified format of
// `diff -u` and git, with names for the old and new text on the --- and
// +++ lines, or "" when the texts are equal. The result is deterministic:
// the line matching has no time limit.
func UnifiedDiff(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // a time limit would make the result depend on the machine
	a, b, lineArray := dmp.DiffLinesToRunes(old, new)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), lineArray)

	type line struct {
		op   diffmatchpatch.Operation
		text string // with its newline, if it has one
	}
	var lines []line
	for _, d := range diffs {
		text := d.Text
		for text != "" {
			end := strings.IndexByte(text, '\n') + 1
			if end == 0 {
				end = len(text)
			}
			lines = append(lines, line{d.Type, text[:end]})
			text = text[end:]
		}
	}

	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	// oldLine and newLine number the lines before index i, in each text.
	oldAt := make([]int, len(lines)+1)
	newAt := make([]int, len(lines)+1)
	for i, l := range lines {
		oldAt[i+1], newAt[i+1] = oldAt[i], newAt[i]
		if l.op != diffmatchpatch.DiffInsert {
			oldAt[i+1]++
		}
		if l.op != diffmatchpatch.DiffDelete {
			newAt[i+1]++
		}
	}
	for i := 0; i < len(lines); {
		if lines[i].op == diffmatchpatch.DiffEqual {
			i++
			continue
		}
		// A hunk starts diffContext lines before the change and goes on
		// while changes are at most 2*diffContext equal lines apart.
		start := max(i-diffContext, 0)
		end := i
		for end < len(lines) {
			if lines[end].op != diffmatchpatch.DiffEqual {
				end++
				continue
			}
			run := end
			for run < len(lines) && lines[run].op == diffmatchpatch.DiffEqual {
				run++
			}
			if run == len(lines) || run-end > 2*diffContext {
				end = min(end+diffContext, len(lines))
				break
			}
			end = run
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(oldAt[start], oldAt[end]-oldAt[start]), hunkRange(newAt[start], newAt[end]-newAt[start]))
		for _, l := range lines[start:end] {
			switch l.op {
			case diffmatchpatch.DiffDelete:
				out.WriteByte('-')
			case diffmatchpatch.DiffInsert:
				out.WriteByte('+')
			default:
				out.WriteByte(' ')
			}
			out.WriteString(l.text)
			if !strings.HasSuffix(l.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

// hunkRange writes a hunk's range as diff -u does: the first line
// (1-based; the line before, for an empty range) and the count, omitted
// when it is one.
func hunkRange(before, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", before)
	case 1:
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, count)
}
