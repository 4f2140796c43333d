package lint

import (
	"fmt"
	"strings"
)

// Suppression comments. A comment on the line just before a statement
// (or in the block of comment lines that ends there)
//
//	-- schemactl:ignore concurrent-index,lock-timeout the table is empty
//
// suppresses the named rules' findings on that statement; the words after
// the rule list are the reason, for reviewers. Anywhere in the file,
//
//	-- schemactl:ignore-file prefer-text
//
// suppresses the named rules in the whole file. A suppression that
// suppresses nothing, names an unknown rule, or is not placed before a
// statement is reported as unused-suppression, so that stale ones do not
// pile up.
const (
	directivePrefix = "schemactl:"
	ignoreStmt      = "ignore"
	ignoreFile      = "ignore-file"
)

// A directive is one suppression comment.
type directive struct {
	start, end int      // byte range of the comment in the file
	file       bool     // ignore-file
	rules      []string // rule ids as written
	stmt       int      // statement it applies to; -1 for none (misplaced) or a file directive
	used       map[string]bool
	problem    string // set when the comment is malformed
}

type directives []*directive

// directives finds the suppression comments of the file: comment lines
// that are not inside a statement.
func (r *fileRun) directives() directives {
	text := r.f.Text
	if !strings.Contains(text, directivePrefix) {
		return nil
	}
	// Statement ranges in file offsets, and the line each starts on.
	type span struct{ start, end, line int }
	spans := make([]span, len(r.stmts))
	for i, s := range r.stmts {
		spans[i] = span{r.base + s.Start, r.base + s.End, r.lines.line(r.base + s.Start)}
	}
	inside := func(off int) bool {
		for _, sp := range spans {
			if off >= sp.start && off < sp.end {
				return true
			}
		}
		return false
	}
	var out directives
	for lineStart := 0; lineStart < len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") && !inside(lineStart+strings.Index(line, "--")) {
			body := strings.TrimSpace(strings.TrimPrefix(trimmed, "--"))
			if strings.HasPrefix(body, directivePrefix) {
				d := parseDirective(body[len(directivePrefix):])
				d.start = lineStart + strings.Index(line, "--")
				d.end = lineStart + len(strings.TrimRight(line, " \t\r"))
				d.stmt = -1
				if !d.file {
					// The statement whose first line follows the comment block
					// this line belongs to.
					ln := r.lines.line(lineStart)
					next := ln + 1
					for next <= len(r.lines.starts) && r.isCommentLine(next) {
						next++
					}
					for i, sp := range spans {
						if sp.line == next && spans[i].start >= lineEnd {
							d.stmt = i
							break
						}
					}
					if d.stmt < 0 && d.problem == "" {
						d.problem = "it is not on the line before a statement"
					}
				}
				out = append(out, d)
			}
		}
		lineStart = lineEnd + 1
	}
	return out
}

// isCommentLine reports whether line n (from 1) holds only a -- comment.
func (r *fileRun) isCommentLine(n int) bool {
	if n < 1 || n > len(r.lines.starts) {
		return false
	}
	start := r.lines.starts[n-1]
	end := len(r.f.Text)
	if n < len(r.lines.starts) {
		end = r.lines.starts[n] - 1
	}
	return strings.HasPrefix(strings.TrimSpace(r.f.Text[start:end]), "--")
}

func parseDirective(s string) *directive {
	d := &directive{used: map[string]bool{}}
	verb, rest, _ := strings.Cut(s, " ")
	switch strings.TrimSpace(verb) {
	case ignoreStmt:
	case ignoreFile:
		d.file = true
	default:
		d.problem = fmt.Sprintf("unknown directive %q (want schemactl:ignore or schemactl:ignore-file)", "schemactl:"+verb)
		return d
	}
	list := strings.Fields(rest)
	if len(list) == 0 {
		d.problem = "it names no rule"
		return d
	}
	for _, id := range strings.Split(list[0], ",") {
		if id = strings.TrimSpace(id); id != "" {
			d.rules = append(d.rules, id)
		}
	}
	return d
}

// suppress reports whether a finding is suppressed, and marks the
// suppression used.
func (ds directives) suppress(p pending) bool {
	hit := false
	for _, d := range ds {
		if d.problem != "" || !d.file && (d.stmt < 0 || d.stmt != p.stmt) {
			continue
		}
		for _, id := range d.rules {
			if id == p.Rule {
				d.used[id] = true
				hit = true
			}
		}
	}
	return hit
}

type unusedSuppression struct {
	start, end int
	message    string
}

// unused lists the suppressions that suppressed nothing. A rule that the
// configuration turns off cannot have findings, so suppressing it is not
// reported as unused.
func (ds directives) unused(cfg *Config) []unusedSuppression {
	var out []unusedSuppression
	for _, d := range ds {
		kind := "schemactl:ignore"
		if d.file {
			kind = "schemactl:ignore-file"
		}
		if d.problem != "" {
			out = append(out, unusedSuppression{d.start, d.end, "suppression comment ignored: " + d.problem})
			continue
		}
		for _, id := range d.rules {
			r, ok := LookupRule(id)
			switch {
			case !ok:
				out = append(out, unusedSuppression{d.start, d.end, fmt.Sprintf("%s names an %s", kind, unknownRule(id))})
			case d.used[id] || cfg.Severity(r) == Off:
			case d.file:
				out = append(out, unusedSuppression{d.start, d.end, fmt.Sprintf("%s %s suppresses nothing: no finding of %s in this file", kind, id, id)})
			default:
				out = append(out, unusedSuppression{d.start, d.end, fmt.Sprintf("%s %s suppresses nothing: the statement after it has no %s finding", kind, id, id)})
			}
		}
	}
	return out
}
