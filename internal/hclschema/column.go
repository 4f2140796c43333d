package hclschema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// A column block is read by hand rather than by gohcl, which works out the
// tags of a struct anew for every block it decodes: on a schema of 2,000
// tables, 30,000 column blocks made that the bulk of the decoding time.
type columnBlockHCL struct {
	Name      string    `hcl:"name,label"`
	NameRange hcl.Range `hcl:"name,label_range"`
	Body      hcl.Body  `hcl:",remain"`
	DefRange  hcl.Range `hcl:",def_range"`
}

var columnSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type"}, {Name: "null"}, {Name: "default"}, {Name: "collate"}, {Name: "comment"}, {Name: "renamed_from"}, {Name: "inherited"},
		{Name: "as"}, // Atlas's short form of the as block: as = "a * 2"
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "identity"}, {Type: "as"}},
}

// columnHCL is a column block's content.
type columnHCL struct {
	Name             string
	NameRange        hcl.Range
	Type             *hcl.Attribute
	Null             bool
	NullRange        hcl.Range
	Default          *hcl.Attribute
	Collate          string
	Comment          string
	RenamedFrom      string
	RenamedFromRange hcl.Range
	Inherited        bool // schemactl's: the column comes from a parent (INHERITS)
	Identity         *identityHCL
	As               *asHCL
	DefRange         hcl.Range
}

func decodeColumnBlock(cb *columnBlockHCL) (*columnHCL, hcl.Diagnostics) {
	rc := &columnHCL{Name: cb.Name, NameRange: cb.NameRange, DefRange: cb.DefRange}
	content, diags := cb.Body.Content(columnSchema)
	attrs := content.Attributes
	rc.Type, rc.Default = attrs["type"], attrs["default"]
	decode := func(name string, target any) hcl.Range {
		a := attrs[name]
		if a == nil {
			return hcl.Range{}
		}
		diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, target)...)
		return a.Range
	}
	rc.NullRange = decode("null", &rc.Null)
	decode("collate", &rc.Collate)
	decode("comment", &rc.Comment)
	rc.RenamedFromRange = decode("renamed_from", &rc.RenamedFrom)
	decode("inherited", &rc.Inherited)
	if a := attrs["as"]; a != nil {
		// as = "expr" is as { expr = "expr" }: a stored generated column.
		rc.As = &asHCL{DefRange: a.Range, ExprRange: a.Expr.Range()}
		diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &rc.As.Expr)...)
	}
	var identityAt, asAt *hcl.Block
	for _, b := range content.Blocks {
		prev := &identityAt
		if b.Type == "as" {
			prev = &asAt
		}
		if b.Type == "as" && rc.As != nil && asAt == nil {
			diags = append(diags, diagError(b.DefRange, "Duplicate generation expression",
				"Column %q has both an as attribute (at %s) and an as block; use one or the other.", rc.Name, posString(rc.As.DefRange)))
			continue
		}
		if *prev != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Duplicate %s block", b.Type),
				Detail:   fmt.Sprintf("Only one %s block is allowed. Another was defined at %s.", b.Type, posString((*prev).DefRange)),
				Subject:  b.DefRange.Ptr(),
			})
			continue
		}
		*prev = b
		if b.Type == "identity" {
			rc.Identity = &identityHCL{DefRange: b.DefRange}
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, rc.Identity)...)
		} else {
			rc.As = &asHCL{DefRange: b.DefRange}
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, rc.As)...)
		}
	}
	return rc, diags
}

// gohcl does not read the fields of embedded structs, so the blocks that
// share attributes (identity and sequence, primary_key and unique, the on
// blocks of index and exclude) repeat them, and the decoder copies them into
// one plain struct.

type identityHCL struct {
	Generated      *hcl.Attribute `hcl:"generated,optional"`
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
	DefRange       hcl.Range      `hcl:",def_range"`
}

func (r *identityHCL) options() sequenceOptionsHCL {
	return sequenceOptionsHCL{
		Start: r.Start, StartRange: r.StartRange,
		Increment: r.Increment, IncrementRange: r.IncrementRange,
		MinValue: r.MinValue, MinValueRange: r.MinValueRange,
		MaxValue: r.MaxValue, MaxValueRange: r.MaxValueRange,
		Cache: r.Cache, CacheRange: r.CacheRange,
		Cycle: r.Cycle,
	}
}

type asHCL struct {
	Expr      string         `hcl:"expr,optional"`
	ExprRange hcl.Range      `hcl:"expr,attr_range"`
	Type      *hcl.Attribute `hcl:"type,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

// decodeColumns decodes the columns of a table, in declaration order.
func (d *decoder) decodeColumns(td *tableDecl) hcl.Diagnostics {
	if td.skip {
		return nil
	}
	var diags hcl.Diagnostics
	seen := map[string]hcl.Range{}
	var columns []*columnHCL
	for _, cb := range td.raw.Columns {
		rc, more := decodeColumnBlock(cb)
		diags = append(diags, more...)
		columns = append(columns, rc)
	}
	for _, rc := range columns {
		diags = append(diags, checkName("column", rc.Name, rc.NameRange)...)
		if prev, dup := seen[rc.Name]; dup {
			diags = append(diags, diagError(rc.NameRange, "Duplicate column",
				"Column %q is already declared in table %s at %s.", rc.Name, td.qualifiedName(), posString(prev)))
			continue
		}
		seen[rc.Name] = rc.NameRange
		c, more := d.decodeColumn(rc)
		diags = append(diags, more...)
		td.t.Columns = append(td.t.Columns, c)
		if rc.Null && rc.NullRange != (hcl.Range{}) {
			td.nullable[rc.Name] = rc.NullRange
		}
	}
	for _, rc := range columns {
		if prev, ok := seen[rc.RenamedFrom]; ok && rc.RenamedFrom != rc.Name {
			diags = append(diags, diagError(rc.RenamedFromRange, "Invalid rename",
				"Column %q is renamed from %q, but a column %q is declared at %s.", rc.Name, rc.RenamedFrom, rc.RenamedFrom, posString(prev)))
		}
	}
	return diags
}

func (d *decoder) decodeColumn(rc *columnHCL) (*schema.Column, hcl.Diagnostics) {
	c := &schema.Column{
		Name:        rc.Name,
		NotNull:     !rc.Null,
		Collation:   collation(rc.Collate),
		Comment:     rc.Comment,
		RenamedFrom: rc.RenamedFrom,
		DeclRange:   rc.DefRange,
		Inherited:   rc.Inherited,
	}
	diags := checkRenamedFrom("column", rc.Name, rc.RenamedFrom, rc.RenamedFromRange)
	if rc.Type == nil {
		diags = append(diags, diagError(rc.NameRange, "Missing column type",
			"Column %q needs a type, such as type = text.", rc.Name))
	} else {
		typ, more := d.decodeType(rc.Type.Expr)
		diags = append(diags, more...)
		c.Type = typ
	}
	if rc.Default != nil {
		def, more := decodeExpr(rc.Default.Expr, "The default of a column")
		diags = append(diags, more...)
		c.Default = def
	}
	serial := c.Type == schema.TypeSerial || c.Type == schema.TypeBigSerial || c.Type == schema.TypeSmallSerial
	conflict := func(rng hcl.Range, format string, args ...any) {
		diags = append(diags, diagError(rng, "Conflicting column options", format, args...))
	}
	if rc.Identity != nil {
		id, more := decodeIdentity(rc.Identity, c.Type)
		diags = append(diags, more...)
		c.Identity = id
		switch c.Type {
		case "smallint", "integer", "bigint", "":
		default:
			if !serial {
				diags = append(diags, diagError(rc.Identity.DefRange, "Invalid identity column",
					"Column %q is of type %s, but an identity column must be smallint, integer or bigint.", rc.Name, c.Type))
			}
		}
	}
	if rc.As != nil {
		gen, more := decodeGenerated(rc.As)
		diags = append(diags, more...)
		c.Generated = gen
	}
	switch {
	case rc.Default != nil && c.Default != "" && rc.Identity != nil:
		conflict(rc.Default.Range, "Column %q cannot have both a default and an identity.", rc.Name)
	case rc.Default != nil && c.Default != "" && rc.As != nil:
		conflict(rc.Default.Range, "Column %q cannot have both a default and a generation expression.", rc.Name)
	case rc.Default != nil && c.Default != "" && serial:
		conflict(rc.Default.Range, "Column %q is of type %s, which sets its default; it cannot have another.", rc.Name, c.Type)
	}
	switch {
	case rc.Identity != nil && rc.As != nil:
		conflict(rc.As.DefRange, "Column %q cannot be both an identity and a generated column.", rc.Name)
	case rc.Identity != nil && serial:
		conflict(rc.Identity.DefRange, "Column %q is of type %s; it cannot also be an identity.", rc.Name, c.Type)
	case rc.As != nil && serial:
		conflict(rc.As.DefRange, "Column %q is of type %s; it cannot also be a generated column.", rc.Name, c.Type)
	}
	if serial && rc.Null {
		conflict(rc.NullRange, "Column %q is of type %s, which is always NOT NULL.", rc.Name, c.Type)
	}
	if rc.Identity != nil && rc.Null {
		conflict(rc.NullRange, "Column %q is an identity column, which is always NOT NULL.", rc.Name)
	}
	return c, diags
}

func decodeIdentity(raw *identityHCL, columnType string) (*schema.Identity, hcl.Diagnostics) {
	id := &schema.Identity{}
	var diags hcl.Diagnostics
	if raw.Generated != nil {
		g, more := decodeKeyword(raw.Generated.Expr, "The generated option of an identity", "ALWAYS", "BY DEFAULT")
		diags = append(diags, more...)
		id.Always = g == "ALWAYS"
	}
	opts := raw.options()
	id.Sequence = opts.options()
	return id, append(diags, opts.check(columnType)...)
}

func decodeGenerated(raw *asHCL) (schema.Expr, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	if raw.Type != nil {
		typ, more := decodeKeyword(raw.Type.Expr, "The type of a generated column", "STORED", "VIRTUAL")
		diags = append(diags, more...)
		if typ == "VIRTUAL" {
			diags = append(diags, diagError(raw.Type.Expr.Range(), "Unsupported generated column",
				"Virtual generated columns (PostgreSQL >= 18) are not supported yet; use STORED."))
		}
	}
	if raw.ExprRange == (hcl.Range{}) {
		return "", append(diags, diagError(raw.DefRange, "Missing expression",
			`A generated column needs its expression: as { expr = "a * 2" }.`))
	}
	if strings.TrimSpace(raw.Expr) == "" {
		return "", append(diags, diagError(raw.ExprRange, "Empty expression", "The expression of a generated column must not be empty."))
	}
	return schema.Expr(raw.Expr), diags
}

// findColumn finds a column of a table, or of the table it is a partition
// of: a partition has its parent's columns without declaring them.
func (d *decoder) findColumn(td *tableDecl, name string) bool {
	for i := 0; td != nil && i < 64; i++ {
		if _, ok := td.t.Column(name); ok {
			return true
		}
		td = td.parent
	}
	return false
}

// columnNames lists the columns that findColumn finds, for suggestions.
func (d *decoder) columnNames(td *tableDecl) []string {
	var names []string
	for i := 0; td != nil && i < 64; i++ {
		for _, c := range td.t.Columns {
			names = append(names, c.Name)
		}
		td = td.parent
	}
	return names
}

// ownColumn resolves a reference to a column of table td: column.id, or
// table.users.column.id naming td itself.
func (d *decoder) ownColumn(td *tableDecl, r reference, what string) (string, hcl.Diagnostics) {
	var name string
	switch {
	case len(r.names) == 2 && r.names[0] == "column":
		name = r.names[1]
	case len(r.names) >= 4 && r.names[0] == "table" && r.names[len(r.names)-2] == "column":
		other, diags := d.lookupTable(r.names[1:len(r.names)-2], r.rng)
		if diags.HasErrors() {
			return "", diags
		}
		if other != td {
			return "", hcl.Diagnostics{diagError(r.rng, "Invalid reference",
				"%s can only use columns of table %s, not of table %s.", what, td.qualifiedName(), other.qualifiedName())}
		}
		name = r.names[len(r.names)-1]
	default:
		return "", hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"%s expects a column of its table, such as column.id, not %s.", what, r)}
	}
	if !d.findColumn(td, name) {
		return "", hcl.Diagnostics{diagError(r.rng, "Unknown column",
			"%s references unknown column %q of table %s.%s", what, name, td.qualifiedName(), didYouMean(name, d.columnNames(td)))}
	}
	return name, nil
}

// columnList resolves a list of references to columns of td.
func (d *decoder) columnList(td *tableDecl, attr *hcl.Attribute, what string) ([]string, hcl.Diagnostics) {
	refs, diags := decodeReferenceList(attr.Expr, "column.id")
	var names []string
	for _, r := range refs {
		name, more := d.ownColumn(td, r, what)
		diags = append(diags, more...)
		names = append(names, name)
	}
	return names, diags
}

// columnListNoDup is columnList for keys, where PostgreSQL refuses a column
// listed twice.
func (d *decoder) columnListNoDup(td *tableDecl, attr *hcl.Attribute, what string) ([]string, hcl.Diagnostics) {
	names, diags := d.columnList(td, attr, what)
	if diags.HasErrors() {
		return names, diags
	}
	tuple := unparen(attr.Expr).(*hclsyntax.TupleConsExpr)
	for i, n := range names {
		if slices.Index(names, n) < i {
			diags = append(diags, diagError(tuple.Exprs[i].Range(), "Duplicate column",
				"%s lists column %q twice.", what, n))
		}
	}
	return names, diags
}

func (e *encoder) column(b *hclBlock, c *schema.Column) {
	b.set("type", e.typeText(c.Type))
	setBool(b, "null", !c.NotNull)
	if c.Default != "" {
		b.set("default", exprText(c.Default))
	}
	setString(b, "collate", hclObjectName(c.Collation))
	setString(b, "renamed_from", c.RenamedFrom)
	setBool(b, "inherited", c.Inherited)
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
