package hclschema

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// extensionKind reads and writes extension blocks, which are realm-wide.
var extensionKind = &kind{
	block: "extension",
	decoder: func(d *decoder) kindDecoder {
		return &extensionBlocks{blocks[*extensionDecl]{d: d, decode: decodeExtension}}
	},
	encodeRealm: func(e *encoder, r *schema.Realm, add addBlock) {
		for _, x := range sortedByName(r.Extensions, func(x *schema.Extension) string { return x.Name }) {
			e.extension(add("extension", x.Name), x)
		}
	},
}

type extensionBlocks struct{ blocks[*extensionDecl] }

// place resolves the schema of every extension; extensions are realm-wide,
// so their names are unique in the realm rather than in a schema.
func (k *extensionBlocks) place() hcl.Diagnostics {
	extensions := map[string]*extensionDecl{}
	return k.each(func(e *extensionDecl) hcl.Diagnostics {
		if prev, ok := extensions[e.ext.Name]; ok {
			return hcl.Diagnostics{diagError(e.nameRange, "Duplicate extension",
				"Extension %q is already declared at %s.", e.ext.Name, posString(prev.ext.DeclRange))}
		}
		extensions[e.ext.Name] = e
		diags := k.d.resolveExtension(e)
		k.d.realm.Extensions = append(k.d.realm.Extensions, e.ext)
		return diags
	})
}

type extensionHCL struct {
	Schema  *hcl.Attribute `hcl:"schema,optional"`
	Version string         `hcl:"version,optional"`
	Comment string         `hcl:"comment,optional"`
}

type extensionDecl struct {
	ext       *schema.Extension
	raw       extensionHCL
	nameRange hcl.Range
}

func decodeExtension(b *hcl.Block) (*extensionDecl, hcl.Diagnostics) {
	e := &extensionDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &e.raw)
	e.ext = &schema.Extension{Name: b.Labels[0], Version: e.raw.Version, Comment: e.raw.Comment, DeclRange: b.DefRange}
	diags = append(diags, checkName("extension", e.ext.Name, e.nameRange)...)
	return e, diags
}

// resolveExtension reads the schema of an extension: a reference to a
// declared schema, or the name of a schema that schemactl does not manage.
func (d *decoder) resolveExtension(e *extensionDecl) hcl.Diagnostics {
	if e.raw.Schema == nil || isNull(e.raw.Schema.Expr) {
		return nil
	}
	expr := e.raw.Schema.Expr
	if _, ok := unparen(expr).(*hclsyntax.ScopeTraversalExpr); ok {
		s, diags := d.schemaOf(e.raw.Schema, "extension", e.ext.Name, e.nameRange)
		e.ext.Schema = s.Name
		return diags
	}
	name, diags := constString(expr, "The schema of an extension")
	if !diags.HasErrors() {
		diags = append(diags, checkName("schema", name, expr.Range())...)
	}
	e.ext.Schema = name
	return diags
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
