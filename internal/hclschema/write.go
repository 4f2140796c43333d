package hclschema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The encoder writes HCL text itself rather than through hclwrite, which
// builds a token tree and formats it again: on a schema of 2,000 tables that
// took seconds, where `schemactl inspect` has a budget of a fraction of one.
// The text is exactly what hclwrite.Format makes of it (a test checks that on
// every test realm): two spaces of indentation, the = of the attributes of a
// block aligned, one space after commas, values on one line.

// An hclBlock is a block to write: its attributes come before its nested
// blocks, which is how the encoder orders them.
type hclBlock struct {
	typ    string
	labels []string
	attrs  []hclAttr
	blocks []*hclBlock
}

// An hclAttr is an attribute to write. A heredoc attribute's value is the
// string itself, written as <<-SQL lines indented one level deeper than
// the attribute.
type hclAttr struct {
	name, value string
	heredoc     bool
}

// set adds an attribute whose value is HCL text.
func (b *hclBlock) set(name, value string) {
	b.attrs = append(b.attrs, hclAttr{name: name, value: value})
}

// setSQL adds an attribute whose value is the SQL text s: a heredoc when s
// spans lines and a heredoc reads back as s (trimmed of surrounding space
// when trim is set, as the decoder of a view's query does), so that a view
// or a function body reads as SQL in the file; a quoted string otherwise.
func (b *hclBlock) setSQL(name, s string, trim bool) {
	if !heredocReadsBack(s, trim) {
		b.set(name, hclString(s))
		return
	}
	b.attrs = append(b.attrs, hclAttr{name: name, value: s, heredoc: true})
}

// heredocMarker ends every heredoc the encoder writes.
const heredocMarker = "SQL"

// writeHeredoc writes s as a flush heredoc whose lines are indented by
// indent and two spaces more; HCL removes the common indentation again.
func writeHeredoc(w *strings.Builder, s, indent string) {
	w.WriteString("<<-" + heredocMarker + "\n")
	s = strings.TrimSuffix(s, "\n")
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) != "" {
			w.WriteString(indent + "  ")
			w.WriteString(escapeTemplate(line))
		}
		w.WriteByte('\n')
	}
	w.WriteString(indent + heredocMarker)
}

// escapeTemplate doubles the template introducers ${ and %{, which a
// heredoc interprets as a quoted string does; nothing else is escaped in
// a heredoc.
func escapeTemplate(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	s = strings.ReplaceAll(s, "${", "$${")
	return strings.ReplaceAll(s, "%{", "%%{")
}

// heredocReadsBack reports whether s written by writeHeredoc decodes to s.
// Whether it does depends on the indentation and the blank lines of s and
// on how HCL strips them, so it is checked by parsing rather than guessed.
func heredocReadsBack(s string, trim bool) bool {
	if !strings.Contains(strings.TrimSpace(s), "\n") || strings.ContainsAny(s, "\r\x00") {
		return false
	}
	if ok, known := heredocReadsBackFast(s, trim); known {
		return ok
	}
	return heredocParsesBack(s, trim)
}

// heredocParsesBack decides heredocReadsBack by writing s as a heredoc and
// parsing it.
func heredocParsesBack(s string, trim bool) bool {
	var w strings.Builder
	w.WriteString("x = ")
	writeHeredoc(&w, s, "")
	w.WriteByte('\n')
	f, diags := hclsyntax.ParseConfig([]byte(w.String()), "heredoc.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return false
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() || attrs["x"] == nil {
		return false
	}
	v, diags := attrs["x"].Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return false
	}
	got := v.AsString()
	if trim {
		return strings.TrimSpace(got) == strings.TrimSpace(s)
	}
	return got == s
}

// heredocReadsBackFast decides heredocReadsBack without parsing for the
// bodies inspect writes most, and says known = false for the rest. Parsing
// a heredoc per view and function was most of the encoder's allocations.
//
// HCL's flush heredoc removes from every line the smallest indentation of
// its lines that are not blank (blank: nothing but spaces before the
// newline). writeHeredoc indents every non-blank line of s by two spaces
// and writes its blank lines empty, so when one line of s starts with no
// space, exactly those two spaces are removed, and the value ends with
// the newline of the last line; when none does, more is removed and the
// text changes. Lines of spaces alone (written empty),
// template introducers (escaped) and a line that reads as the marker are
// left to the parser.
func heredocReadsBackFast(s string, trim bool) (ok, known bool) {
	if strings.Contains(s, "${") || strings.Contains(s, "%{") {
		return false, false
	}
	flush := false
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		body := strings.TrimLeftFunc(line, unicode.IsSpace)
		if body == "" || strings.TrimSpace(line) == heredocMarker {
			return false, false
		}
		if len(body) == len(line) {
			flush = true
		}
	}
	if !flush {
		// HCL removes at least one character more than writeHeredoc added
		// from every non-blank line, the last of which (s spans lines)
		// lies inside any trimming: the text changes.
		return false, true
	}
	if trim {
		return true, true
	}
	return strings.HasSuffix(s, "\n"), true
}

// block adds a nested block.
func (b *hclBlock) block(typ string, labels ...string) *hclBlock {
	nb := &hclBlock{typ: typ, labels: labels}
	b.blocks = append(b.blocks, nb)
	return nb
}

func (b *hclBlock) write(w *strings.Builder, indent string) {
	w.WriteString(indent)
	w.WriteString(b.typ)
	for _, l := range b.labels {
		w.WriteByte(' ')
		w.WriteString(hclString(l))
	}
	w.WriteString(" {\n")
	width := 0
	for _, a := range b.attrs {
		width = max(width, utf8.RuneCountInString(a.name))
	}
	inner := indent + "  "
	for _, a := range b.attrs {
		w.WriteString(inner)
		w.WriteString(a.name)
		for n := utf8.RuneCountInString(a.name); n < width; n++ {
			w.WriteByte(' ')
		}
		w.WriteString(" = ")
		if a.heredoc {
			writeHeredoc(w, a.value, inner)
		} else {
			w.WriteString(a.value)
		}
		w.WriteByte('\n')
	}
	for _, nb := range b.blocks {
		nb.write(w, inner)
	}
	w.WriteString(indent)
	w.WriteString("}\n")
}

// hclString quotes s as an HCL string literal that means s exactly: the
// template introducers ${ and %{ are doubled, and characters that are not
// printable are escaped.
func hclString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i, r := range s {
		switch r {
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '$', '%':
			b.WriteRune(r)
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteRune(r)
			}
		default:
			switch {
			case unicode.IsPrint(r):
				b.WriteRune(r)
			case r < 0x10000:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func hclBool(v bool) string { return strconv.FormatBool(v) }

func hclInt(n int64) string { return strconv.FormatInt(n, 10) }

// hclTraversal spells root.names..., with names that are no HCL identifier
// in brackets: column["Mixed Case"].
func hclTraversal(root string, names ...string) string {
	var b strings.Builder
	b.WriteString(root)
	for _, n := range names {
		if isHCLIdent(n) {
			b.WriteByte('.')
			b.WriteString(n)
		} else {
			b.WriteByte('[')
			b.WriteString(hclString(n))
			b.WriteByte(']')
		}
	}
	return b.String()
}

func hclTuple(items []string) string { return "[" + strings.Join(items, ", ") + "]" }

func hclCall(name string, args ...string) string {
	return name + "(" + strings.Join(args, ", ") + ")"
}

// hclObject spells { a = 1, b = "x" } on one line, in the order given.
func hclObject(keys, values []string) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		if isHCLIdent(k) && !hclKeywords[k] {
			b.WriteString(k)
		} else {
			b.WriteString(hclString(k))
		}
		b.WriteString(" = ")
		b.WriteString(values[i])
	}
	b.WriteString(" }")
	return b.String()
}

// hclKeywords are identifiers that do not stand for themselves as object
// keys: literals, and the words of a for expression.
var hclKeywords = map[string]bool{"true": true, "false": true, "null": true, "for": true, "in": true, "if": true}

// isHCLIdent reports whether s is an HCL identifier: a letter or _, then
// letters, digits, _ and -. Names outside ASCII are left to hclsyntax.
func isHCLIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return hclsyntax.ValidIdentifier(s)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9') || c == '-':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
