package hclschema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/schemactl/schemactl/schema"
)

// Enums, domains, composite types and sequences.

type enumHCL struct {
	Schema        *hcl.Attribute `hcl:"schema,optional"`
	Values        *hcl.Attribute `hcl:"values,optional"`
	RenamedValues *hcl.Attribute `hcl:"renamed_values,optional"`
	Comment       string         `hcl:"comment,optional"`
}

type enumDecl struct {
	enum      *schema.Enum
	raw       enumHCL
	nameRange hcl.Range
}

func decodeEnum(b *hcl.Block) (*enumDecl, hcl.Diagnostics) {
	e := &enumDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &e.raw)
	e.enum = &schema.Enum{Name: b.Labels[0], Comment: e.raw.Comment, DeclRange: b.DefRange}
	diags = append(diags, checkName("enum", e.enum.Name, e.nameRange)...)
	return e, diags
}

// decodeEnumValues reads values = ["a", "b"] and renamed_values = { b = "old" }.
func decodeEnumValues(e *enumDecl) hcl.Diagnostics {
	if e.raw.Values == nil {
		return hcl.Diagnostics{diagError(e.nameRange, "Missing values",
			`Enum %q needs its values, such as values = ["active", "archived"].`, e.enum.Name)}
	}
	tuple, ok := unparen(e.raw.Values.Expr).(*hclsyntax.TupleConsExpr)
	if !ok {
		return hcl.Diagnostics{diagError(e.raw.Values.Expr.Range(), "Invalid value",
			`The values of an enum are a list of strings, such as ["active", "archived"].`)}
	}
	var diags hcl.Diagnostics
	seen := map[string]hcl.Range{}
	for _, x := range tuple.Exprs {
		v, more := constString(x, "An enum value")
		if !more.HasErrors() {
			more = checkEnumLabel(v, x.Range())
		}
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		if prev, dup := seen[v]; dup {
			diags = append(diags, diagError(x.Range(), "Duplicate enum value",
				"Enum %q already has the value %q at %s.", e.enum.Name, v, posString(prev)))
			continue
		}
		seen[v] = x.Range()
		e.enum.Values = append(e.enum.Values, v)
	}
	if e.raw.RenamedValues != nil {
		diags = append(diags, decodeRenamedValues(e, seen)...)
	}
	return diags
}

// checkEnumLabel reports a label that PostgreSQL refuses.
func checkEnumLabel(v string, rng hcl.Range) hcl.Diagnostics {
	if v == "" || len(v) > maxNameLen {
		return hcl.Diagnostics{diagError(rng, "Invalid enum value",
			"An enum value must be 1 to %d bytes long; %q is %d.", maxNameLen, v, len(v))}
	}
	return nil
}

func decodeRenamedValues(e *enumDecl, values map[string]hcl.Range) hcl.Diagnostics {
	obj, ok := unparen(e.raw.RenamedValues.Expr).(*hclsyntax.ObjectConsExpr)
	if !ok {
		return hcl.Diagnostics{diagError(e.raw.RenamedValues.Expr.Range(), "Invalid value",
			`renamed_values maps a value to its previous name, such as { archived = "deleted" }.`)}
	}
	var diags hcl.Diagnostics
	olds := map[string]bool{}
	for _, item := range obj.Items {
		k, more := item.KeyExpr.Value(nil)
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		if k.IsNull() || !k.IsKnown() || k.Type() != cty.String {
			diags = append(diags, diagError(item.KeyExpr.Range(), "Invalid value", "The keys of renamed_values must be enum values."))
			continue
		}
		value := k.AsString()
		old, more := constString(item.ValueExpr, "The previous name of an enum value")
		if !more.HasErrors() {
			more = checkEnumLabel(old, item.ValueExpr.Range())
		}
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		switch _, isValue := values[old]; {
		case values[value] == (hcl.Range{}):
			diags = append(diags, diagError(item.KeyExpr.Range(), "Unknown enum value",
				"Enum %q has no value %q to rename.%s", e.enum.Name, value, didYouMean(value, e.enum.Values)))
		case isValue:
			diags = append(diags, diagError(item.ValueExpr.Range(), "Invalid rename",
				"Enum value %q is renamed from %q, which is still a value of enum %q.", value, old, e.enum.Name))
		case olds[old]:
			diags = append(diags, diagError(item.ValueExpr.Range(), "Invalid rename",
				"Two values of enum %q are renamed from %q.", e.enum.Name, old))
		case e.enum.RenamedValues[value] != "":
			diags = append(diags, diagError(item.KeyExpr.Range(), "Invalid rename",
				"Enum value %q is renamed twice.", value))
		default:
			if e.enum.RenamedValues == nil {
				e.enum.RenamedValues = map[string]string{}
			}
			e.enum.RenamedValues[value] = old
			olds[old] = true
		}
	}
	return diags
}

type domainHCL struct {
	Schema    *hcl.Attribute    `hcl:"schema,optional"`
	Type      *hcl.Attribute    `hcl:"type,optional"`
	Null      bool              `hcl:"null,optional"`
	Default   *hcl.Attribute    `hcl:"default,optional"`
	Collate   string            `hcl:"collate,optional"`
	Checks    []*domainCheckHCL `hcl:"check,block"`
	Comment   string            `hcl:"comment,optional"`
	NullRange hcl.Range         `hcl:"null,attr_range"`
}

type domainCheckHCL struct {
	Name      string         `hcl:"name,label"`
	NameRange hcl.Range      `hcl:"name,label_range"`
	Expr      *hcl.Attribute `hcl:"expr,optional"`
	NotValid  bool           `hcl:"not_valid,optional"`
	Comment   string         `hcl:"comment,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

type domainDecl struct {
	domain    *schema.Domain
	raw       domainHCL
	nameRange hcl.Range
}

func decodeDomain(b *hcl.Block) (*domainDecl, hcl.Diagnostics) {
	dd := &domainDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &dd.raw)
	dd.domain = &schema.Domain{
		Name:      b.Labels[0],
		Collation: collation(dd.raw.Collate),
		NotNull:   !dd.raw.Null,
		Comment:   dd.raw.Comment,
		DeclRange: b.DefRange,
	}
	diags = append(diags, checkName("domain", dd.domain.Name, dd.nameRange)...)
	return dd, diags
}

// decodeDomainBody reads what may refer to other types: the type, the
// default and the checks.
func (d *decoder) decodeDomainBody(dd *domainDecl) hcl.Diagnostics {
	var diags hcl.Diagnostics
	dom := dd.domain
	if dd.raw.Type == nil {
		diags = append(diags, diagError(dd.nameRange, "Missing type", "Domain %q needs a type, such as type = text.", dom.Name))
	} else {
		typ, more := d.decodeNonSerialType(dd.raw.Type.Expr, "A domain")
		diags = append(diags, more...)
		dom.Type = typ
	}
	if dd.raw.Default != nil {
		def, more := decodeExpr(dd.raw.Default.Expr, "The default of a domain")
		diags = append(diags, more...)
		dom.Default = def
	}
	seen := map[string]hcl.Range{}
	for _, c := range dd.raw.Checks {
		diags = append(diags, checkName("check constraint", c.Name, c.NameRange)...)
		if prev, dup := seen[c.Name]; dup {
			diags = append(diags, diagError(c.NameRange, "Duplicate check constraint",
				"Check constraint %q is already declared on domain %q at %s.", c.Name, dom.Name, posString(prev)))
			continue
		}
		seen[c.Name] = c.NameRange
		expr, more := requiredSQLText(c.Expr, c.NameRange, fmt.Sprintf("Check constraint %q", c.Name), `expr = "VALUE > 0"`)
		diags = append(diags, more...)
		dom.Checks = append(dom.Checks, &schema.Check{Name: c.Name, Expr: schema.Expr(expr), NotValid: c.NotValid, Comment: c.Comment, DeclRange: c.DefRange})
	}
	return diags
}

// decodeNonSerialType is decodeType for everything but a table column:
// smallserial, serial and bigserial exist only as column types.
func (d *decoder) decodeNonSerialType(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	typ, diags := d.decodeType(expr)
	switch strings.TrimSuffix(typ, "[]") {
	case schema.TypeSmallSerial, schema.TypeSerial, schema.TypeBigSerial:
		return "", append(diags, diagError(expr.Range(), "Invalid type",
			"%s cannot be of type %s, which exists only for table columns.", what, typ))
	}
	return typ, diags
}

type compositeHCL struct {
	Schema  *hcl.Attribute `hcl:"schema,optional"`
	Fields  []*fieldHCL    `hcl:"field,block"`
	Comment string         `hcl:"comment,optional"`
}

type fieldHCL struct {
	Name      string         `hcl:"name,label"`
	NameRange hcl.Range      `hcl:"name,label_range"`
	Type      *hcl.Attribute `hcl:"type,optional"`
	Collate   string         `hcl:"collate,optional"`
	Comment   string         `hcl:"comment,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

type compositeDecl struct {
	composite *schema.Composite
	raw       compositeHCL
	nameRange hcl.Range
}

func decodeComposite(b *hcl.Block) (*compositeDecl, hcl.Diagnostics) {
	c := &compositeDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &c.raw)
	c.composite = &schema.Composite{Name: b.Labels[0], Comment: c.raw.Comment, DeclRange: b.DefRange}
	diags = append(diags, checkName("composite type", c.composite.Name, c.nameRange)...)
	return c, diags
}

func (d *decoder) decodeFields(c *compositeDecl) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]hcl.Range{}
	for _, f := range c.raw.Fields {
		diags = append(diags, checkName("field", f.Name, f.NameRange)...)
		if prev, dup := seen[f.Name]; dup {
			diags = append(diags, diagError(f.NameRange, "Duplicate field",
				"Field %q is already declared in composite type %q at %s.", f.Name, c.composite.Name, posString(prev)))
			continue
		}
		seen[f.Name] = f.NameRange
		field := &schema.Field{Name: f.Name, Collation: collation(f.Collate), Comment: f.Comment, DeclRange: f.DefRange}
		if f.Type == nil {
			diags = append(diags, diagError(f.NameRange, "Missing type", "Field %q needs a type, such as type = text.", f.Name))
		} else {
			typ, more := d.decodeNonSerialType(f.Type.Expr, "A field")
			diags = append(diags, more...)
			field.Type = typ
		}
		c.composite.Fields = append(c.composite.Fields, field)
	}
	return diags
}

type sequenceHCL struct {
	Schema         *hcl.Attribute `hcl:"schema,optional"`
	Type           *hcl.Attribute `hcl:"type,optional"`
	Start          *int64         `hcl:"start,optional"`
	StartRange     hcl.Range      `hcl:"start,attr_range"`
	Increment      *int64         `hcl:"increment,optional"`
	IncrementRange hcl.Range      `hcl:"increment,attr_range"`
	MinValue       *int64         `hcl:"min_value,optional"`
	MinValueRange  hcl.Range      `hcl:"min_value,attr_range"`
	MaxValue       *int64         `hcl:"max_value,optional"`
	MaxValueRange  hcl.Range      `hcl:"max_value,attr_range"`
	Cache          *int64         `hcl:"cache,optional"`
	CacheRange     hcl.Range      `hcl:"cache,attr_range"`
	Cycle          bool           `hcl:"cycle,optional"`
	OwnedBy        *hcl.Attribute `hcl:"owned_by,optional"`
	Comment        string         `hcl:"comment,optional"`
}

func (r *sequenceHCL) options() sequenceOptionsHCL {
	return sequenceOptionsHCL{
		Start: r.Start, StartRange: r.StartRange,
		Increment: r.Increment, IncrementRange: r.IncrementRange,
		MinValue: r.MinValue, MinValueRange: r.MinValueRange,
		MaxValue: r.MaxValue, MaxValueRange: r.MaxValueRange,
		Cache: r.Cache, CacheRange: r.CacheRange,
		Cycle: r.Cycle,
	}
}

type sequenceDecl struct {
	seq       *schema.Sequence
	raw       sequenceHCL
	nameRange hcl.Range
	schema    *schema.Schema
}

var sequenceTypes = []string{"smallint", "integer", "bigint"}

func decodeSequence(b *hcl.Block) (*sequenceDecl, hcl.Diagnostics) {
	q := &sequenceDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &q.raw)
	q.seq = &schema.Sequence{Name: b.Labels[0], Type: "bigint", Comment: q.raw.Comment, DeclRange: b.DefRange}
	diags = append(diags, checkName("sequence", q.seq.Name, q.nameRange)...)
	if q.raw.Type != nil {
		word, more := keyword(q.raw.Type.Expr, "The type of a sequence")
		diags = append(diags, more...)
		typ, _, _ := canonicalBuiltin(strings.ToLower(word), nil)
		if !more.HasErrors() && !slices.Contains(sequenceTypes, typ) {
			diags = append(diags, diagError(q.raw.Type.Expr.Range(), "Invalid sequence type",
				"The type of a sequence is smallint, integer or bigint, not %s.", word))
		}
		if slices.Contains(sequenceTypes, typ) {
			q.seq.Type = typ
		}
	}
	opts := q.raw.options()
	q.seq.Options = opts.options()
	diags = append(diags, opts.check(q.seq.Type)...)
	return q, diags
}

// decodeSequenceOwner resolves owned_by = table.users.column.id.
func (d *decoder) decodeSequenceOwner(q *sequenceDecl) hcl.Diagnostics {
	if q.raw.OwnedBy == nil || isNull(q.raw.OwnedBy.Expr) {
		return nil
	}
	r, diags := decodeReference(q.raw.OwnedBy.Expr, "table.users.column.id")
	if diags.HasErrors() {
		return diags
	}
	if len(r.names) < 4 || r.names[0] != "table" || r.names[len(r.names)-2] != "column" {
		return hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"owned_by expects a column such as table.users.column.id, not %s.", r)}
	}
	td, diags := d.lookupTable(r.names[1:len(r.names)-2], r.rng)
	if diags.HasErrors() {
		return diags
	}
	col := r.names[len(r.names)-1]
	if td.skip || !d.findColumn(td, col) {
		return hcl.Diagnostics{diagError(r.rng, "Unknown column",
			"Sequence %q is owned by unknown column %q of table %s.%s", q.seq.Name, col, td.qualifiedName(), didYouMean(col, d.columnNames(td)))}
	}
	if q.schema != nil && td.schema.Name != q.schema.Name {
		return hcl.Diagnostics{diagError(r.rng, "Invalid sequence owner",
			"Sequence %q is in schema %q, but the table that owns it must be in the same schema, not in %q.", q.seq.Name, q.schema.Name, td.schema.Name)}
	}
	q.seq.OwnedBy = &schema.ColumnRef{Table: td.qualifiedName(), Column: col}
	return nil
}
