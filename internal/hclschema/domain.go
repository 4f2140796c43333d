package hclschema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// domainKind reads and writes domain blocks.
var domainKind = &kind{
	block:   "domain",
	decoder: func(d *decoder) kindDecoder { return &domainBlocks{blocks[*domainDecl]{d: d, decode: decodeDomain}} },
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		for _, x := range sortedByName(s.Domains, func(x *schema.Domain) string { return x.Name }) {
			e.domain(add("domain", x.Name), s, x)
		}
	},
}

type domainBlocks struct{ blocks[*domainDecl] }

func (k *domainBlocks) place() hcl.Diagnostics {
	return k.each(func(dd *domainDecl) hcl.Diagnostics {
		s, diags := k.d.schemaOf(dd.raw.Schema, "domain", dd.domain.Name, dd.nameRange)
		if more := k.d.declareType(s, dd.domain.Name, "domain", dd.nameRange); more.HasErrors() {
			return append(diags, more...)
		}
		s.Domains = append(s.Domains, dd.domain)
		k.d.addType("domain", s, dd.domain.Name)
		return diags
	})
}

func (k *domainBlocks) decodeTypes() hcl.Diagnostics { return k.each(k.d.decodeDomainBody) }

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

func (e *encoder) domain(b *hclBlock, s *schema.Schema, x *schema.Domain) {
	b.set("schema", e.schemaRef(s.Name))
	b.set("type", e.typeText(x.Type))
	setBool(b, "null", !x.NotNull)
	if x.Default != "" {
		b.set("default", exprText(x.Default))
	}
	setString(b, "collate", hclObjectName(x.Collation))
	setString(b, "comment", x.Comment)
	for _, c := range sortedByName(x.Checks, func(c *schema.Check) string { return c.Name }) {
		cb := b.block("check", c.Name)
		setString(cb, "expr", string(c.Expr))
		setBool(cb, "not_valid", c.NotValid)
		setString(cb, "comment", c.Comment)
	}
}
