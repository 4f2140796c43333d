package hclschema

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/schema"
)

func (d *decoder) decodeExclude(td *tableDecl, raw *excludeHCL) (*schema.Exclude, hcl.Diagnostics) {
	what := fmt.Sprintf("Exclude constraint %q", raw.Name)
	x := &schema.Exclude{
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
		el := &schema.ExcludeElement{IndexPart: *part}
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
		x.Predicate = schema.Expr(w)
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		x.StorageParams = params
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return x, diags
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

func (e *encoder) exclude(b *hclBlock, x *schema.Exclude) {
	setMethod(b, x.Method, "gist")
	setColumns(b, "include", x.Include)
	setString(b, "where", string(x.Predicate))
	setParams(b, "storage_params", x.StorageParams)
	setBool(b, "deferrable", x.Deferrable)
	setBool(b, "initially_deferred", x.InitiallyDeferred)
	setString(b, "comment", x.Comment)
	for _, el := range x.Elements {
		ob := b.block("on")
		e.part(ob, &el.IndexPart)
		ob.set("op", hclString(el.Operator))
	}
}
