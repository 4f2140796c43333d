package effect

import (
	"fmt"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// A Statement is one SQL statement of a script, as PostgreSQL's parser split it.
type Statement struct {
	// SQL is the statement's text from its first token up to, not including,
	// the semicolon that ends it.
	SQL string
	// Start and End are the byte offsets of SQL in the parsed text.
	Start, End int

	node *pg_query.Node
}

// Node returns the statement's parse tree, for callers that look at syntax
// effects do not cover (lint's column type rules). It is nil for a
// Statement that was not made by Parse.
func (s Statement) Node() *pg_query.Node { return s.node }

// A SyntaxError is a statement that PostgreSQL's parser rejects.
type SyntaxError struct {
	Message string // as PostgreSQL words it: `syntax error at or near "selec"`
	// Offset is the byte offset in the parsed text that the parser points at,
	// or -1 when it points nowhere (end of input is len(text)).
	Offset int
}

func (e *SyntaxError) Error() string { return e.Message }

// Parse splits text into statements with PostgreSQL's parser (version 16
// grammar). Empty statements (stray semicolons) are dropped. On a syntax
// error it returns a *SyntaxError and no statements; [ParsePrefix] salvages
// the statements before the error.
//
// PostgreSQL rejects a NUL byte or invalid UTF-8 in a query string, and so
// does Parse, before the C parser sees the text.
func Parse(text string) ([]Statement, error) {
	if off := invalidByte(text); off >= 0 {
		return nil, &SyntaxError{Message: "invalid byte sequence for encoding \"UTF8\"", Offset: off}
	}
	tree, err := pg_query.Parse(text)
	if err != nil {
		return nil, syntaxError(text, err)
	}
	stmts := make([]Statement, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		begin := int(raw.StmtLocation)
		end := len(text)
		if raw.StmtLen > 0 {
			end = begin + int(raw.StmtLen)
		}
		if begin < 0 || begin > end || end > len(text) {
			return nil, fmt.Errorf("parse: statement location %d+%d outside the text", raw.StmtLocation, raw.StmtLen)
		}
		start := SkipTrivia(text, begin)
		stop := strings.TrimRight(text[:end], " \t\r\n\f\v")
		if len(stop) < start {
			stop = text[:start]
		}
		stmts = append(stmts, Statement{SQL: text[start:len(stop)], Start: start, End: len(stop), node: raw.Stmt})
	}
	return stmts, nil
}

// ParsePrefix parses text and, when it has a syntax error, also returns the
// statements that end before the error, so that a caller can still look at
// them. The error is the same as Parse's.
func ParsePrefix(text string) ([]Statement, error) {
	stmts, err := Parse(text)
	if err == nil {
		return stmts, nil
	}
	se, ok := err.(*SyntaxError)
	if !ok || se.Offset <= 0 {
		return nil, err
	}
	// Cut at the last semicolon before the error that the scanner sees as a
	// token (not one inside a string or a comment) and parse what comes before.
	scan, serr := pg_query.Scan(text[:se.Offset])
	if serr != nil {
		return nil, err
	}
	cut := -1
	for _, tok := range scan.Tokens {
		if tok.Token == pg_query.Token_ASCII_59 {
			cut = int(tok.Start)
		}
	}
	if cut <= 0 {
		return nil, err
	}
	prefix, perr := Parse(text[:cut])
	if perr != nil {
		return nil, err
	}
	return prefix, err
}

// syntaxError converts the parser's error. PostgreSQL's cursor position
// counts characters from 1, not bytes.
func syntaxError(text string, err error) *SyntaxError {
	se := &SyntaxError{Message: err.Error(), Offset: -1}
	if pe := asParserError(err); pe != nil {
		se.Message = pe.Message
		if pe.Cursorpos > 0 {
			se.Offset = charToByte(text, pe.Cursorpos-1)
		}
	}
	return se
}

// charToByte returns the byte offset of the n-th character (from 0) of text,
// or len(text) past its end.
func charToByte(text string, n int) int {
	i := 0
	for off := range text {
		if i == n {
			return off
		}
		i++
	}
	return len(text)
}

// invalidByte returns the offset of the first NUL byte or invalid UTF-8
// sequence in text, or -1.
func invalidByte(text string) int {
	for i := 0; i < len(text); {
		c := text[i]
		if c == 0 {
			return i
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// SkipTrivia returns the offset of the first byte at or after off that is not
// white space or part of a comment (`-- ...` to the end of the line, or a
// possibly nested `/* ... */`).
func SkipTrivia(text string, off int) int {
	for off < len(text) {
		switch c := text[off]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			off++
		case strings.HasPrefix(text[off:], "--"):
			nl := strings.IndexByte(text[off:], '\n')
			if nl < 0 {
				return len(text)
			}
			off += nl + 1
		case strings.HasPrefix(text[off:], "/*"):
			depth := 0
			i := off
			for i < len(text) {
				if strings.HasPrefix(text[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(text[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			if depth != 0 {
				return len(text)
			}
			off = i
		default:
			return off
		}
	}
	return off
}
