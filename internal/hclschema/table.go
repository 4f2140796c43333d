package hclschema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// tableKind reads and writes table blocks with their columns, keys, indexes, constraints and partitioning.
var tableKind = &kind{
	block:   "table",
	decoder: func(d *decoder) kindDecoder { return tableBlocks{d: d} },
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		for _, x := range sortedByName(s.Tables, func(x *schema.Table) string { return x.Name }) {
			e.table(add("table", x.Name), s, x)
		}
	},
}

// tableBlocks decodes table blocks into the decoder's tables, which the
// other kinds look up.
type tableBlocks struct{ d *decoder }

func (k tableBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	t, diags := decodeTable(b)
	k.d.tables = append(k.d.tables, t)
	return diags
}

func (k tableBlocks) place() hcl.Diagnostics {
	d := k.d
	var diags hcl.Diagnostics
	for _, td := range d.tables {
		s, more := d.schemaOf(td.raw.Schema, "table", td.t.Name, td.nameRange)
		diags = append(diags, more...)
		td.schema = s
		more = d.declareRelation(s, td.t.Name, "table", td.nameRange)
		diags = append(diags, more...)
		if more.HasErrors() {
			// A second declaration of the same name is not decoded any
			// further: its errors would only repeat this one.
			td.skip = true
			continue
		}
		diags = append(diags, d.declareType(s, td.t.Name, "table", td.nameRange)...)
		s.Tables = append(s.Tables, td.t)
		d.tablesByName[td.t.Name] = append(d.tablesByName[td.t.Name], td)
	}
	return diags
}

func (k tableBlocks) decodeTypes() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, td := range k.d.tables {
		diags = append(diags, k.d.decodeColumns(td)...)
	}
	return diags
}

// decodeRelations decodes partitions first, so that a partition's keys
// and constraints find the columns of its parent.
func (k tableBlocks) decodeRelations() hcl.Diagnostics {
	d := k.d
	var diags hcl.Diagnostics
	for _, td := range d.tables {
		diags = append(diags, d.decodePartitionOf(td)...)
		diags = append(diags, d.decodeInherits(td)...)
	}
	diags = append(diags, d.checkPartitionCycles()...)
	for _, td := range d.tables {
		diags = append(diags, d.decodeConstraints(td)...)
	}
	return append(diags, d.checkForeignKeyTargets()...)
}

// decodeConstraints decodes the keys, indexes, constraints and partition key
// of a table, and takes their names.
func (d *decoder) decodeConstraints(td *tableDecl) hcl.Diagnostics {
	if td.skip {
		return nil
	}
	var diags hcl.Diagnostics
	t, raw := td.t, &td.raw
	constraints := map[schema.QualifiedName]nameDecl{}
	where := fmt.Sprintf("on table %s", td.qualifiedName())
	// declareIndexed takes the name of a relation and of a constraint.
	declareIndexed := func(name, kind string, rng hcl.Range) hcl.Diagnostics {
		if more := d.declareRelation(td.schema, name, kind, rng); more.HasErrors() {
			return more
		}
		return declare(constraints, schema.QualifiedName{Name: name}, kind, rng, where, constraintNamespace)
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
		diags = append(diags, declare(constraints, schema.QualifiedName{Name: fk.Name}, "foreign key", fk.NameRange, where, constraintNamespace)...)
		t.ForeignKeys = append(t.ForeignKeys, f)
	}
	for _, c := range raw.Checks {
		check, more := decodeCheck(c)
		diags = append(diags, more...)
		diags = append(diags, declare(constraints, schema.QualifiedName{Name: c.Name}, "check constraint", c.NameRange, where, constraintNamespace)...)
		t.Checks = append(t.Checks, check)
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

// The gohcl structs below are the grammar of a table block; docs/hcl.md
// describes every attribute. Attributes whose values are bare words or
// references are kept as *hcl.Attribute (nil when absent) and read by the
// helpers of expr.go. The blocks inside a table have their structs in
// their own files: column.go, key.go, index.go, exclude.go, foreignkey.go,
// check.go and partition.go.

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
	// Inherits lists the parents of a table that uses INHERITS
	// (schemactl's: Atlas has no table inheritance).
	Inherits    *hcl.Attribute  `hcl:"inherits,optional"`
	RowSecurity *rowSecurityHCL `hcl:"row_security,block"`
}

// rowSecurityHCL is Atlas's row_security block: enabled is ALTER TABLE
// ... ENABLE ROW LEVEL SECURITY, enforced is FORCE ROW LEVEL SECURITY.
type rowSecurityHCL struct {
	Enabled  bool `hcl:"enabled,optional"`
	Enforced bool `hcl:"enforced,optional"`
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
	if rs := td.raw.RowSecurity; rs != nil {
		td.t.RowSecurity, td.t.ForceRowSecurity = rs.Enabled, rs.Enforced
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
	if len(t.Inherits) > 0 {
		refs := make([]string, len(t.Inherits))
		for i, p := range t.Inherits {
			refs[i] = e.tableRef(p)
		}
		b.set("inherits", hclTuple(refs))
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
		if !c.Inherited { // INHERITS brings the parents' checks
			e.check(b.block("check", c.Name), c)
		}
	}
	for _, x := range sortedByName(t.Excludes, func(x *schema.Exclude) string { return x.Name }) {
		e.exclude(b.block("exclude", x.Name), x)
	}
	if k := t.PartitionKey; k != nil {
		e.partitionKey(b.block("partition"), k)
	}
	if t.RowSecurity || t.ForceRowSecurity {
		rb := b.block("row_security")
		setBool(rb, "enabled", t.RowSecurity)
		setBool(rb, "enforced", t.ForceRowSecurity)
	}
}

// decodeInherits resolves a table's inherits = [table.parent, ...].
func (d *decoder) decodeInherits(td *tableDecl) hcl.Diagnostics {
	if td.skip || td.raw.Inherits == nil {
		return nil
	}
	refs, diags := decodeReferenceList(td.raw.Inherits.Expr, "table.parent")
	for _, r := range refs {
		if len(r.names) < 2 || r.names[0] != "table" {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"Table %s inherits from tables, such as table.parent, not %s.", td.qualifiedName(), r))
			continue
		}
		parent, more := d.lookupTable(r.names[1:], r.rng)
		diags = append(diags, more...)
		if parent == nil || more.HasErrors() {
			continue
		}
		if parent == td {
			diags = append(diags, diagError(r.rng, "Invalid inheritance", "Table %s cannot inherit from itself.", td.qualifiedName()))
			continue
		}
		td.t.Inherits = append(td.t.Inherits, parent.qualifiedName())
	}
	return diags
}
