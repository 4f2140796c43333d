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

// The gohcl structs below are the grammar of a table block; docs/hcl.md
// describes every attribute. Attributes whose values are bare words or
// references are kept as *hcl.Attribute (nil when absent) and read by the
// helpers of hcl_expr.go.

type tableHCL struct {
	Schema           *hcl.Attribute    `hcl:"schema,optional"`
	Comment          string            `hcl:"comment,optional"`
	RenamedFrom      string            `hcl:"renamed_from,optional"`
	RenamedFromRange hcl.Range         `hcl:"renamed_from,attr_range"`
	Unlogged         bool              `hcl:"unlogged,optional"`
	PartitionOf      *hcl.Attribute    `hcl:"partition_of,optional"`
	Bound            *hcl.Attribute    `hcl:"bound,optional"`
	Columns          []*columnBlockHCL `hcl:"column,block"`
	PrimaryKey       *primaryKeyHCL    `hcl:"primary_key,block"`
	Uniques          []*uniqueHCL      `hcl:"unique,block"`
	Indexes          []*indexHCL       `hcl:"index,block"`
	ForeignKeys      []*foreignKeyHCL  `hcl:"foreign_key,block"`
	Checks           []*checkHCL       `hcl:"check,block"`
	Excludes         []*excludeHCL     `hcl:"exclude,block"`
	Partition        *partitionHCL     `hcl:"partition,block"`
}

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
		{Name: "type"}, {Name: "null"}, {Name: "default"}, {Name: "collate"}, {Name: "comment"}, {Name: "renamed_from"},
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
	var identityAt, asAt *hcl.Block
	for _, b := range content.Blocks {
		prev := &identityAt
		if b.Type == "as" {
			prev = &asAt
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

// sequenceOptionsHCL are the options shared by sequences and identities,
// with where they are written.
type sequenceOptionsHCL struct {
	Start          *int64
	StartRange     hcl.Range
	Increment      *int64
	IncrementRange hcl.Range
	MinValue       *int64
	MinValueRange  hcl.Range
	MaxValue       *int64
	MaxValueRange  hcl.Range
	Cache          *int64
	CacheRange     hcl.Range
	Cycle          bool
}

type asHCL struct {
	Expr      string         `hcl:"expr,optional"`
	ExprRange hcl.Range      `hcl:"expr,attr_range"`
	Type      *hcl.Attribute `hcl:"type,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

// keyOptionsHCL are the attributes shared by primary_key and unique.
type keyOptionsHCL struct {
	Columns           *hcl.Attribute
	Include           *hcl.Attribute
	Deferrable        bool
	InitiallyDeferred bool
	DeferredRange     hcl.Range
	StorageParams     *hcl.Attribute
	Comment           string
	DefRange          hcl.Range
}

type primaryKeyHCL struct {
	Name              string         `hcl:"name,optional"`
	NameRange         hcl.Range      `hcl:"name,attr_range"`
	Columns           *hcl.Attribute `hcl:"columns,optional"`
	Include           *hcl.Attribute `hcl:"include,optional"`
	Deferrable        bool           `hcl:"deferrable,optional"`
	InitiallyDeferred bool           `hcl:"initially_deferred,optional"`
	DeferredRange     hcl.Range      `hcl:"initially_deferred,attr_range"`
	StorageParams     *hcl.Attribute `hcl:"storage_params,optional"`
	Comment           string         `hcl:"comment,optional"`
	DefRange          hcl.Range      `hcl:",def_range"`
}

func (r *primaryKeyHCL) options() *keyOptionsHCL {
	return &keyOptionsHCL{r.Columns, r.Include, r.Deferrable, r.InitiallyDeferred, r.DeferredRange, r.StorageParams, r.Comment, r.DefRange}
}

type uniqueHCL struct {
	Name              string         `hcl:"name,label"`
	NameRange         hcl.Range      `hcl:"name,label_range"`
	NullsDistinct     *bool          `hcl:"nulls_distinct,optional"`
	Columns           *hcl.Attribute `hcl:"columns,optional"`
	Include           *hcl.Attribute `hcl:"include,optional"`
	Deferrable        bool           `hcl:"deferrable,optional"`
	InitiallyDeferred bool           `hcl:"initially_deferred,optional"`
	DeferredRange     hcl.Range      `hcl:"initially_deferred,attr_range"`
	StorageParams     *hcl.Attribute `hcl:"storage_params,optional"`
	Comment           string         `hcl:"comment,optional"`
	DefRange          hcl.Range      `hcl:",def_range"`
}

func (r *uniqueHCL) options() *keyOptionsHCL {
	return &keyOptionsHCL{r.Columns, r.Include, r.Deferrable, r.InitiallyDeferred, r.DeferredRange, r.StorageParams, r.Comment, r.DefRange}
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

type excludeHCL struct {
	Name              string            `hcl:"name,label"`
	NameRange         hcl.Range         `hcl:"name,label_range"`
	Type              *hcl.Attribute    `hcl:"type,optional"`
	On                []*excludePartHCL `hcl:"on,block"`
	Include           *hcl.Attribute    `hcl:"include,optional"`
	Where             *hcl.Attribute    `hcl:"where,optional"`
	StorageParams     *hcl.Attribute    `hcl:"storage_params,optional"`
	Deferrable        bool              `hcl:"deferrable,optional"`
	InitiallyDeferred bool              `hcl:"initially_deferred,optional"`
	DeferredRange     hcl.Range         `hcl:"initially_deferred,attr_range"`
	Comment           string            `hcl:"comment,optional"`
	DefRange          hcl.Range         `hcl:",def_range"`
}

type excludePartHCL struct {
	Column     *hcl.Attribute `hcl:"column,optional"`
	Expr       *hcl.Attribute `hcl:"expr,optional"`
	Op         *hcl.Attribute `hcl:"op,optional"`
	Desc       bool           `hcl:"desc,optional"`
	NullsFirst bool           `hcl:"nulls_first,optional"`
	NullsLast  bool           `hcl:"nulls_last,optional"`
	NullsRange hcl.Range      `hcl:"nulls_last,attr_range"`
	Collate    string         `hcl:"collate,optional"`
	Ops        *hcl.Attribute `hcl:"ops,optional"`
	OpsParams  *hcl.Attribute `hcl:"ops_params,optional"`
	DefRange   hcl.Range      `hcl:",def_range"`
}

func (r *excludePartHCL) indexPart() *indexPartHCL {
	return &indexPartHCL{r.Column, r.Expr, r.Desc, r.NullsFirst, r.NullsLast, r.NullsRange, r.Collate, r.Ops, r.OpsParams, r.DefRange}
}

type foreignKeyHCL struct {
	Name              string         `hcl:"name,label"`
	NameRange         hcl.Range      `hcl:"name,label_range"`
	Columns           *hcl.Attribute `hcl:"columns,optional"`
	RefColumns        *hcl.Attribute `hcl:"ref_columns,optional"`
	OnUpdate          *hcl.Attribute `hcl:"on_update,optional"`
	OnDelete          *hcl.Attribute `hcl:"on_delete,optional"`
	OnDeleteColumns   *hcl.Attribute `hcl:"on_delete_columns,optional"`
	Match             *hcl.Attribute `hcl:"match,optional"`
	Deferrable        bool           `hcl:"deferrable,optional"`
	InitiallyDeferred bool           `hcl:"initially_deferred,optional"`
	DeferredRange     hcl.Range      `hcl:"initially_deferred,attr_range"`
	NotValid          bool           `hcl:"not_valid,optional"`
	Comment           string         `hcl:"comment,optional"`
	DefRange          hcl.Range      `hcl:",def_range"`
}

type checkHCL struct {
	Name      string         `hcl:"name,label"`
	NameRange hcl.Range      `hcl:"name,label_range"`
	Expr      *hcl.Attribute `hcl:"expr,optional"`
	NoInherit bool           `hcl:"no_inherit,optional"`
	NotValid  bool           `hcl:"not_valid,optional"`
	Comment   string         `hcl:"comment,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

type partitionHCL struct {
	Type     *hcl.Attribute      `hcl:"type,optional"`
	Columns  *hcl.Attribute      `hcl:"columns,optional"`
	By       []*partitionPartHCL `hcl:"by,block"`
	DefRange hcl.Range           `hcl:",def_range"`
}

type partitionPartHCL struct {
	Column   *hcl.Attribute `hcl:"column,optional"`
	Expr     *hcl.Attribute `hcl:"expr,optional"`
	Collate  string         `hcl:"collate,optional"`
	Ops      *hcl.Attribute `hcl:"ops,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

// A tableDecl is a table block while the decoder works on it.
type tableDecl struct {
	t         *schema.Table
	raw       tableHCL
	nameRange hcl.Range
	schema    *schema.Schema
	skip      bool       // a duplicate, decoded no further
	parent    *tableDecl // the table of partition_of, once resolved
	// nullable holds where the columns declared null = true say so.
	nullable map[string]hcl.Range
}

func (td *tableDecl) qualifiedName() schema.QualifiedName {
	return schema.QualifiedName{Schema: td.schema.Name, Name: td.t.Name}
}

// decodeTable decodes a table block on its own; the decoder resolves its
// schema, column types and references in later phases.
func decodeTable(b *hcl.Block) (*tableDecl, hcl.Diagnostics) {
	td := &tableDecl{nameRange: b.LabelRanges[0], nullable: map[string]hcl.Range{}}
	diags := gohcl.DecodeBody(b.Body, nil, &td.raw)
	td.t = &schema.Table{
		Name:        b.Labels[0],
		Unlogged:    td.raw.Unlogged,
		Comment:     td.raw.Comment,
		RenamedFrom: td.raw.RenamedFrom,
		DeclRange:   b.DefRange,
	}
	diags = append(diags, checkName("table", td.t.Name, td.nameRange)...)
	diags = append(diags, checkRenamedFrom("table", td.t.Name, td.raw.RenamedFrom, td.raw.RenamedFromRange)...)
	return td, diags
}

// checkRenamedFrom checks a renamed_from attribute, if present.
func checkRenamedFrom(kind, name, from string, rng hcl.Range) hcl.Diagnostics {
	if rng == (hcl.Range{}) {
		return nil
	}
	if from == name {
		return hcl.Diagnostics{diagError(rng, "Invalid rename", "%s %q cannot be renamed from its own name.", capitalize(kind), name)}
	}
	return checkName("previous "+kind+" name", from, rng)
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

func (o *sequenceOptionsHCL) options() schema.SequenceOptions {
	return schema.SequenceOptions{
		Start:     o.Start,
		Increment: o.Increment,
		MinValue:  o.MinValue,
		MaxValue:  o.MaxValue,
		Cache:     o.Cache,
		Cycle:     o.Cycle,
	}
}

// check reports the options PostgreSQL refuses for a sequence of type typ
// (smallint, integer or bigint; any other type is taken as bigint).
func (o *sequenceOptionsHCL) check(typ string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	bad := func(rng hcl.Range, format string, args ...any) {
		diags = append(diags, diagError(rng, "Invalid sequence option", format, args...))
	}
	inc := int64(1)
	if o.Increment != nil {
		inc = *o.Increment
		if inc == 0 {
			bad(o.IncrementRange, "The increment of a sequence must not be zero.")
			return diags
		}
	}
	if o.Cache != nil && *o.Cache < 1 {
		bad(o.CacheRange, "The cache of a sequence must be at least 1, not %d.", *o.Cache)
	}
	typeMin, typeMax := int64(-1<<63), int64(1<<63-1)
	switch schema.IdentityType(typ) {
	case "smallint":
		typeMin, typeMax = -1<<15, 1<<15-1
	case "integer":
		typeMin, typeMax = -1<<31, 1<<31-1
	}
	lo, hi := int64(1), typeMax
	if inc < 0 {
		lo, hi = typeMin, -1
	}
	if o.MinValue != nil {
		lo = *o.MinValue
		if lo < typeMin || lo > typeMax {
			bad(o.MinValueRange, "The minimum value %d is out of range for a sequence of type %s.", lo, schema.IdentityType(typ))
			return diags
		}
	}
	if o.MaxValue != nil {
		hi = *o.MaxValue
		if hi < typeMin || hi > typeMax {
			bad(o.MaxValueRange, "The maximum value %d is out of range for a sequence of type %s.", hi, schema.IdentityType(typ))
			return diags
		}
	}
	if lo >= hi {
		rng := o.MinValueRange
		if o.MaxValue != nil {
			rng = o.MaxValueRange
		}
		if rng == (hcl.Range{}) {
			rng = o.IncrementRange
		}
		bad(rng, "The minimum value %d of a sequence must be less than its maximum value %d.", lo, hi)
		return diags
	}
	if o.Start != nil && (*o.Start < lo || *o.Start > hi) {
		bad(o.StartRange, "The start value %d is not between the minimum value %d and the maximum value %d.", *o.Start, lo, hi)
	}
	return diags
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

// decodeType reads a column type: a bare word such as bigint or
// varchar(255), a reference to an enum, domain or composite type, or
// sql("...").
func (d *decoder) decodeType(expr hcl.Expression) (string, hcl.Diagnostics) {
	if s, ok, diags := sqlCall(expr); ok {
		if diags.HasErrors() {
			return "", diags
		}
		if strings.TrimSpace(s) == "" {
			return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "A type must not be empty.")}
		}
		typ, err := canonicalTypeText(s)
		if err != nil {
			return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "%s.", capitalize(err.Error()))}
		}
		return typ, nil
	}
	const want = `A type is a bare word such as bigint or varchar(255), a reference such as enum.status, or sql("...") for any other type.`
	var (
		key  string
		args []int64
	)
	switch e := unparen(expr).(type) {
	case *hclsyntax.ScopeTraversalExpr:
		r, diags := decodeReference(expr, "enum.status")
		if diags.HasErrors() {
			return "", diags
		}
		switch r.names[0] {
		case "enum", "domain", "composite":
			if len(r.names) > 1 {
				q, diags := d.lookupType(r)
				return q.String(), diags
			}
		}
		if len(r.names) != 1 {
			return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "%s is not a type. %s", r, want)}
		}
		key = r.names[0]
	case *hclsyntax.FunctionCallExpr:
		key = e.Name
		var diags hcl.Diagnostics
		for _, a := range e.Args {
			n, more := constInt(a, "A type modifier")
			diags = append(diags, more...)
			args = append(args, n)
		}
		if diags.HasErrors() {
			return "", diags
		}
	default:
		return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", want)}
	}
	typ, ok, err := canonicalBuiltin(strings.ToLower(key), args)
	switch {
	case err != nil:
		return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "%s.", capitalize(err.Error()))}
	case !ok:
		return "", hcl.Diagnostics{diagError(expr.Range(), "Unknown type",
			`%q is not a built-in type.%s Write other types as sql("...").`,
			key, didYouMean(strings.ToLower(key), builtinTypeNames))}
	}
	return typ, nil
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

// decodePartitionOf resolves partition_of and bound.
func (d *decoder) decodePartitionOf(td *tableDecl) hcl.Diagnostics {
	if td.skip {
		return nil
	}
	raw := &td.raw
	switch {
	case raw.PartitionOf == nil && raw.Bound == nil:
		return nil
	case raw.PartitionOf == nil:
		return hcl.Diagnostics{diagError(raw.Bound.NameRange, "Bound without partition_of",
			"Table %s has a bound but no partition_of; only a partition has a bound.", td.qualifiedName())}
	case raw.Bound == nil:
		return hcl.Diagnostics{diagError(raw.PartitionOf.NameRange, "Missing bound",
			`Partition %s needs a bound, such as bound = sql("FOR VALUES FROM (1) TO (10)") or bound = DEFAULT.`, td.qualifiedName())}
	}
	r, diags := decodeReference(raw.PartitionOf.Expr, "table.events")
	if diags.HasErrors() {
		return diags
	}
	if r.names[0] != "table" {
		return hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"partition_of expects a table reference such as table.events, not %s.", r)}
	}
	parent, diags := d.lookupTable(r.names[1:], r.rng)
	if diags.HasErrors() {
		return diags
	}
	switch {
	case parent == td:
		return hcl.Diagnostics{diagError(r.rng, "Invalid partition", "Table %s cannot be a partition of itself.", td.qualifiedName())}
	case parent.raw.Partition == nil:
		return hcl.Diagnostics{diagError(r.rng, "Not a partitioned table",
			"Table %s has no partition block, so it cannot have partitions.", parent.qualifiedName())}
	}
	bound, diags := decodeBound(raw.Bound.Expr)
	td.parent = parent
	td.t.PartitionOf = &schema.PartitionOf{Parent: parent.qualifiedName(), Bound: bound}
	return diags
}

// decodeBound reads a partition bound: DEFAULT, or FOR VALUES ... as a
// string or sql("...").
func decodeBound(expr hcl.Expression) (string, hcl.Diagnostics) {
	var (
		s     string
		diags hcl.Diagnostics
	)
	if e, ok := unparen(expr).(*hclsyntax.ScopeTraversalExpr); ok && len(e.Traversal) == 1 {
		s = e.Traversal.RootName()
	} else {
		s, diags = decodeSQLText(expr, "A partition bound")
		if diags.HasErrors() {
			return "", diags
		}
	}
	upper := strings.ToUpper(strings.TrimSpace(s))
	switch {
	case upper == "DEFAULT":
		return "DEFAULT", nil
	case strings.HasPrefix(upper, "FOR VALUES") || strings.HasPrefix(upper, "FOR\tVALUES"):
		return s, nil
	}
	return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid partition bound",
		`A bound is DEFAULT or FOR VALUES ..., such as sql("FOR VALUES FROM (1) TO (10)").`)}
}

// checkPartitionCycles reports partitions that are, through their parents,
// partitions of themselves.
func (d *decoder) checkPartitionCycles() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, td := range d.tables {
		seen := map[*tableDecl]bool{td: true}
		for p := td.parent; p != nil; p = p.parent {
			if seen[p] {
				if p == td {
					diags = append(diags, diagError(td.raw.PartitionOf.Expr.Range(), "Invalid partition",
						"Table %s is, through its parents, a partition of itself.", td.qualifiedName()))
				}
				break
			}
			seen[p] = true
		}
	}
	// Break the cycles so that column lookups end.
	for _, td := range d.tables {
		seen := map[*tableDecl]bool{td: true}
		for p := td; p.parent != nil; p = p.parent {
			if seen[p.parent] {
				p.parent = nil
				break
			}
			seen[p.parent] = true
		}
	}
	return diags
}
