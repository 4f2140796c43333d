package inspect

import (
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// sqlName spells the name of a catalog object (collation, operator class)
// the way PostgreSQL prints it with an empty search_path: unqualified when
// it lives in pg_catalog, which is always searched, schema-qualified
// otherwise, each part quoted only where needed: "C", text_pattern_ops,
// public.my_ops. An empty name gives "".
func sqlName(schemaName, name string) string {
	if name == "" {
		return ""
	}
	if schemaName == "" || schemaName == "pg_catalog" {
		return schema.QuoteIdent(name)
	}
	return schema.QualifiedName{Schema: schemaName, Name: name}.String()
}

// unwrapParens removes the parentheses that enclose the whole of s, as many
// pairs as there are, unless what they enclose is a list ("(a, b)" is a row
// constructor, not a parenthesized expression).
//
// The catalog's printers wrap expressions in parentheses of their own:
// pg_get_expr prints an operator expression as "(a > 0)", and
// pg_get_indexdef wraps an expression key that is not a bare function call
// in one more pair, "((a + b))". The model keeps the expression without
// them, "a > 0" and "a + b", because the SQL around it (CHECK (...),
// GENERATED ALWAYS AS (...) STORED, an index or partition key "(...)",
// WHERE ...) supplies its own. Column defaults are not unwrapped: DEFAULT
// takes a restricted expression where the parentheses may be needed.
func unwrapParens(s string) string {
	s = strings.TrimSpace(s)
	for len(s) >= 2 && s[0] == '(' && matchingParen(s, 0) == len(s)-1 {
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if len(splitTopLevel(inner)) > 1 {
			break
		}
		s = inner
	}
	return s
}

// matchingParen returns the index of the bracket that closes the one at
// s[open], or -1. It skips string literals and quoted identifiers.
func matchingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			i = skipQuoted(s, i)
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTopLevel splits s at the commas that are outside parentheses,
// brackets, string literals and quoted identifiers, and trims the pieces.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			i = skipQuoted(s, i)
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// skipQuoted returns the index of the quote that closes the literal or
// quoted identifier opening at s[i] (or len(s) when it is not closed). A
// doubled quote stands for itself; in an E'...' literal, a backslash
// escapes the next byte.
func skipQuoted(s string, i int) int {
	q := s[i]
	escapes := q == '\'' && i > 0 && (s[i-1] == 'E' || s[i-1] == 'e')
	for j := i + 1; j < len(s); j++ {
		switch {
		case escapes && s[j] == '\\':
			j++
		case s[j] == q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return len(s)
}

// storageParams turns reloptions or attoptions ("fillfactor=70") into
// name/value pairs, sorted by name: PostgreSQL keeps them in the order a
// statement gave them, which means nothing, and a desired state that
// lists them in another order must not rebuild an index.
func storageParams(options []string) []schema.StorageParam {
	var params []schema.StorageParam
	for _, o := range options {
		name, value, _ := strings.Cut(o, "=")
		params = append(params, schema.StorageParam{Name: name, Value: value})
	}
	slices.SortStableFunc(params, func(a, b schema.StorageParam) int { return strings.Compare(a.Name, b.Name) })
	return params
}
