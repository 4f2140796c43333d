package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The gohcl structs below are the grammar of a table block; docs/hcl.md
// describes every attribute. Attributes whose values are bare words or
// references are kept as *hcl.Attribute (nil when absent) and read by the
// helpers of hcl_expr.go.

type tableHCL struct {
	Schema           *hcl.Attribute   `hcl:"schema,optional"`
	Comment          string           `hcl:"comment,optional"`
	RenamedFrom      string           `hcl:"renamed_from,optional"`
	RenamedFromRange hcl.Range        `hcl:"renamed_from,attr_range"`
	Unlogged         bool             `hcl:"unlogged,optional"`
	PartitionOf      *hcl.Attribute   `hcl:"partition_of,optional"`
	Bound            *hcl.Attribute   `hcl:"bound,optional"`
	Columns          []*columnHCL     `hcl:"column,block"`
	PrimaryKey       *primaryKeyHCL   `hcl:"primary_key,block"`
	Uniques          []*uniqueHCL     `hcl:"unique,block"`
	Indexes          []*indexHCL      `hcl:"index,block"`
	ForeignKeys      []*foreignKeyHCL `hcl:"foreign_key,block"`
	Checks           []*checkHCL      `hcl:"check,block"`
	Excludes         []*excludeHCL    `hcl:"exclude,block"`
	Partition        *partitionHCL    `hcl:"partition,block"`
}

type columnHCL struct {
	Name             string         `hcl:"name,label"`
	NameRange        hcl.Range      `hcl:"name,label_range"`
	Type             *hcl.Attribute `hcl:"type,optional"`
	Null             bool           `hcl:"null,optional"`
	NullRange        hcl.Range      `hcl:"null,attr_range"`
	Default          *hcl.Attribute `hcl:"default,optional"`
	Collate          string         `hcl:"collate,optional"`
	Comment          string         `hcl:"comment,optional"`
	RenamedFrom      string         `hcl:"renamed_from,optional"`
	RenamedFromRange hcl.Range      `hcl:"renamed_from,attr_range"`
	Identity         *identityHCL   `hcl:"identity,block"`
	As               *asHCL         `hcl:"as,block"`
	DefRange         hcl.Range      `hcl:",def_range"`
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
	t         *Table
	raw       tableHCL
	nameRange hcl.Range
	schema    *Schema
	skip      bool       // a duplicate, decoded no further
	parent    *tableDecl // the table of partition_of, once resolved
	// nullable holds where the columns declared null = true say so.
	nullable map[string]hcl.Range
}

func (td *tableDecl) qualifiedName() QualifiedName {
	return QualifiedName{td.schema.Name, td.t.Name}
}

// decodeTable decodes a table block on its own; the decoder resolves its
// schema, column types and references in later phases.
func decodeTable(b *hcl.Block) (*tableDecl, hcl.Diagnostics) {
	td := &tableDecl{nameRange: b.LabelRanges[0], nullable: map[string]hcl.Range{}}
	diags := gohcl.DecodeBody(b.Body, nil, &td.raw)
	td.t = &Table{
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
	for _, rc := range td.raw.Columns {
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
	for _, rc := range td.raw.Columns {
		if prev, ok := seen[rc.RenamedFrom]; ok && rc.RenamedFrom != rc.Name {
			diags = append(diags, diagError(rc.RenamedFromRange, "Invalid rename",
				"Column %q is renamed from %q, but a column %q is declared at %s.", rc.Name, rc.RenamedFrom, rc.RenamedFrom, posString(prev)))
		}
	}
	return diags
}

func (d *decoder) decodeColumn(rc *columnHCL) (*Column, hcl.Diagnostics) {
	c := &Column{
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
	serial := c.Type == TypeSerial || c.Type == TypeBigSerial || c.Type == TypeSmallSerial
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

func decodeIdentity(raw *identityHCL, columnType string) (*Identity, hcl.Diagnostics) {
	id := &Identity{}
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

func (o *sequenceOptionsHCL) options() SequenceOptions {
	return SequenceOptions{
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
	switch identityType(typ) {
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
			bad(o.MinValueRange, "The minimum value %d is out of range for a sequence of type %s.", lo, identityType(typ))
			return diags
		}
	}
	if o.MaxValue != nil {
		hi = *o.MaxValue
		if hi < typeMin || hi > typeMax {
			bad(o.MaxValueRange, "The maximum value %d is out of range for a sequence of type %s.", hi, identityType(typ))
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

func decodeGenerated(raw *asHCL) (Expr, hcl.Diagnostics) {
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
	return Expr(raw.Expr), diags
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
	td.t.PartitionOf = &PartitionOf{Parent: parent.qualifiedName(), Bound: bound}
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

// decodeConstraints decodes the keys, indexes, constraints and partition key
// of a table, and takes their names.
func (d *decoder) decodeConstraints(td *tableDecl) hcl.Diagnostics {
	if td.skip {
		return nil
	}
	var diags hcl.Diagnostics
	t, raw := td.t, &td.raw
	constraints := map[QualifiedName]nameDecl{}
	where := fmt.Sprintf("on table %s", td.qualifiedName())
	// declareIndexed takes the name of a relation and of a constraint.
	declareIndexed := func(name, kind string, rng hcl.Range) hcl.Diagnostics {
		if more := d.declareRelation(td.schema, name, kind, rng); more.HasErrors() {
			return more
		}
		return declare(constraints, QualifiedName{Name: name}, kind, rng, where, constraintNamespace)
	}
	if raw.Partition != nil {
		key, more := d.decodePartitionKey(td, raw.Partition)
		diags = append(diags, more...)
		t.PartitionKey = key
	}
	if pk := raw.PrimaryKey; pk != nil {
		k, more := d.decodeKey(td, pk.options(), "Primary key")
		diags = append(diags, more...)
		k.Name = defaultPKeyName(t.Name)
		rng := pk.DefRange
		if pk.NameRange != (hcl.Range{}) {
			k.Name, rng = pk.Name, pk.NameRange
			diags = append(diags, checkName("primary key", k.Name, rng)...)
		}
		diags = append(diags, declareIndexed(k.Name, "primary key", rng)...)
		for _, c := range k.Columns {
			if nullRange, ok := td.nullable[c]; ok {
				diags = append(diags, diagError(nullRange, "Nullable primary key column",
					"Column %q is in the primary key of table %s, which makes it NOT NULL; remove null = true.", c, td.qualifiedName()))
			}
		}
		t.PrimaryKey = k
	}
	for _, u := range raw.Uniques {
		diags = append(diags, checkName("unique constraint", u.Name, u.NameRange)...)
		k, more := d.decodeKey(td, u.options(), fmt.Sprintf("Unique constraint %q", u.Name))
		diags = append(diags, more...)
		k.Name = u.Name
		k.NullsNotDistinct = u.NullsDistinct != nil && !*u.NullsDistinct
		diags = append(diags, declareIndexed(u.Name, "unique constraint", u.NameRange)...)
		t.Uniques = append(t.Uniques, k)
	}
	for _, x := range raw.Excludes {
		diags = append(diags, checkName("exclude constraint", x.Name, x.NameRange)...)
		ex, more := d.decodeExclude(td, x)
		diags = append(diags, more...)
		diags = append(diags, declareIndexed(x.Name, "exclude constraint", x.NameRange)...)
		t.Excludes = append(t.Excludes, ex)
	}
	for _, fk := range raw.ForeignKeys {
		diags = append(diags, checkName("foreign key", fk.Name, fk.NameRange)...)
		f, more := d.decodeForeignKey(td, fk)
		diags = append(diags, more...)
		diags = append(diags, declare(constraints, QualifiedName{Name: fk.Name}, "foreign key", fk.NameRange, where, constraintNamespace)...)
		t.ForeignKeys = append(t.ForeignKeys, f)
	}
	for _, c := range raw.Checks {
		diags = append(diags, checkName("check constraint", c.Name, c.NameRange)...)
		expr, more := requiredSQLText(c.Expr, c.NameRange, fmt.Sprintf("Check constraint %q", c.Name), `expr = "price > 0"`)
		diags = append(diags, more...)
		diags = append(diags, declare(constraints, QualifiedName{Name: c.Name}, "check constraint", c.NameRange, where, constraintNamespace)...)
		t.Checks = append(t.Checks, &Check{
			Name: c.Name, Expr: Expr(expr), NoInherit: c.NoInherit, NotValid: c.NotValid,
			Comment: c.Comment, DeclRange: c.DefRange,
		})
	}
	for _, x := range raw.Indexes {
		diags = append(diags, checkName("index", x.Name, x.NameRange)...)
		diags = append(diags, checkRenamedFrom("index", x.Name, x.RenamedFrom, x.RenamedFromRange)...)
		idx, more := d.decodeIndex(td, x)
		diags = append(diags, more...)
		diags = append(diags, d.declareRelation(td.schema, x.Name, "index", x.NameRange)...)
		t.Indexes = append(t.Indexes, idx)
	}
	return diags
}

// requiredSQLText reads a mandatory SQL text attribute, such as the expr of
// a check.
func requiredSQLText(attr *hcl.Attribute, owner hcl.Range, what, example string) (string, hcl.Diagnostics) {
	if attr == nil {
		return "", hcl.Diagnostics{diagError(owner, "Missing expression", "%s needs an expression: %s.", what, example)}
	}
	return decodeSQLText(attr.Expr, "The expression of "+strings.ToLower(what[:1])+what[1:])
}

// defaultPKeyName is the name PostgreSQL gives a primary key without one:
// <table>_pkey, with the table name cut so that the whole fits in 63 bytes
// (ChooseRelationName and makeObjectName in PostgreSQL's sources).
func defaultPKeyName(table string) string {
	const suffix = "_pkey"
	return clipName(table, maxNameLen-len(suffix)) + suffix
}

// plural spells a count of things: "1 column", "2 columns".
func plural(n int, thing string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", thing)
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// clipName cuts s to at most n bytes without splitting a UTF-8 sequence.
func clipName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func (d *decoder) decodeKey(td *tableDecl, raw *keyOptionsHCL, what string) (*Key, hcl.Diagnostics) {
	k := &Key{
		Deferrable:        raw.Deferrable,
		InitiallyDeferred: raw.InitiallyDeferred,
		Comment:           raw.Comment,
		DeclRange:         raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Columns == nil {
		diags = append(diags, diagError(raw.DefRange, "Missing columns", "%s needs columns, such as columns = [column.id].", what))
	} else {
		cols, more := d.columnListNoDup(td, raw.Columns, what)
		diags = append(diags, more...)
		if !more.HasErrors() && len(cols) == 0 {
			diags = append(diags, diagError(raw.Columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		k.Columns = cols
	}
	if raw.Include != nil {
		inc, more := d.columnList(td, raw.Include, what)
		diags = append(diags, more...)
		k.Include = inc
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		k.StorageParams = params
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return k, diags
}

func checkDeferrable(deferrable, initiallyDeferred bool, rng hcl.Range, what string) hcl.Diagnostics {
	if initiallyDeferred && !deferrable {
		return hcl.Diagnostics{diagError(rng, "Conflicting constraint options",
			"%s is initially deferred, so it must be deferrable too: add deferrable = true.", what)}
	}
	return nil
}

func (d *decoder) decodeIndex(td *tableDecl, raw *indexHCL) (*Index, hcl.Diagnostics) {
	what := fmt.Sprintf("Index %q", raw.Name)
	idx := &Index{
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
		idx.Predicate = Expr(w)
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		idx.StorageParams = params
	}
	return idx, diags
}

// decodeMethod reads an access method, a bare word such as GIN.
func decodeMethod(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	m, diags := keyword(expr, what)
	return strings.ToLower(m), diags
}

// decodeIndexParts reads the key of an index: columns = [...] or on blocks.
func (d *decoder) decodeIndexParts(td *tableDecl, columns *hcl.Attribute, on []*indexPartHCL, owner hcl.Range, what string) ([]*IndexPart, hcl.Diagnostics) {
	switch {
	case columns != nil && len(on) > 0:
		return nil, hcl.Diagnostics{diagError(on[0].DefRange, "Conflicting index parts",
			"%s has both columns and on blocks; use one or the other.", what)}
	case columns != nil:
		names, diags := d.columnList(td, columns, what)
		if !diags.HasErrors() && len(names) == 0 {
			diags = append(diags, diagError(columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		var parts []*IndexPart
		for _, n := range names {
			parts = append(parts, &IndexPart{Column: n})
		}
		return parts, diags
	case len(on) == 0:
		return nil, hcl.Diagnostics{diagError(owner, "Missing columns",
			"%s needs columns = [...] or on blocks.", what)}
	}
	var (
		parts []*IndexPart
		diags hcl.Diagnostics
	)
	for _, p := range on {
		part, more := d.decodeIndexPart(td, p, what)
		diags = append(diags, more...)
		parts = append(parts, part)
	}
	return parts, diags
}

func (d *decoder) decodeIndexPart(td *tableDecl, raw *indexPartHCL, what string) (*IndexPart, hcl.Diagnostics) {
	p := &IndexPart{Collation: collation(raw.Collate), Desc: raw.Desc}
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
		p.Expr = Expr(e)
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

// collation turns the collate attribute into the catalog's spelling: "C"
// is the collation "C", quoted.
func collation(s string) string {
	if s == "" {
		return ""
	}
	return sqlObjectName(s)
}

// decodeOpClass reads an operator class: a bare word (text_pattern_ops), a
// qualified name (public.gist_trgm_ops), a string, or Atlas's
// sql("gist_trgm_ops(siglen=32)") with parameters. The name is spelled as
// the catalog spells it (see sqlObjectName).
func decodeOpClass(expr hcl.Expression) (string, []StorageParam, hcl.Diagnostics) {
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
			return QuoteIdent(r.names[0]), nil, nil
		case len(r.names) == 2:
			return QualifiedName{r.names[0], r.names[1]}.String(), nil, nil
		}
		return "", nil, hcl.Diagnostics{diagError(r.rng, "Invalid operator class",
			"Expected an operator class such as text_pattern_ops or public.gist_trgm_ops, not %s.", r)}
	}
	s, diags := keyword(expr, "An operator class")
	return sqlObjectName(s), nil, diags
}

// parseOpClassText splits "name(a=1, b='x')" into the name and parameters.
func parseOpClassText(s string) (string, []StorageParam, bool) {
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
	var params []StorageParam
	for _, kv := range strings.Split(s[open+1:len(s)-1], ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), "'")
		if !ok || k == "" {
			return "", nil, false
		}
		params = append(params, StorageParam{Name: k, Value: v})
	}
	return name, params, true
}

func (d *decoder) decodeExclude(td *tableDecl, raw *excludeHCL) (*Exclude, hcl.Diagnostics) {
	what := fmt.Sprintf("Exclude constraint %q", raw.Name)
	x := &Exclude{
		Name:              raw.Name,
		Method:            "gist",
		Deferrable:        raw.Deferrable,
		InitiallyDeferred: raw.InitiallyDeferred,
		Comment:           raw.Comment,
		DeclRange:         raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Type != nil {
		m, more := decodeMethod(raw.Type.Expr, "The type of an exclude constraint")
		diags = append(diags, more...)
		x.Method = m
	}
	if len(raw.On) == 0 {
		diags = append(diags, diagError(raw.NameRange, "Missing elements",
			`%s needs on blocks, such as on { column = column.room  op = "=" }.`, what))
	}
	for _, p := range raw.On {
		part, more := d.decodeIndexPart(td, p.indexPart(), what)
		diags = append(diags, more...)
		el := &ExcludeElement{IndexPart: *part}
		if p.Op == nil {
			diags = append(diags, diagError(p.DefRange, "Missing operator", `An element of %s needs an operator, such as op = "&&".`, strings.ToLower(what[:1])+what[1:]))
		} else {
			op, more := constString(p.Op.Expr, "The operator of an exclude element")
			if !more.HasErrors() && strings.TrimSpace(op) == "" {
				more = append(more, diagError(p.Op.Expr.Range(), "Invalid value", "The operator of an exclude element must not be empty."))
			}
			diags = append(diags, more...)
			el.Operator = op
		}
		x.Elements = append(x.Elements, el)
	}
	if raw.Include != nil {
		inc, more := d.columnList(td, raw.Include, what)
		diags = append(diags, more...)
		x.Include = inc
	}
	if raw.Where != nil {
		w, more := decodeSQLText(raw.Where.Expr, "The where clause of an exclude constraint")
		diags = append(diags, more...)
		x.Predicate = Expr(w)
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		x.StorageParams = params
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return x, diags
}

var fkActions = []string{NoAction, Restrict, Cascade, SetNull, SetDefault}

func (d *decoder) decodeForeignKey(td *tableDecl, raw *foreignKeyHCL) (*ForeignKey, hcl.Diagnostics) {
	what := fmt.Sprintf("Foreign key %q", raw.Name)
	fk := &ForeignKey{
		Name:              raw.Name,
		Match:             MatchSimple,
		OnDelete:          NoAction,
		OnUpdate:          NoAction,
		Deferrable:        raw.Deferrable,
		InitiallyDeferred: raw.InitiallyDeferred,
		NotValid:          raw.NotValid,
		Comment:           raw.Comment,
		DeclRange:         raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Columns == nil {
		diags = append(diags, diagError(raw.NameRange, "Missing columns", "%s needs columns, such as columns = [column.user_id].", what))
	} else {
		cols, more := d.columnListNoDup(td, raw.Columns, what)
		diags = append(diags, more...)
		if !more.HasErrors() && len(cols) == 0 {
			diags = append(diags, diagError(raw.Columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		fk.Columns = cols
	}
	if raw.RefColumns == nil {
		diags = append(diags, diagError(raw.NameRange, "Missing ref_columns",
			"%s needs the columns it references, such as ref_columns = [table.users.column.id].", what))
	} else {
		ref, cols, more := d.refColumns(td, raw.RefColumns, what)
		diags = append(diags, more...)
		fk.RefTable, fk.RefColumns = ref, cols
		if !diags.HasErrors() && len(fk.Columns) != len(fk.RefColumns) {
			diags = append(diags, diagError(raw.RefColumns.Expr.Range(), "Column count mismatch",
				"%s has %s but references %d.", what, plural(len(fk.Columns), "column"), len(fk.RefColumns)))
		}
	}
	if raw.OnUpdate != nil {
		a, more := decodeKeyword(raw.OnUpdate.Expr, "on_update", fkActions...)
		diags = append(diags, more...)
		fk.OnUpdate = a
	}
	if raw.OnDelete != nil {
		a, more := decodeKeyword(raw.OnDelete.Expr, "on_delete", fkActions...)
		diags = append(diags, more...)
		fk.OnDelete = a
	}
	if raw.Match != nil {
		m, more := decodeKeyword(raw.Match.Expr, "match", MatchSimple, MatchFull, MatchPartial)
		diags = append(diags, more...)
		if m == MatchPartial {
			more = append(more, diagError(raw.Match.Expr.Range(), "Unsupported option", "PostgreSQL does not implement MATCH PARTIAL."))
			diags = append(diags, more...)
		}
		fk.Match = m
	}
	if raw.OnDeleteColumns != nil {
		diags = append(diags, d.decodeOnDeleteColumns(td, raw, fk, what)...)
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return fk, diags
}

// decodeOnDeleteColumns reads ON DELETE SET NULL (a, b), PostgreSQL >= 15.
func (d *decoder) decodeOnDeleteColumns(td *tableDecl, raw *foreignKeyHCL, fk *ForeignKey, what string) hcl.Diagnostics {
	if fk.OnDelete != SetNull && fk.OnDelete != SetDefault {
		return hcl.Diagnostics{diagError(raw.OnDeleteColumns.NameRange, "Conflicting foreign key options",
			"on_delete_columns needs on_delete = SET_NULL or SET_DEFAULT.")}
	}
	cols, diags := d.columnList(td, raw.OnDeleteColumns, what)
	if diags.HasErrors() {
		return diags
	}
	tuple := unparen(raw.OnDeleteColumns.Expr).(*hclsyntax.TupleConsExpr)
	for i, c := range cols {
		if !slices.Contains(fk.Columns, c) {
			diags = append(diags, diagError(tuple.Exprs[i].Range(), "Invalid column",
				"Column %q of on_delete_columns is not a column of %s.", c, strings.ToLower(what[:1])+what[1:]))
		}
	}
	fk.OnDeleteColumns = cols
	return diags
}

// refColumns resolves the referenced columns of a foreign key, which must
// all belong to one table.
func (d *decoder) refColumns(td *tableDecl, attr *hcl.Attribute, what string) (QualifiedName, []string, hcl.Diagnostics) {
	refs, diags := decodeReferenceList(attr.Expr, "table.users.column.id")
	if diags.HasErrors() {
		return QualifiedName{}, nil, diags
	}
	if len(refs) == 0 {
		return QualifiedName{}, nil, hcl.Diagnostics{diagError(attr.Expr.Range(), "Missing ref_columns", "%s needs at least one referenced column.", what)}
	}
	var (
		target *tableDecl
		cols   []string
	)
	for _, r := range refs {
		var (
			ref  *tableDecl
			name string
		)
		switch {
		case len(r.names) == 2 && r.names[0] == "column":
			ref, name = td, r.names[1]
		case len(r.names) >= 4 && r.names[0] == "table" && r.names[len(r.names)-2] == "column":
			t, more := d.lookupTable(r.names[1:len(r.names)-2], r.rng)
			if more.HasErrors() {
				diags = append(diags, more...)
				continue
			}
			ref, name = t, r.names[len(r.names)-1]
		default:
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"ref_columns expects columns such as table.users.column.id, not %s.", r))
			continue
		}
		if target == nil {
			target = ref
		} else if ref != target {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"%s references columns of both %s and %s; all must belong to one table.", what, target.qualifiedName(), ref.qualifiedName()))
			continue
		}
		if ref.skip || !d.findColumn(ref, name) {
			diags = append(diags, diagError(r.rng, "Unknown column",
				"%s references unknown column %q of table %s.%s", what, name, ref.qualifiedName(), didYouMean(name, d.columnNames(ref))))
			continue
		}
		cols = append(cols, name)
	}
	if target == nil {
		return QualifiedName{}, nil, diags
	}
	return target.qualifiedName(), cols, diags
}

var partitionStrategies = []string{"RANGE", "LIST", "HASH"}

func (d *decoder) decodePartitionKey(td *tableDecl, raw *partitionHCL) (*PartitionKey, hcl.Diagnostics) {
	key := &PartitionKey{}
	var diags hcl.Diagnostics
	const what = "The partition key"
	if raw.Type == nil {
		diags = append(diags, diagError(raw.DefRange, "Missing partition type",
			"A partition block needs a type: RANGE, LIST or HASH."))
	} else {
		s, more := decodeKeyword(raw.Type.Expr, "The type of a partition key", partitionStrategies...)
		diags = append(diags, more...)
		key.Strategy = s
	}
	switch {
	case raw.Columns != nil && len(raw.By) > 0:
		diags = append(diags, diagError(raw.By[0].DefRange, "Conflicting partition key",
			"A partition block has either columns or by blocks, not both."))
	case raw.Columns != nil:
		cols, more := d.columnList(td, raw.Columns, what)
		diags = append(diags, more...)
		for _, c := range cols {
			key.Parts = append(key.Parts, &PartitionPart{Column: c})
		}
		if !more.HasErrors() && len(cols) == 0 {
			diags = append(diags, diagError(raw.Columns.Expr.Range(), "Missing columns", "A partition key needs at least one column."))
		}
	case len(raw.By) == 0:
		diags = append(diags, diagError(raw.DefRange, "Missing columns",
			"A partition block needs columns = [...] or by blocks."))
	}
	for _, b := range raw.By {
		part := &PartitionPart{Collation: collation(b.Collate)}
		switch {
		case b.Column != nil && b.Expr != nil:
			diags = append(diags, diagError(b.Expr.NameRange, "Conflicting partition key",
				"A by block has a column or an expr, not both."))
		case b.Column != nil:
			r, more := decodeReference(b.Column.Expr, "column.id")
			diags = append(diags, more...)
			if !more.HasErrors() {
				name, more := d.ownColumn(td, r, what)
				diags = append(diags, more...)
				part.Column = name
			}
		case b.Expr != nil:
			e, more := decodeSQLText(b.Expr.Expr, "The expression of a partition key")
			diags = append(diags, more...)
			part.Expr = Expr(e)
		default:
			diags = append(diags, diagError(b.DefRange, "Missing column",
				`A by block needs a column (column = column.id) or an expression (expr = "...").`))
		}
		if b.Ops != nil {
			name, params, more := decodeOpClass(b.Ops.Expr)
			diags = append(diags, more...)
			if len(params) > 0 {
				diags = append(diags, diagError(b.Ops.Expr.Range(), "Invalid operator class",
					"The operator class of a partition key takes no parameters."))
			}
			part.OpClass = name
		}
		key.Parts = append(key.Parts, part)
	}
	if key.Strategy == "LIST" && len(key.Parts) > 1 {
		diags = append(diags, diagError(raw.DefRange, "Invalid partition key",
			"PostgreSQL cannot partition by LIST on more than one column or expression."))
	}
	return key, diags
}
