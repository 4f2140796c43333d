package hclschema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

func (d *decoder) decodeIndex(td *tableDecl, raw *indexHCL) (*schema.Index, hcl.Diagnostics) {
	what := fmt.Sprintf("Index %q", raw.Name)
	idx := &schema.Index{
		Name:             raw.Name,
		Unique:           raw.Unique,
		Method:           "btree",
		NullsNotDistinct: raw.NullsDistinct != nil && !*raw.NullsDistinct,
		Comment:          raw.Comment,
		RenamedFrom:      raw.RenamedFrom,
		DeclRange:        raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Type != nil {
		m, more := decodeMethod(raw.Type.Expr, "The type of an index")
		diags = append(diags, more...)
		idx.Method = m
	}
	parts, more := d.decodeIndexParts(td, raw.Columns, raw.On, raw.DefRange, what)
	diags = append(diags, more...)
	idx.Parts = parts
	if raw.Include != nil {
		inc, more := d.columnList(td, raw.Include, what)
		diags = append(diags, more...)
		idx.Include = inc
	}
	if raw.Where != nil {
		w, more := decodeSQLText(raw.Where.Expr, "The where clause of an index")
		diags = append(diags, more...)
		idx.Predicate = schema.Expr(w)
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		idx.StorageParams = params
	}
	if raw.PagePerRange != nil {
		diags = append(diags, pagePerRange(idx, *raw.PagePerRange, raw.PagePerRangeAt)...)
	}
	return idx, diags
}

// pagePerRange adds Atlas's page_per_range to the storage parameters of a
// BRIN index, where PostgreSQL calls it pages_per_range (1 to 131072).
func pagePerRange(idx *schema.Index, n int64, rng hcl.Range) hcl.Diagnostics {
	const name = "pages_per_range"
	switch {
	case idx.Method != "brin":
		return hcl.Diagnostics{diagError(rng, "Invalid index option",
			"page_per_range is an option of BRIN indexes; index %q is of type %s.", idx.Name, strings.ToUpper(idx.Method))}
	case n < 1 || n > 131072:
		return hcl.Diagnostics{diagError(rng, "Invalid index option",
			"page_per_range must be between 1 and 131072, not %d.", n)}
	}
	for _, p := range idx.StorageParams {
		if p.Name == name {
			return hcl.Diagnostics{diagError(rng, "Duplicate parameter",
				"Index %q sets pages_per_range in storage_params and page_per_range; keep one.", idx.Name)}
		}
	}
	idx.StorageParams = append(idx.StorageParams, schema.StorageParam{Name: name, Value: strconv.FormatInt(n, 10)})
	return nil
}

// decodeMethod reads an access method, a bare word such as GIN.
func decodeMethod(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	m, diags := keyword(expr, what)
	return strings.ToLower(m), diags
}

// decodeIndexParts reads the key of an index: columns = [...] or on blocks.
func (d *decoder) decodeIndexParts(td *tableDecl, columns *hcl.Attribute, on []*indexPartHCL, owner hcl.Range, what string) ([]*schema.IndexPart, hcl.Diagnostics) {
	switch {
	case columns != nil && len(on) > 0:
		return nil, hcl.Diagnostics{diagError(on[0].DefRange, "Conflicting index parts",
			"%s has both columns and on blocks; use one or the other.", what)}
	case columns != nil:
		names, diags := d.columnList(td, columns, what)
		if !diags.HasErrors() && len(names) == 0 {
			diags = append(diags, diagError(columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		var parts []*schema.IndexPart
		for _, n := range names {
			parts = append(parts, &schema.IndexPart{Column: n})
		}
		return parts, diags
	case len(on) == 0:
		return nil, hcl.Diagnostics{diagError(owner, "Missing columns",
			"%s needs columns = [...] or on blocks.", what)}
	}
	var (
		parts []*schema.IndexPart
		diags hcl.Diagnostics
	)
	for _, p := range on {
		part, more := d.decodeIndexPart(td, p, what)
		diags = append(diags, more...)
		parts = append(parts, part)
	}
	return parts, diags
}

func (d *decoder) decodeIndexPart(td *tableDecl, raw *indexPartHCL, what string) (*schema.IndexPart, hcl.Diagnostics) {
	p := &schema.IndexPart{Collation: collation(raw.Collate), Desc: raw.Desc}
	var diags hcl.Diagnostics
	switch {
	case raw.Column != nil && raw.Expr != nil:
		diags = append(diags, diagError(raw.Expr.NameRange, "Conflicting index parts",
			"An on block of %s has both a column and an expr; use one or the other.", strings.ToLower(what[:1])+what[1:]))
	case raw.Column != nil:
		r, more := decodeReference(raw.Column.Expr, "column.id")
		diags = append(diags, more...)
		if !more.HasErrors() {
			name, more := d.ownColumn(td, r, what)
			diags = append(diags, more...)
			p.Column = name
		}
	case raw.Expr != nil:
		e, more := decodeSQLText(raw.Expr.Expr, "The expression of an index part")
		diags = append(diags, more...)
		p.Expr = schema.Expr(e)
	default:
		diags = append(diags, diagError(raw.DefRange, "Missing column",
			`An on block needs a column (column = column.id) or an expression (expr = "lower(email)").`))
	}
	switch {
	case raw.NullsFirst && raw.NullsLast:
		diags = append(diags, diagError(raw.NullsRange, "Conflicting index options", "An index part cannot have both nulls_first and nulls_last."))
	case raw.NullsFirst && !raw.Desc:
		// NULLS LAST is the default of ASC, NULLS FIRST that of DESC: only
		// the other order is kept.
		p.NullsFirst = true
	case raw.NullsLast && raw.Desc:
		p.NullsLast = true
	}
	if raw.Ops != nil {
		name, params, more := decodeOpClass(raw.Ops.Expr)
		diags = append(diags, more...)
		p.OpClass, p.OpClassParams = name, params
	}
	if raw.OpsParams != nil {
		if raw.Ops == nil {
			diags = append(diags, diagError(raw.OpsParams.NameRange, "Missing operator class",
				"ops_params needs the operator class they are for: ops = gist_trgm_ops."))
		}
		params, more := decodeParams(raw.OpsParams.Expr, "ops_params")
		diags = append(diags, more...)
		p.OpClassParams = append(p.OpClassParams, params...)
	}
	return p, diags
}

// decodeOpClass reads an operator class: a bare word (text_pattern_ops), a
// qualified name (public.gist_trgm_ops), a string, or Atlas's
// sql("gist_trgm_ops(siglen=32)") with parameters. The name is spelled as
// the catalog spells it (see sqlObjectName).
func decodeOpClass(expr hcl.Expression) (string, []schema.StorageParam, hcl.Diagnostics) {
	if s, ok, diags := sqlCall(expr); ok {
		if diags.HasErrors() {
			return "", nil, diags
		}
		name, params, ok := parseOpClassText(s)
		if !ok {
			return "", nil, hcl.Diagnostics{diagError(expr.Range(), "Invalid operator class",
				`Expected an operator class such as sql("gist_trgm_ops(siglen=32)").`)}
		}
		return name, params, nil
	}
	if e, ok := unparen(expr).(*hclsyntax.ScopeTraversalExpr); ok {
		r, diags := decodeReference(e, "text_pattern_ops")
		switch {
		case diags.HasErrors():
			return "", nil, diags
		case len(r.names) == 1:
			return schema.QuoteIdent(r.names[0]), nil, nil
		case len(r.names) == 2:
			return schema.QualifiedName{Schema: r.names[0], Name: r.names[1]}.String(), nil, nil
		}
		return "", nil, hcl.Diagnostics{diagError(r.rng, "Invalid operator class",
			"Expected an operator class such as text_pattern_ops or public.gist_trgm_ops, not %s.", r)}
	}
	s, diags := keyword(expr, "An operator class")
	return sqlObjectName(s), nil, diags
}

// parseOpClassText splits "name(a=1, b='x')" into the name and parameters.
func parseOpClassText(s string) (string, []schema.StorageParam, bool) {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return sqlObjectName(s), nil, s != ""
	}
	name := strings.TrimSpace(s[:open])
	if name == "" || !strings.HasSuffix(s, ")") {
		return "", nil, false
	}
	name = sqlObjectName(name)
	var params []schema.StorageParam
	for _, kv := range strings.Split(s[open+1:len(s)-1], ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), "'")
		if !ok || k == "" {
			return "", nil, false
		}
		params = append(params, schema.StorageParam{Name: k, Value: v})
	}
	return name, params, true
}

// indexColumns returns the key columns of an index, or nil when a part is
// an expression. Sort order, collation and operator class do not matter to
// a foreign key.
func indexColumns(idx *schema.Index) []string {
	var cols []string
	for _, p := range idx.Parts {
		if p.Column == "" {
			return nil
		}
		cols = append(cols, p.Column)
	}
	return cols
}

type indexHCL struct {
	Name             string          `hcl:"name,label"`
	NameRange        hcl.Range       `hcl:"name,label_range"`
	Unique           bool            `hcl:"unique,optional"`
	Type             *hcl.Attribute  `hcl:"type,optional"`
	Columns          *hcl.Attribute  `hcl:"columns,optional"`
	On               []*indexPartHCL `hcl:"on,block"`
	Include          *hcl.Attribute  `hcl:"include,optional"`
	Where            *hcl.Attribute  `hcl:"where,optional"`
	NullsDistinct    *bool           `hcl:"nulls_distinct,optional"`
	StorageParams    *hcl.Attribute  `hcl:"storage_params,optional"`
	Comment          string          `hcl:"comment,optional"`
	RenamedFrom      string          `hcl:"renamed_from,optional"`
	RenamedFromRange hcl.Range       `hcl:"renamed_from,attr_range"`
	DefRange         hcl.Range       `hcl:",def_range"`

	// PagePerRange is Atlas's spelling of a BRIN index's pages_per_range
	// storage parameter.
	PagePerRange   *int64    `hcl:"page_per_range,optional"`
	PagePerRangeAt hcl.Range `hcl:"page_per_range,attr_range"`
}

type indexPartHCL struct {
	Column     *hcl.Attribute `hcl:"column,optional"`
	Expr       *hcl.Attribute `hcl:"expr,optional"`
	Desc       bool           `hcl:"desc,optional"`
	NullsFirst bool           `hcl:"nulls_first,optional"`
	NullsLast  bool           `hcl:"nulls_last,optional"`
	NullsRange hcl.Range      `hcl:"nulls_last,attr_range"`
	Collate    string         `hcl:"collate,optional"`
	Ops        *hcl.Attribute `hcl:"ops,optional"`
	OpsParams  *hcl.Attribute `hcl:"ops_params,optional"`
	DefRange   hcl.Range      `hcl:",def_range"`
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
