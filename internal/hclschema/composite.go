package hclschema

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// compositeKind reads and writes composite type blocks.
var compositeKind = &kind{
	block: "composite",
	decoder: func(d *decoder) kindDecoder {
		return &compositeBlocks{blocks[*compositeDecl]{d: d, decode: decodeComposite}}
	},
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		for _, x := range sortedByName(s.Composites, func(x *schema.Composite) string { return x.Name }) {
			e.composite(add("composite", x.Name), s, x)
		}
	},
}

type compositeBlocks struct{ blocks[*compositeDecl] }

// place takes two names for each composite type: a composite type is a
// relation (pg_class) as well as a type.
func (k *compositeBlocks) place() hcl.Diagnostics {
	return k.each(func(c *compositeDecl) hcl.Diagnostics {
		s, diags := k.d.schemaOf(c.raw.Schema, "composite type", c.composite.Name, c.nameRange)
		if more := k.d.declareRelation(s, c.composite.Name, "composite type", c.nameRange); more.HasErrors() {
			return append(diags, more...)
		}
		if more := k.d.declareType(s, c.composite.Name, "composite type", c.nameRange); more.HasErrors() {
			return append(diags, more...)
		}
		s.Composites = append(s.Composites, c.composite)
		k.d.addType("composite", s, c.composite.Name)
		return diags
	})
}

func (k *compositeBlocks) decodeTypes() hcl.Diagnostics { return k.each(k.d.decodeFields) }

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
