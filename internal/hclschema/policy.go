package hclschema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// Policies are Atlas's `policy` blocks: on (the table, a reference), as
// (PERMISSIVE or RESTRICTIVE), for (ALL, SELECT, INSERT, UPDATE or
// DELETE), to (a list of roles: PUBLIC and other bare words, role.name
// references or strings), using and check (SQL expressions, as strings or
// sql("...")) and comment. Whether row level security is on is the table's
// row_security block (table.go).
var policyKind = &kind{
	block:   "policy",
	decoder: func(d *decoder) kindDecoder { return &policyBlocks{d: d} },
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		for _, t := range sortedByName(s.Tables, func(t *schema.Table) string { return t.Name }) {
			for _, p := range sortedByName(t.Policies, func(p *schema.Policy) string { return p.Name }) {
				e.policy(add("policy", p.Name), t, p)
			}
		}
	},
}

type policyBlocks struct {
	noPhases
	d        *decoder
	policies []*policyDecl
}

type policyHCL struct {
	On      *hcl.Attribute `hcl:"on,optional"`
	As      *hcl.Attribute `hcl:"as,optional"`
	For     *hcl.Attribute `hcl:"for,optional"`
	To      *hcl.Attribute `hcl:"to,optional"`
	Using   *hcl.Attribute `hcl:"using,optional"`
	Check   *hcl.Attribute `hcl:"check,optional"`
	Comment string         `hcl:"comment,optional"`
}

type policyDecl struct {
	p         *schema.Policy
	raw       policyHCL
	nameRange hcl.Range
	defRange  hcl.Range
}

// decodeBlock reads what needs no other block: everything but on.
func (k *policyBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	pd := &policyDecl{nameRange: b.LabelRanges[0], defRange: b.DefRange}
	diags := gohcl.DecodeBody(b.Body, nil, &pd.raw)
	p := &schema.Policy{Name: b.Labels[0], Command: "ALL", Comment: pd.raw.Comment, DeclRange: b.DefRange}
	pd.p = p
	k.policies = append(k.policies, pd)
	diags = append(diags, checkName("policy", p.Name, pd.nameRange)...)
	raw := &pd.raw
	if raw.As != nil {
		as, more := decodeKeyword(raw.As.Expr, "as", "PERMISSIVE", "RESTRICTIVE")
		diags = append(diags, more...)
		p.Restrictive = as == "RESTRICTIVE"
	}
	if raw.For != nil {
		cmd, more := decodeKeyword(raw.For.Expr, "for", "ALL", "SELECT", "INSERT", "UPDATE", "DELETE")
		diags = append(diags, more...)
		if cmd != "" {
			p.Command = cmd
		}
	}
	if raw.To != nil {
		roles, more := decodeRoles(raw.To.Expr)
		diags = append(diags, more...)
		p.Roles = roles
	}
	if len(p.Roles) == 0 {
		p.Roles = []string{"PUBLIC"}
	}
	expr := func(a *hcl.Attribute, what string) schema.Expr {
		if a == nil {
			return ""
		}
		s, more := decodeSQLText(a.Expr, what)
		diags = append(diags, more...)
		return schema.Expr(strings.TrimSpace(s))
	}
	p.Using = expr(raw.Using, "The USING expression of a policy")
	p.WithCheck = expr(raw.Check, "The WITH CHECK expression of a policy")
	return diags
}

// decodeRoles reads the roles of to: a list of bare words (PUBLIC,
// CURRENT_USER), role.name references and strings, sorted as the catalog
// sorts them.
func decodeRoles(expr hcl.Expression) ([]string, hcl.Diagnostics) {
	list, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return nil, hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			`to is a list of roles, such as [PUBLIC] or [role.app, "reporting"].`)}
	}
	var roles []string
	for _, e := range list {
		if r, more := decodeReference(e, "role.app"); !more.HasErrors() && len(r.names) == 2 && r.names[0] == "role" {
			roles = append(roles, r.names[1])
			continue
		}
		word, more := keyword(e, "A role")
		diags = append(diags, more...)
		if strings.EqualFold(word, "PUBLIC") {
			word = "PUBLIC"
		}
		if word != "" {
			roles = append(roles, word)
		}
	}
	slices.Sort(roles)
	return slices.Compact(roles), diags
}

// decodeRelations resolves on, once every table is placed, and adds each
// policy to its table.
func (k *policyBlocks) decodeRelations() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, pd := range k.policies {
		if pd.raw.On == nil {
			diags = append(diags, diagError(pd.nameRange, "Missing table",
				"Policy %q needs the table it is on, such as on = table.users.", pd.p.Name))
			continue
		}
		r, more := decodeReference(pd.raw.On.Expr, "table.users")
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		if len(r.names) < 2 || r.names[0] != "table" {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"Policy %q is on a table, such as table.users, not %s.", pd.p.Name, r))
			continue
		}
		td, more := k.d.lookupTable(r.names[1:], r.rng)
		if more.HasErrors() {
			// Name both ends: the policy, and the table it names.
			for _, dg := range more {
				dg.Detail = fmt.Sprintf("Policy %q (declared at %s) is on %s: %s", pd.p.Name, posString(pd.nameRange), r, dg.Detail)
			}
			diags = append(diags, more...)
			continue
		}
		if td.skip {
			continue
		}
		if _, dup := td.t.Policy(pd.p.Name); dup {
			prev, _ := td.t.Policy(pd.p.Name)
			diags = append(diags, diagError(pd.nameRange, "Duplicate policy",
				"Policy %q is already declared on table %s at %s.", pd.p.Name, td.qualifiedName(), posString(prev.DeclRange)))
			continue
		}
		td.t.Policies = append(td.t.Policies, pd.p)
	}
	return diags
}

func (e *encoder) policy(b *hclBlock, t *schema.Table, p *schema.Policy) {
	b.set("on", e.tableRef(t.QualifiedName()))
	if p.Restrictive {
		b.set("as", "RESTRICTIVE")
	}
	if cmd := strings.ToUpper(p.Command); cmd != "" && cmd != "ALL" {
		b.set("for", cmd)
	}
	roles := p.Roles
	if len(roles) == 0 {
		roles = []string{"PUBLIC"}
	}
	items := make([]string, len(roles))
	for i, r := range roles {
		if r == "PUBLIC" {
			items[i] = r
		} else {
			items[i] = hclString(r)
		}
	}
	b.set("to", hclTuple(items))
	setString(b, "using", string(p.Using))
	setString(b, "check", string(p.WithCheck))
	setString(b, "comment", p.Comment)
}
