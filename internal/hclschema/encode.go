package hclschema

import (
	"regexp"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/schemactl/schemactl/schema"
)

// Encode writes r as schema HCL (docs/hcl.md), formatted as hclwrite
// formats it. The output is deterministic, decodes back to r (up to DeclRange
// and the defaults the decoder fills in), and encoding what it decodes to
// gives the same bytes.
//
// It is written for realms read from a catalog, with their canonical
// spellings: built-in types become bare words (character varying(255) is
// varchar(255)), enums, domains and composite types become references
// (enum.status), and defaults are HCL literals only where that is exact
// (integers, true and false); everything else is sql("...").
func Encode(r *schema.Realm) []byte {
	e := newEncoder(r)
	var blocks []*hclBlock
	add := func(typ, name string) *hclBlock {
		b := &hclBlock{typ: typ, labels: []string{name}}
		blocks = append(blocks, b)
		return b
	}
	for _, k := range encodeOrder {
		if k.encodeRealm != nil {
			k.encodeRealm(e, r, add)
		}
	}
	for _, s := range sortedByName(r.Schemas, func(s *schema.Schema) string { return s.Name }) {
		for _, k := range encodeOrder {
			if k.encodeSchema != nil {
				k.encodeSchema(e, s, add)
			}
		}
	}
	var w strings.Builder
	size := 0
	for _, s := range r.Schemas {
		size += 2048 * len(s.Tables)
	}
	w.Grow(size)
	for i, b := range blocks {
		if i > 0 {
			w.WriteByte('\n')
		}
		b.write(&w, "")
	}
	return []byte(w.String())
}

func sortedByName[T any](items []T, nameOf func(T) string) []T {
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(nameOf(a), nameOf(b)) })
	return items
}

// An encoder knows which names are declared in more than one schema: those
// are referred to with their schema (table.public.users), the others without.
type encoder struct {
	r       *schema.Realm
	inRealm map[schema.QualifiedName]bool   // the tables of the realm
	tables  map[string]int                  // table name → number of schemas declaring it
	types   map[string]map[string]int       // "enum" → type name → number of schemas
	kinds   map[schema.QualifiedName]string // user type → "enum", "domain" or "composite"
	spelled map[string]string               // type → its HCL spelling, as typeText found it
}

func newEncoder(r *schema.Realm) *encoder {
	e := &encoder{
		r:       r,
		inRealm: map[schema.QualifiedName]bool{},
		tables:  map[string]int{},
		types:   map[string]map[string]int{"enum": {}, "domain": {}, "composite": {}},
		kinds:   map[schema.QualifiedName]string{},
		spelled: map[string]string{},
	}
	for _, s := range r.Schemas {
		for _, t := range s.Tables {
			e.tables[t.Name]++
			e.inRealm[schema.QualifiedName{Schema: s.Name, Name: t.Name}] = true
		}
		for _, x := range s.Enums {
			e.types["enum"][x.Name]++
			e.kinds[schema.QualifiedName{Schema: s.Name, Name: x.Name}] = "enum"
		}
		for _, x := range s.Domains {
			e.types["domain"][x.Name]++
			e.kinds[schema.QualifiedName{Schema: s.Name, Name: x.Name}] = "domain"
		}
		for _, x := range s.Composites {
			e.types["composite"][x.Name]++
			e.kinds[schema.QualifiedName{Schema: s.Name, Name: x.Name}] = "composite"
		}
	}
	return e
}

func (e *encoder) schemaRef(name string) string { return hclTraversal("schema", name) }

// tableRef refers to a table by its name alone when no other schema
// declares one of that name, and with its schema otherwise, or when it is
// outside the realm.
func (e *encoder) tableRef(q schema.QualifiedName, more ...string) string {
	names := []string{q.Name}
	if !e.inRealm[q] || e.tables[q.Name] != 1 {
		names = []string{q.Schema, q.Name}
	}
	return hclTraversal("table", append(names, more...)...)
}

func columnRefs(cols []string) string {
	refs := make([]string, len(cols))
	for i, c := range cols {
		refs[i] = hclTraversal("column", c)
	}
	return hclTuple(refs)
}

func sqlText(s string) string { return hclCall("sql", hclString(s)) }

// plainNumber matches the numbers that PostgreSQL prints bare and HCL reads
// as numbers; negative constants come back from the catalog quoted and cast.
var plainNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// exprText spells an SQL value as an HCL literal when decodeExpr gives back
// exactly the same text, and as sql("...") otherwise.
func exprText(x schema.Expr) string {
	s := string(x)
	switch {
	case s == "true", s == "false":
		return s
	case plainNumber.MatchString(s) && len(s) < 40:
		if v, err := cty.ParseNumberVal(s); err == nil {
			if t, ok := numberText(v.AsBigFloat()); ok && t == s {
				return s
			}
		}
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		if v := strings.ReplaceAll(s[1:len(s)-1], "''", "'"); schema.QuoteLiteral(v) == s {
			return hclString(v)
		}
	case len(s) >= 3 && s[:2] == "E'" && s[len(s)-1] == '\'':
		// QuoteLiteral's form for text with backslashes.
		v := strings.ReplaceAll(strings.ReplaceAll(s[2:len(s)-1], `\\`, `\`), "''", "'")
		if schema.QuoteLiteral(v) == s {
			return hclString(v)
		}
	}
	return sqlText(s)
}

// bareWord matches option values the encoder may write bare; true, false
// and null are HCL literals, not words.
var bareWord = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func isBareWord(s string) bool {
	return bareWord.MatchString(s) && s != "true" && s != "false" && s != "null"
}

// wordText spells an option as a bare word: "SET NULL" is SET_NULL.
func wordText(s string) string { return strings.ReplaceAll(s, " ", "_") }

func setString(b *hclBlock, name, value string) {
	if value != "" {
		b.set(name, hclString(value))
	}
}

func setBool(b *hclBlock, name string, value bool) {
	if value {
		b.set(name, "true")
	}
}

func setInt(b *hclBlock, name string, value *int64) {
	if value != nil {
		b.set(name, hclInt(*value))
	}
}

func setColumns(b *hclBlock, name string, cols []string) {
	if len(cols) > 0 {
		b.set(name, columnRefs(cols))
	}
}

func setParams(b *hclBlock, name string, params []schema.StorageParam) {
	if len(params) == 0 {
		return
	}
	keys := make([]string, len(params))
	values := make([]string, len(params))
	for i, p := range params {
		keys[i], values[i] = p.Name, paramText(p.Value)
	}
	b.set(name, hclObject(keys, values))
}

// paramText spells a parameter value as decodeParams reads it back: a
// number or a bool bare when that is exact, a string otherwise.
func paramText(v string) string {
	if v == "true" || v == "false" || plainNumber.MatchString(v) {
		if t := exprText(schema.Expr(v)); !strings.HasPrefix(t, "sql(") {
			return t
		}
	}
	return hclString(v)
}

// parseQualifiedName reads schema.name as QualifiedName.String prints it,
// with either part in double quotes where needed. Unqualified names and
// anything else (arrays, type modifiers) give false.
func parseQualifiedName(s string) (schema.QualifiedName, bool) {
	orig := s
	var parts []string
	for len(s) > 0 {
		var part string
		if s[0] == '"' {
			var b strings.Builder
			i := 1
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return schema.QualifiedName{}, false
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			part, s = b.String(), s[i:]
		} else {
			j := strings.IndexByte(s, '.')
			if j < 0 {
				j = len(s)
			}
			part, s = s[:j], s[j:]
			if !schema.IsBareIdent(part) {
				return schema.QualifiedName{}, false
			}
		}
		parts = append(parts, part)
		if len(s) > 0 {
			if s[0] != '.' || len(s) == 1 {
				return schema.QualifiedName{}, false
			}
			s = s[1:]
		}
	}
	if len(parts) != 2 {
		return schema.QualifiedName{}, false
	}
	q := schema.QualifiedName{Schema: parts[0], Name: parts[1]}
	return q, q.String() == orig
}
