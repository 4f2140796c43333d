package schema

import (
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// EncodeHCL writes r as schema HCL (docs/hcl.md), formatted as hclwrite
// formats it. The output is deterministic, decodes back to r (up to DeclRange
// and the defaults the decoder fills in), and encoding what it decodes to
// gives the same bytes.
//
// It is written for realms read from a catalog, with their canonical
// spellings: built-in types become bare words (character varying(255) is
// varchar(255)), enums, domains and composite types become references
// (enum.status), and defaults are HCL literals only where that is exact
// (integers, true and false); everything else is sql("...").
func EncodeHCL(r *Realm) []byte {
	e := newEncoder(r)
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	first := true
	block := func(typ, name string) *hclwrite.Body {
		if !first {
			body.AppendNewline()
		}
		first = false
		return body.AppendNewBlock(typ, []string{name}).Body()
	}
	schemas := sortedByName(r.Schemas, func(s *Schema) string { return s.Name })
	for _, s := range schemas {
		b := block("schema", s.Name)
		setString(b, "comment", s.Comment)
	}
	for _, x := range sortedByName(r.Extensions, func(x *Extension) string { return x.Name }) {
		e.extension(block("extension", x.Name), x)
	}
	for _, s := range schemas {
		for _, x := range sortedByName(s.Enums, enumName) {
			e.enum(block("enum", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Domains, domainName) {
			e.domain(block("domain", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Composites, compositeName) {
			e.composite(block("composite", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Sequences, sequenceName) {
			e.sequence(block("sequence", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Tables, tableName) {
			e.table(block("table", x.Name), s, x)
		}
	}
	return hclwrite.Format(f.Bytes())
}

func sortedByName[T any](items []T, nameOf func(T) string) []T {
	items = slices.Clone(items)
	sortByName(items, nameOf)
	return items
}

// An encoder knows which names are declared in more than one schema: those
// are referred to with their schema (table.public.users), the others without.
type encoder struct {
	r      *Realm
	tables map[string]int            // table name → number of schemas declaring it
	types  map[string]map[string]int // "enum" → type name → number of schemas
	kinds  map[QualifiedName]string  // user type → "enum", "domain" or "composite"
}

func newEncoder(r *Realm) *encoder {
	e := &encoder{
		r:      r,
		tables: map[string]int{},
		types:  map[string]map[string]int{"enum": {}, "domain": {}, "composite": {}},
		kinds:  map[QualifiedName]string{},
	}
	for _, s := range r.Schemas {
		for _, t := range s.Tables {
			e.tables[t.Name]++
		}
		for _, x := range s.Enums {
			e.types["enum"][x.Name]++
			e.kinds[QualifiedName{s.Name, x.Name}] = "enum"
		}
		for _, x := range s.Domains {
			e.types["domain"][x.Name]++
			e.kinds[QualifiedName{s.Name, x.Name}] = "domain"
		}
		for _, x := range s.Composites {
			e.types["composite"][x.Name]++
			e.kinds[QualifiedName{s.Name, x.Name}] = "composite"
		}
	}
	return e
}

// traversal spells root.names..., with names that are no HCL identifier
// in brackets: column["Mixed Case"].
func traversal(root string, names ...string) hclwrite.Tokens {
	t := hcl.Traversal{hcl.TraverseRoot{Name: root}}
	for _, n := range names {
		if hclsyntax.ValidIdentifier(n) {
			t = append(t, hcl.TraverseAttr{Name: n})
		} else {
			t = append(t, hcl.TraverseIndex{Key: cty.StringVal(n)})
		}
	}
	return hclwrite.TokensForTraversal(t)
}

func (e *encoder) schemaRef(name string) hclwrite.Tokens { return traversal("schema", name) }

// tableRef refers to a table by its name alone when no other schema
// declares one of that name, and with its schema otherwise, or when it is
// outside the realm.
func (e *encoder) tableRef(q QualifiedName, more ...string) hclwrite.Tokens {
	names := []string{q.Name}
	if _, ok := e.r.Table(q); !ok || e.tables[q.Name] != 1 {
		names = []string{q.Schema, q.Name}
	}
	return traversal("table", append(names, more...)...)
}

func columnRefs(cols []string) hclwrite.Tokens {
	refs := make([]hclwrite.Tokens, len(cols))
	for i, c := range cols {
		refs[i] = traversal("column", c)
	}
	return hclwrite.TokensForTuple(refs)
}

// typeTokens spells a type: a reference to a user type, a bare word, or sql.
func (e *encoder) typeTokens(typ string) hclwrite.Tokens {
	if q, ok := parseQualifiedName(typ); ok {
		if kind, ok := e.kinds[q]; ok {
			if e.types[kind][q.Name] == 1 {
				return traversal(kind, q.Name)
			}
			return traversal(kind, q.Schema, q.Name)
		}
	}
	name, args, ok := bareType(typ)
	switch {
	case !ok:
		return sqlTokens(typ)
	case len(args) == 0:
		return hclwrite.TokensForIdentifier(name)
	}
	argTokens := make([]hclwrite.Tokens, len(args))
	for i, a := range args {
		argTokens[i] = hclwrite.TokensForValue(cty.NumberIntVal(a))
	}
	return hclwrite.TokensForFunctionCall(name, argTokens...)
}

func sqlTokens(s string) hclwrite.Tokens {
	return hclwrite.TokensForFunctionCall("sql", hclwrite.TokensForValue(cty.StringVal(s)))
}

// plainNumber matches the numbers that PostgreSQL prints bare and HCL reads
// as numbers; negative constants come back from the catalog quoted and cast.
var plainNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// exprTokens spells an SQL value as an HCL literal when decodeExpr gives back
// exactly the same text, and as sql("...") otherwise.
func exprTokens(x Expr) hclwrite.Tokens {
	s := string(x)
	switch {
	case s == "true":
		return hclwrite.TokensForValue(cty.True)
	case s == "false":
		return hclwrite.TokensForValue(cty.False)
	case plainNumber.MatchString(s) && len(s) < 40:
		if v, err := cty.ParseNumberVal(s); err == nil {
			if t, ok := numberText(v.AsBigFloat()); ok && t == s {
				return hclwrite.Tokens{{Type: hclsyntax.TokenNumberLit, Bytes: []byte(s)}}
			}
		}
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		if v := strings.ReplaceAll(s[1:len(s)-1], "''", "'"); QuoteLiteral(v) == s {
			return hclwrite.TokensForValue(cty.StringVal(v))
		}
	case len(s) >= 3 && s[:2] == "E'" && s[len(s)-1] == '\'':
		// QuoteLiteral's form for text with backslashes.
		v := strings.ReplaceAll(strings.ReplaceAll(s[2:len(s)-1], `\\`, `\`), "''", "'")
		if QuoteLiteral(v) == s {
			return hclwrite.TokensForValue(cty.StringVal(v))
		}
	}
	return sqlTokens(s)
}

// bareWord matches option values the encoder may write bare; true, false
// and null are HCL literals, not words.
var bareWord = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func isBareWord(s string) bool {
	return bareWord.MatchString(s) && s != "true" && s != "false" && s != "null"
}

// wordTokens spells an option as a bare word: "SET NULL" is SET_NULL.
func wordTokens(s string) hclwrite.Tokens {
	return hclwrite.TokensForIdentifier(strings.ReplaceAll(s, " ", "_"))
}

func setString(b *hclwrite.Body, name, value string) {
	if value != "" {
		b.SetAttributeValue(name, cty.StringVal(value))
	}
}

func setBool(b *hclwrite.Body, name string, value bool) {
	if value {
		b.SetAttributeValue(name, cty.True)
	}
}

func setInt(b *hclwrite.Body, name string, value *int64) {
	if value != nil {
		b.SetAttributeValue(name, cty.NumberIntVal(*value))
	}
}

func setColumns(b *hclwrite.Body, name string, cols []string) {
	if len(cols) > 0 {
		b.SetAttributeRaw(name, columnRefs(cols))
	}
}

func setParams(b *hclwrite.Body, name string, params []StorageParam) {
	if len(params) == 0 {
		return
	}
	values := make([]hclwrite.Tokens, len(params))
	for i, p := range params {
		values[i] = paramTokens(p.Value)
	}
	b.SetAttributeRaw(name, inlineObject(params, values))
}

// inlineObject spells { a = 1, b = "x" } on one line, keys in the order
// given; hclwrite.TokensForObject would take a line per key.
func inlineObject(keys []StorageParam, values []hclwrite.Tokens) hclwrite.Tokens {
	toks := hclwrite.Tokens{{Type: hclsyntax.TokenOBrace, Bytes: []byte("{")}}
	for i, k := range keys {
		if i > 0 {
			toks = append(toks, &hclwrite.Token{Type: hclsyntax.TokenComma, Bytes: []byte(",")})
		}
		if hclsyntax.ValidIdentifier(k.Name) {
			toks = append(toks, hclwrite.TokensForIdentifier(k.Name)...)
		} else {
			toks = append(toks, hclwrite.TokensForValue(cty.StringVal(k.Name))...)
		}
		toks = append(toks, &hclwrite.Token{Type: hclsyntax.TokenEqual, Bytes: []byte("=")})
		toks = append(toks, values[i]...)
	}
	return append(toks, &hclwrite.Token{Type: hclsyntax.TokenCBrace, Bytes: []byte("}")})
}

// paramTokens spells a parameter value as decodeParams reads it back: a
// number or a bool bare when that is exact, a string otherwise.
func paramTokens(v string) hclwrite.Tokens {
	if v == "true" || v == "false" || plainNumber.MatchString(v) {
		if t := exprTokens(Expr(v)); !isSQLCall(t) {
			return t
		}
	}
	return hclwrite.TokensForValue(cty.StringVal(v))
}

func isSQLCall(t hclwrite.Tokens) bool {
	return len(t) > 0 && t[0].Type == hclsyntax.TokenIdent && string(t[0].Bytes) == "sql"
}

func (e *encoder) extension(b *hclwrite.Body, x *Extension) {
	if _, ok := e.r.Schema(x.Schema); ok {
		b.SetAttributeRaw("schema", e.schemaRef(x.Schema))
	} else {
		setString(b, "schema", x.Schema)
	}
	setString(b, "version", x.Version)
	setString(b, "comment", x.Comment)
}

func (e *encoder) enum(b *hclwrite.Body, s *Schema, x *Enum) {
	b.SetAttributeRaw("schema", e.schemaRef(s.Name))
	values := make([]cty.Value, len(x.Values))
	for i, v := range x.Values {
		values[i] = cty.StringVal(v)
	}
	if len(values) == 0 {
		b.SetAttributeValue("values", cty.EmptyTupleVal)
	} else {
		b.SetAttributeValue("values", cty.TupleVal(values))
	}
	if len(x.RenamedValues) > 0 {
		keys := make([]string, 0, len(x.RenamedValues))
		for k := range x.RenamedValues {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		pairs := make([]StorageParam, len(keys))
		values := make([]hclwrite.Tokens, len(keys))
		for i, k := range keys {
			pairs[i] = StorageParam{Name: k}
			values[i] = hclwrite.TokensForValue(cty.StringVal(x.RenamedValues[k]))
		}
		b.SetAttributeRaw("renamed_values", inlineObject(pairs, values))
	}
	setString(b, "comment", x.Comment)
}

func (e *encoder) domain(b *hclwrite.Body, s *Schema, x *Domain) {
	b.SetAttributeRaw("schema", e.schemaRef(s.Name))
	b.SetAttributeRaw("type", e.typeTokens(x.Type))
	setBool(b, "null", !x.NotNull)
	if x.Default != "" {
		b.SetAttributeRaw("default", exprTokens(x.Default))
	}
	setString(b, "collate", hclObjectName(x.Collation))
	setString(b, "comment", x.Comment)
	for _, c := range sortedByName(x.Checks, func(c *Check) string { return c.Name }) {
		cb := b.AppendNewBlock("check", []string{c.Name}).Body()
		setString(cb, "expr", string(c.Expr))
		setBool(cb, "not_valid", c.NotValid)
		setString(cb, "comment", c.Comment)
	}
}

func (e *encoder) composite(b *hclwrite.Body, s *Schema, x *Composite) {
	b.SetAttributeRaw("schema", e.schemaRef(s.Name))
	setString(b, "comment", x.Comment)
	for _, f := range x.Fields {
		fb := b.AppendNewBlock("field", []string{f.Name}).Body()
		fb.SetAttributeRaw("type", e.typeTokens(f.Type))
		setString(fb, "collate", hclObjectName(f.Collation))
		setString(fb, "comment", f.Comment)
	}
}

func (e *encoder) sequence(b *hclwrite.Body, s *Schema, x *Sequence) {
	b.SetAttributeRaw("schema", e.schemaRef(s.Name))
	if x.Type != "" && x.Type != "bigint" {
		b.SetAttributeRaw("type", hclwrite.TokensForIdentifier(x.Type))
	}
	setOptions(b, x.Options)
	if x.OwnedBy != nil {
		b.SetAttributeRaw("owned_by", e.tableRef(x.OwnedBy.Table, "column", x.OwnedBy.Column))
	}
	setString(b, "comment", x.Comment)
}

func setOptions(b *hclwrite.Body, o SequenceOptions) {
	setInt(b, "start", o.Start)
	setInt(b, "increment", o.Increment)
	setInt(b, "min_value", o.MinValue)
	setInt(b, "max_value", o.MaxValue)
	setInt(b, "cache", o.Cache)
	setBool(b, "cycle", o.Cycle)
}

func (e *encoder) table(b *hclwrite.Body, s *Schema, t *Table) {
	b.SetAttributeRaw("schema", e.schemaRef(s.Name))
	setString(b, "renamed_from", t.RenamedFrom)
	setBool(b, "unlogged", t.Unlogged)
	if p := t.PartitionOf; p != nil {
		b.SetAttributeRaw("partition_of", e.tableRef(p.Parent))
		if p.Bound == "DEFAULT" {
			b.SetAttributeRaw("bound", hclwrite.TokensForIdentifier("DEFAULT"))
		} else {
			b.SetAttributeRaw("bound", sqlTokens(p.Bound))
		}
	}
	setString(b, "comment", t.Comment)
	for _, c := range t.Columns {
		e.column(b.AppendNewBlock("column", []string{c.Name}).Body(), c)
	}
	if pk := t.PrimaryKey; pk != nil {
		pb := b.AppendNewBlock("primary_key", nil).Body()
		if pk.Name != defaultPKeyName(t.Name) {
			setString(pb, "name", pk.Name)
		}
		e.key(pb, pk)
	}
	for _, k := range sortedByName(t.Uniques, func(k *Key) string { return k.Name }) {
		e.key(b.AppendNewBlock("unique", []string{k.Name}).Body(), k)
	}
	for _, x := range sortedByName(t.Indexes, indexName) {
		e.index(b.AppendNewBlock("index", []string{x.Name}).Body(), x)
	}
	for _, fk := range sortedByName(t.ForeignKeys, func(fk *ForeignKey) string { return fk.Name }) {
		e.foreignKey(b.AppendNewBlock("foreign_key", []string{fk.Name}).Body(), fk)
	}
	for _, c := range sortedByName(t.Checks, func(c *Check) string { return c.Name }) {
		cb := b.AppendNewBlock("check", []string{c.Name}).Body()
		setString(cb, "expr", string(c.Expr))
		setBool(cb, "no_inherit", c.NoInherit)
		setBool(cb, "not_valid", c.NotValid)
		setString(cb, "comment", c.Comment)
	}
	for _, x := range sortedByName(t.Excludes, func(x *Exclude) string { return x.Name }) {
		e.exclude(b.AppendNewBlock("exclude", []string{x.Name}).Body(), x)
	}
	if k := t.PartitionKey; k != nil {
		e.partitionKey(b.AppendNewBlock("partition", nil).Body(), k)
	}
}

func (e *encoder) column(b *hclwrite.Body, c *Column) {
	b.SetAttributeRaw("type", e.typeTokens(c.Type))
	setBool(b, "null", !c.NotNull)
	if c.Default != "" {
		b.SetAttributeRaw("default", exprTokens(c.Default))
	}
	setString(b, "collate", hclObjectName(c.Collation))
	setString(b, "renamed_from", c.RenamedFrom)
	setString(b, "comment", c.Comment)
	if id := c.Identity; id != nil {
		ib := b.AppendNewBlock("identity", nil).Body()
		if id.Always {
			ib.SetAttributeRaw("generated", wordTokens("ALWAYS"))
		} else {
			ib.SetAttributeRaw("generated", wordTokens("BY DEFAULT"))
		}
		setOptions(ib, id.Sequence)
	}
	if c.Generated != "" {
		gb := b.AppendNewBlock("as", nil).Body()
		gb.SetAttributeValue("expr", cty.StringVal(string(c.Generated)))
		gb.SetAttributeRaw("type", wordTokens("STORED"))
	}
}

func (e *encoder) key(b *hclwrite.Body, k *Key) {
	setColumns(b, "columns", k.Columns)
	setColumns(b, "include", k.Include)
	if k.NullsNotDistinct {
		b.SetAttributeValue("nulls_distinct", cty.False)
	}
	setBool(b, "deferrable", k.Deferrable)
	setBool(b, "initially_deferred", k.InitiallyDeferred)
	setParams(b, "storage_params", k.StorageParams)
	setString(b, "comment", k.Comment)
}

// setMethod writes the access method unless it is the default one.
func setMethod(b *hclwrite.Body, method, def string) {
	switch {
	case method == def:
	case isBareWord(method):
		b.SetAttributeRaw("type", hclwrite.TokensForIdentifier(strings.ToUpper(method)))
	default:
		setString(b, "type", method)
	}
}

func (e *encoder) index(b *hclwrite.Body, x *Index) {
	setBool(b, "unique", x.Unique)
	setMethod(b, x.Method, "btree")
	cols, plain := plainColumns(x.Parts)
	if plain {
		setColumns(b, "columns", cols)
	}
	setColumns(b, "include", x.Include)
	setString(b, "where", string(x.Predicate))
	if x.NullsNotDistinct {
		b.SetAttributeValue("nulls_distinct", cty.False)
	}
	setParams(b, "storage_params", x.StorageParams)
	setString(b, "renamed_from", x.RenamedFrom)
	setString(b, "comment", x.Comment)
	if !plain {
		for _, p := range x.Parts {
			e.part(b.AppendNewBlock("on", nil).Body(), p)
		}
	}
}

// plainColumns returns the columns of an index key that is nothing but
// columns, which is written columns = [...] rather than with on blocks.
func plainColumns(parts []*IndexPart) ([]string, bool) {
	var cols []string
	for _, p := range parts {
		if p.Column == "" || p.Expr != "" || p.Collation != "" || p.OpClass != "" || len(p.OpClassParams) > 0 ||
			p.Desc || p.NullsFirst || p.NullsLast {
			return nil, false
		}
		cols = append(cols, p.Column)
	}
	return cols, len(cols) > 0
}

func (e *encoder) part(b *hclwrite.Body, p *IndexPart) {
	if p.Column != "" {
		b.SetAttributeRaw("column", traversal("column", p.Column))
	} else {
		b.SetAttributeValue("expr", cty.StringVal(string(p.Expr)))
	}
	setBool(b, "desc", p.Desc)
	setBool(b, "nulls_first", p.NullsFirst)
	setBool(b, "nulls_last", p.NullsLast)
	setString(b, "collate", hclObjectName(p.Collation))
	if p.OpClass != "" {
		b.SetAttributeRaw("ops", opClassTokens(p.OpClass))
	}
	setParams(b, "ops_params", p.OpClassParams)
}

// opClassTokens spells an operator class bare (text_pattern_ops,
// public.gist_trgm_ops) when it can, and as a string otherwise.
func opClassTokens(name string) hclwrite.Tokens {
	plain := hclObjectName(name)
	parts := strings.Split(plain, ".")
	for _, p := range parts {
		if !isBareWord(p) || len(parts) > 2 {
			return hclwrite.TokensForValue(cty.StringVal(plain))
		}
	}
	return traversal(parts[0], parts[1:]...)
}

func (e *encoder) foreignKey(b *hclwrite.Body, fk *ForeignKey) {
	setColumns(b, "columns", fk.Columns)
	refs := make([]hclwrite.Tokens, len(fk.RefColumns))
	for i, c := range fk.RefColumns {
		refs[i] = e.tableRef(fk.RefTable, "column", c)
	}
	b.SetAttributeRaw("ref_columns", hclwrite.TokensForTuple(refs))
	if fk.OnUpdate != "" && fk.OnUpdate != NoAction {
		b.SetAttributeRaw("on_update", wordTokens(fk.OnUpdate))
	}
	if fk.OnDelete != "" && fk.OnDelete != NoAction {
		b.SetAttributeRaw("on_delete", wordTokens(fk.OnDelete))
	}
	setColumns(b, "on_delete_columns", fk.OnDeleteColumns)
	if fk.Match != "" && fk.Match != MatchSimple {
		b.SetAttributeRaw("match", wordTokens(fk.Match))
	}
	setBool(b, "deferrable", fk.Deferrable)
	setBool(b, "initially_deferred", fk.InitiallyDeferred)
	setBool(b, "not_valid", fk.NotValid)
	setString(b, "comment", fk.Comment)
}

func (e *encoder) exclude(b *hclwrite.Body, x *Exclude) {
	setMethod(b, x.Method, "gist")
	setColumns(b, "include", x.Include)
	setString(b, "where", string(x.Predicate))
	setParams(b, "storage_params", x.StorageParams)
	setBool(b, "deferrable", x.Deferrable)
	setBool(b, "initially_deferred", x.InitiallyDeferred)
	setString(b, "comment", x.Comment)
	for _, el := range x.Elements {
		ob := b.AppendNewBlock("on", nil).Body()
		e.part(ob, &el.IndexPart)
		ob.SetAttributeValue("op", cty.StringVal(el.Operator))
	}
}

func (e *encoder) partitionKey(b *hclwrite.Body, k *PartitionKey) {
	b.SetAttributeRaw("type", wordTokens(k.Strategy))
	plain := true
	var cols []string
	for _, p := range k.Parts {
		if p.Column == "" || p.Collation != "" || p.OpClass != "" {
			plain = false
			break
		}
		cols = append(cols, p.Column)
	}
	if plain && len(cols) > 0 {
		setColumns(b, "columns", cols)
		return
	}
	for _, p := range k.Parts {
		pb := b.AppendNewBlock("by", nil).Body()
		if p.Column != "" {
			pb.SetAttributeRaw("column", traversal("column", p.Column))
		} else {
			pb.SetAttributeValue("expr", cty.StringVal(string(p.Expr)))
		}
		setString(pb, "collate", hclObjectName(p.Collation))
		if p.OpClass != "" {
			pb.SetAttributeRaw("ops", opClassTokens(p.OpClass))
		}
	}
}

// parseQualifiedName reads schema.name as QualifiedName.String prints it,
// with either part in double quotes where needed. Unqualified names and
// anything else (arrays, type modifiers) give false.
func parseQualifiedName(s string) (QualifiedName, bool) {
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
					return QualifiedName{}, false
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
			if !isBareIdent(part) {
				return QualifiedName{}, false
			}
		}
		parts = append(parts, part)
		if len(s) > 0 {
			if s[0] != '.' || len(s) == 1 {
				return QualifiedName{}, false
			}
			s = s[1:]
		}
	}
	if len(parts) != 2 {
		return QualifiedName{}, false
	}
	q := QualifiedName{parts[0], parts[1]}
	return q, q.String() == orig
}
