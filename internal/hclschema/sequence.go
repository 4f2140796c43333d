package hclschema

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// sequenceKind reads and writes sequence blocks.
var sequenceKind = &kind{
	block: "sequence",
	decoder: func(d *decoder) kindDecoder {
		return &sequenceBlocks{blocks[*sequenceDecl]{d: d, decode: decodeSequence}}
	},
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		for _, x := range sortedByName(s.Sequences, func(x *schema.Sequence) string { return x.Name }) {
			e.sequence(add("sequence", x.Name), s, x)
		}
	},
}

type sequenceBlocks struct{ blocks[*sequenceDecl] }

func (k *sequenceBlocks) place() hcl.Diagnostics {
	return k.each(func(q *sequenceDecl) hcl.Diagnostics {
		s, diags := k.d.schemaOf(q.raw.Schema, "sequence", q.seq.Name, q.nameRange)
		q.schema = s
		if more := k.d.declareRelation(s, q.seq.Name, "sequence", q.nameRange); more.HasErrors() {
			return append(diags, more...)
		}
		s.Sequences = append(s.Sequences, q.seq)
		return diags
	})
}

// decodeRelations reads owned_by, which names a column of a table.
func (k *sequenceBlocks) decodeRelations() hcl.Diagnostics { return k.each(k.d.decodeSequenceOwner) }

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
	// Owner is Atlas's spelling of owned_by (its docs' sequence "s3"),
	// read so that Atlas's HCL loads as written.
	Owner   *hcl.Attribute `hcl:"owner,optional"`
	Comment string         `hcl:"comment,optional"`
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

// decodeSequenceOwner resolves owned_by = table.users.column.id (or
// Atlas's owner = ...; one of the two).
func (d *decoder) decodeSequenceOwner(q *sequenceDecl) hcl.Diagnostics {
	attr := q.raw.OwnedBy
	if q.raw.Owner != nil {
		if attr != nil {
			return hcl.Diagnostics{diagError(q.raw.Owner.NameRange, "Conflicting attributes",
				"Sequence %q sets both owned_by and owner (Atlas's name for it); set one.", q.seq.Name)}
		}
		attr = q.raw.Owner
	}
	if attr == nil || isNull(attr.Expr) {
		return nil
	}
	r, diags := decodeReference(attr.Expr, "table.users.column.id")
	if diags.HasErrors() {
		return diags
	}
	if len(r.names) < 4 || r.names[0] != "table" || r.names[len(r.names)-2] != "column" {
		return hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"%s expects a column such as table.users.column.id, not %s.", attr.Name, r)}
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
