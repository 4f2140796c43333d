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
	block := func(typ, name string) *hclBlock {
		b := &hclBlock{typ: typ, labels: []string{name}}
		blocks = append(blocks, b)
		return b
	}
	schemas := sortedByName(r.Schemas, func(s *schema.Schema) string { return s.Name })
	for _, s := range schemas {
		setString(block("schema", s.Name), "comment", s.Comment)
	}
	for _, x := range sortedByName(r.Extensions, func(x *schema.Extension) string { return x.Name }) {
		e.extension(block("extension", x.Name), x)
	}
	for _, s := range schemas {
		for _, x := range sortedByName(s.Enums, func(x *schema.Enum) string { return x.Name }) {
			e.enum(block("enum", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Domains, func(x *schema.Domain) string { return x.Name }) {
			e.domain(block("domain", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Composites, func(x *schema.Composite) string { return x.Name }) {
			e.composite(block("composite", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Sequences, func(x *schema.Sequence) string { return x.Name }) {
			e.sequence(block("sequence", x.Name), s, x)
		}
		for _, x := range sortedByName(s.Tables, func(x *schema.Table) string { return x.Name }) {
			e.table(block("table", x.Name), s, x)
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

// typeText spells a type: a reference to a user type, a bare word, or sql.
func (e *encoder) typeText(typ string) string {
	if t, ok := e.spelled[typ]; ok {
		return t
	}
	t := e.spellType(typ)
	e.spelled[typ] = t
	return t
}

func (e *encoder) spellType(typ string) string {
	if q, ok := parseQualifiedName(typ); ok {
		if kind, ok := e.kinds[q]; ok {
			if e.types[kind][q.Name] == 1 {
				return hclTraversal(kind, q.Name)
			}
			return hclTraversal(kind, q.Schema, q.Name)
		}
	}
	name, args, ok := bareType(typ)
	switch {
	case !ok:
		return sqlText(typ)
	case len(args) == 0:
		return name
	}
	argText := make([]string, len(args))
	for i, a := range args {
		argText[i] = hclInt(a)
	}
	return hclCall(name, argText...)
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

func (e *encoder) extension(b *hclBlock, x *schema.Extension) {
	if _, ok := e.r.Schema(x.Schema); ok {
		b.set("schema", e.schemaRef(x.Schema))
	} else {
		setString(b, "schema", x.Schema)
	}
	setString(b, "version", x.Version)
	setString(b, "comment", x.Comment)
}

func (e *encoder) enum(b *hclBlock, s *schema.Schema, x *schema.Enum) {
	b.set("schema", e.schemaRef(s.Name))
	values := make([]string, len(x.Values))
	for i, v := range x.Values {
		values[i] = hclString(v)
	}
	b.set("values", hclTuple(values))
	if len(x.RenamedValues) > 0 {
		keys := make([]string, 0, len(x.RenamedValues))
		for k := range x.RenamedValues {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		olds := make([]string, len(keys))
		for i, k := range keys {
			olds[i] = hclString(x.RenamedValues[k])
		}
		b.set("renamed_values", hclObject(keys, olds))
	}
	setString(b, "comment", x.Comment)
}

func (e *encoder) domain(b *hclBlock, s *schema.Schema, x *schema.Domain) {
	b.set("schema", e.schemaRef(s.Name))
	b.set("type", e.typeText(x.Type))
	setBool(b, "null", !x.NotNull)
	if x.Default != "" {
		b.set("default", exprText(x.Default))
	}
	setString(b, "collate", hclObjectName(x.Collation))
	setString(b, "comment", x.Comment)
	for _, c := range sortedByName(x.Checks, func(c *schema.Check) string { return c.Name }) {
		cb := b.block("check", c.Name)
		setString(cb, "expr", string(c.Expr))
		setBool(cb, "not_valid", c.NotValid)
		setString(cb, "comment", c.Comment)
	}
}

func (e *encoder) composite(b *hclBlock, s *schema.Schema, x *schema.Composite) {
	b.set("schema", e.schemaRef(s.Name))
	setString(b, "comment", x.Comment)
	for _, f := range x.Fields {
		fb := b.block("field", f.Name)
		fb.set("type", e.typeText(f.Type))
		setString(fb, "collate", hclObjectName(f.Collation))
		setString(fb, "comment", f.Comment)
	}
}

func (e *encoder) sequence(b *hclBlock, s *schema.Schema, x *schema.Sequence) {
	b.set("schema", e.schemaRef(s.Name))
	if x.Type != "" && x.Type != "bigint" {
		b.set("type", x.Type)
	}
	setOptions(b, x.Options)
	if x.OwnedBy != nil {
		b.set("owned_by", e.tableRef(x.OwnedBy.Table, "column", x.OwnedBy.Column))
	}
	setString(b, "comment", x.Comment)
}

func setOptions(b *hclBlock, o schema.SequenceOptions) {
	setInt(b, "start", o.Start)
	setInt(b, "increment", o.Increment)
	setInt(b, "min_value", o.MinValue)
	setInt(b, "max_value", o.MaxValue)
	setInt(b, "cache", o.Cache)
	setBool(b, "cycle", o.Cycle)
}

func (e *encoder) table(b *hclBlock, s *schema.Schema, t *schema.Table) {
	b.set("schema", e.schemaRef(s.Name))
	setString(b, "renamed_from", t.RenamedFrom)
	setBool(b, "unlogged", t.Unlogged)
	if p := t.PartitionOf; p != nil {
		b.set("partition_of", e.tableRef(p.Parent))
		if p.Bound == "DEFAULT" {
			b.set("bound", "DEFAULT")
		} else {
			b.set("bound", sqlText(p.Bound))
		}
	}
	setString(b, "comment", t.Comment)
	for _, c := range t.Columns {
		e.column(b.block("column", c.Name), c)
	}
	if pk := t.PrimaryKey; pk != nil {
		pb := b.block("primary_key")
		if pk.Name != defaultPKeyName(t.Name) {
			setString(pb, "name", pk.Name)
		}
		e.key(pb, pk)
	}
	for _, k := range sortedByName(t.Uniques, func(k *schema.Key) string { return k.Name }) {
		e.key(b.block("unique", k.Name), k)
	}
	for _, x := range sortedByName(t.Indexes, func(x *schema.Index) string { return x.Name }) {
		e.index(b.block("index", x.Name), x)
	}
	for _, fk := range sortedByName(t.ForeignKeys, func(fk *schema.ForeignKey) string { return fk.Name }) {
		e.foreignKey(b.block("foreign_key", fk.Name), fk)
	}
	for _, c := range sortedByName(t.Checks, func(c *schema.Check) string { return c.Name }) {
		cb := b.block("check", c.Name)
		setString(cb, "expr", string(c.Expr))
		setBool(cb, "no_inherit", c.NoInherit)
		setBool(cb, "not_valid", c.NotValid)
		setString(cb, "comment", c.Comment)
	}
	for _, x := range sortedByName(t.Excludes, func(x *schema.Exclude) string { return x.Name }) {
		e.exclude(b.block("exclude", x.Name), x)
	}
	if k := t.PartitionKey; k != nil {
		e.partitionKey(b.block("partition"), k)
	}
}

func (e *encoder) column(b *hclBlock, c *schema.Column) {
	b.set("type", e.typeText(c.Type))
	setBool(b, "null", !c.NotNull)
	if c.Default != "" {
		b.set("default", exprText(c.Default))
	}
	setString(b, "collate", hclObjectName(c.Collation))
	setString(b, "renamed_from", c.RenamedFrom)
	setString(b, "comment", c.Comment)
	if id := c.Identity; id != nil {
		ib := b.block("identity")
		if id.Always {
			ib.set("generated", "ALWAYS")
		} else {
			ib.set("generated", "BY_DEFAULT")
		}
		setOptions(ib, id.Sequence)
	}
	if c.Generated != "" {
		gb := b.block("as")
		gb.set("expr", hclString(string(c.Generated)))
		gb.set("type", "STORED")
	}
}

func (e *encoder) key(b *hclBlock, k *schema.Key) {
	setColumns(b, "columns", k.Columns)
	setColumns(b, "include", k.Include)
	if k.NullsNotDistinct {
		b.set("nulls_distinct", "false")
	}
	setBool(b, "deferrable", k.Deferrable)
	setBool(b, "initially_deferred", k.InitiallyDeferred)
	setParams(b, "storage_params", k.StorageParams)
	setString(b, "comment", k.Comment)
}

// setMethod writes the access method unless it is the default one.
func setMethod(b *hclBlock, method, def string) {
	switch {
	case method == def:
	case isBareWord(method):
		b.set("type", strings.ToUpper(method))
	default:
		setString(b, "type", method)
	}
}

func (e *encoder) index(b *hclBlock, x *schema.Index) {
	setBool(b, "unique", x.Unique)
	setMethod(b, x.Method, "btree")
	cols, plain := plainColumns(x.Parts)
	if plain {
		setColumns(b, "columns", cols)
	}
	setColumns(b, "include", x.Include)
	setString(b, "where", string(x.Predicate))
	if x.NullsNotDistinct {
		b.set("nulls_distinct", "false")
	}
	setParams(b, "storage_params", x.StorageParams)
	setString(b, "renamed_from", x.RenamedFrom)
	setString(b, "comment", x.Comment)
	if !plain {
		for _, p := range x.Parts {
			e.part(b.block("on"), p)
		}
	}
}

// plainColumns returns the columns of an index key that is nothing but
// columns, which is written columns = [...] rather than with on blocks.
func plainColumns(parts []*schema.IndexPart) ([]string, bool) {
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

func (e *encoder) part(b *hclBlock, p *schema.IndexPart) {
	if p.Column != "" {
		b.set("column", hclTraversal("column", p.Column))
	} else {
		b.set("expr", hclString(string(p.Expr)))
	}
	setBool(b, "desc", p.Desc)
	setBool(b, "nulls_first", p.NullsFirst)
	setBool(b, "nulls_last", p.NullsLast)
	setString(b, "collate", hclObjectName(p.Collation))
	if p.OpClass != "" {
		b.set("ops", opClassText(p.OpClass))
	}
	setParams(b, "ops_params", p.OpClassParams)
}

// opClassText spells an operator class bare (text_pattern_ops,
// public.gist_trgm_ops) when it can, and as a string otherwise.
func opClassText(name string) string {
	plain := hclObjectName(name)
	parts := strings.Split(plain, ".")
	for _, p := range parts {
		if !isBareWord(p) || len(parts) > 2 {
			return hclString(plain)
		}
	}
	return hclTraversal(parts[0], parts[1:]...)
}

func (e *encoder) foreignKey(b *hclBlock, fk *schema.ForeignKey) {
	setColumns(b, "columns", fk.Columns)
	refs := make([]string, len(fk.RefColumns))
	for i, c := range fk.RefColumns {
		refs[i] = e.tableRef(fk.RefTable, "column", c)
	}
	b.set("ref_columns", hclTuple(refs))
	if fk.OnUpdate != "" && fk.OnUpdate != schema.NoAction {
		b.set("on_update", wordText(fk.OnUpdate))
	}
	if fk.OnDelete != "" && fk.OnDelete != schema.NoAction {
		b.set("on_delete", wordText(fk.OnDelete))
	}
	setColumns(b, "on_delete_columns", fk.OnDeleteColumns)
	if fk.Match != "" && fk.Match != schema.MatchSimple {
		b.set("match", wordText(fk.Match))
	}
	setBool(b, "deferrable", fk.Deferrable)
	setBool(b, "initially_deferred", fk.InitiallyDeferred)
	setBool(b, "not_valid", fk.NotValid)
	setString(b, "comment", fk.Comment)
}

func (e *encoder) exclude(b *hclBlock, x *schema.Exclude) {
	setMethod(b, x.Method, "gist")
	setColumns(b, "include", x.Include)
	setString(b, "where", string(x.Predicate))
	setParams(b, "storage_params", x.StorageParams)
	setBool(b, "deferrable", x.Deferrable)
	setBool(b, "initially_deferred", x.InitiallyDeferred)
	setString(b, "comment", x.Comment)
	for _, el := range x.Elements {
		ob := b.block("on")
		e.part(ob, &el.IndexPart)
		ob.set("op", hclString(el.Operator))
	}
}

func (e *encoder) partitionKey(b *hclBlock, k *schema.PartitionKey) {
	b.set("type", wordText(k.Strategy))
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
		pb := b.block("by")
		if p.Column != "" {
			pb.set("column", hclTraversal("column", p.Column))
		} else {
			pb.set("expr", hclString(string(p.Expr)))
		}
		setString(pb, "collate", hclObjectName(p.Collation))
		if p.OpClass != "" {
			pb.set("ops", opClassText(p.OpClass))
		}
	}
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
