package hclschema

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// schemaKind reads and writes schema blocks: a name and a comment.
var schemaKind = &kind{
	block:   "schema",
	decoder: func(d *decoder) kindDecoder { return schemaBlocks{d: d} },
	encodeRealm: func(e *encoder, r *schema.Realm, add addBlock) {
		for _, s := range sortedByName(r.Schemas, func(s *schema.Schema) string { return s.Name }) {
			setString(add("schema", s.Name), "comment", s.Comment)
		}
	},
}

// schemaBlocks decodes schema blocks, which are complete on their own: the
// other kinds resolve their schema attribute against them in phase 2.
type schemaBlocks struct {
	noPhases
	d *decoder
}

func (k schemaBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics { return k.d.decodeSchema(b) }

type schemaHCL struct {
	Comment string `hcl:"comment,optional"`
}

func (d *decoder) decodeSchema(b *hcl.Block) hcl.Diagnostics {
	var raw schemaHCL
	diags := gohcl.DecodeBody(b.Body, nil, &raw)
	name, nameRange := b.Labels[0], b.LabelRanges[0]
	diags = append(diags, checkName("schema", name, nameRange)...)
	if strings.HasPrefix(name, "pg_") {
		diags = append(diags, diagError(nameRange, "Reserved schema name",
			"Schema names that begin with pg_ are reserved for PostgreSQL's system schemas."))
	}
	if prev, ok := d.schemas[name]; ok {
		return append(diags, diagError(nameRange, "Duplicate schema",
			"Schema %q is already declared at %s.", name, posString(prev.DeclRange)))
	}
	s := &schema.Schema{Name: name, Comment: raw.Comment, DeclRange: b.DefRange}
	d.schemas[name] = s
	d.realm.Schemas = append(d.realm.Schemas, s)
	return diags
}
