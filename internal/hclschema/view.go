package hclschema

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// Views and materialized views are Atlas's `view` and `materialized`
// blocks: schema, column blocks (type, comment; Atlas's null is accepted
// and means nothing, every view column being nullable), as (the query),
// check_option (LOCAL or CASCADED), depends_on (references to tables and
// views, for the order of creation), comment, and for materialized views
// index blocks. schemactl adds security_barrier and security_invoker for
// views, storage_params and with_no_data (CREATE ... WITH NO DATA) for
// materialized views, and renamed_from (the previous name) for both.
var (
	viewKind = &kind{
		block:   "view",
		decoder: func(d *decoder) kindDecoder { return &viewBlocks{d: d} },
		encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
			for _, v := range sortedByName(s.Views, viewName) {
				if !v.Materialized {
					e.view(add("view", v.Name), s, v)
				}
			}
		},
	}
	materializedKind = &kind{
		block:   "materialized",
		decoder: func(d *decoder) kindDecoder { return &viewBlocks{d: d, materialized: true} },
		encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
			for _, v := range sortedByName(s.Views, viewName) {
				if v.Materialized {
					e.view(add("materialized", v.Name), s, v)
				}
			}
		},
	}
)

func viewName(v *schema.View) string { return v.Name }

type viewBlocks struct {
	noPhases
	d            *decoder
	materialized bool
	views        []*viewDecl
}

type viewHCL struct {
	Schema          *hcl.Attribute   `hcl:"schema,optional"`
	Columns         []*viewColumnHCL `hcl:"column,block"`
	As              *hcl.Attribute   `hcl:"as,optional"`
	CheckOption     *hcl.Attribute   `hcl:"check_option,optional"`
	SecurityBarrier *hcl.Attribute   `hcl:"security_barrier,optional"`
	SecurityInvoker *hcl.Attribute   `hcl:"security_invoker,optional"`
	WithNoData      *hcl.Attribute   `hcl:"with_no_data,optional"`
	StorageParams   *hcl.Attribute   `hcl:"storage_params,optional"`
	Indexes         []*indexHCL      `hcl:"index,block"`
	DependsOn       *hcl.Attribute   `hcl:"depends_on,optional"`
	Comment         string           `hcl:"comment,optional"`
	// RenamedFrom is schemactl's: the view's previous name.
	RenamedFrom      string    `hcl:"renamed_from,optional"`
	RenamedFromRange hcl.Range `hcl:"renamed_from,attr_range"`
}

type viewColumnHCL struct {
	Name      string         `hcl:"name,label"`
	NameRange hcl.Range      `hcl:"name,label_range"`
	Type      *hcl.Attribute `hcl:"type,optional"`
	Null      *bool          `hcl:"null,optional"`
	Comment   string         `hcl:"comment,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

type viewDecl struct {
	view      *schema.View
	raw       viewHCL
	nameRange hcl.Range
	schema    *schema.Schema
	skip      bool
}

func (k *viewBlocks) what() string {
	if k.materialized {
		return "materialized view"
	}
	return "view"
}

func (k *viewBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	vd := &viewDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &vd.raw)
	v := &schema.View{Name: b.Labels[0], Materialized: k.materialized, Comment: vd.raw.Comment,
		RenamedFrom: vd.raw.RenamedFrom, DeclRange: b.DefRange}
	vd.view = v
	k.views = append(k.views, vd)
	diags = append(diags, checkName(k.what(), v.Name, vd.nameRange)...)
	diags = append(diags, checkRenamedFrom(k.what(), v.Name, v.RenamedFrom, vd.raw.RenamedFromRange)...)
	raw := &vd.raw
	if raw.As == nil {
		diags = append(diags, diagError(vd.nameRange, "Missing query",
			"%s %q needs its query: as = \"SELECT ...\".", capitalize(k.what()), v.Name))
	} else {
		q, more := decodeSQLText(raw.As.Expr, "The query of a view")
		diags = append(diags, more...)
		v.Query = strings.TrimSpace(q)
	}
	// Options of the other kind are refused where they are written.
	wrongKind := func(a *hcl.Attribute, name string) {
		if a != nil {
			diags = append(diags, diagError(a.NameRange, "Unsupported argument",
				"%s is an option of %s, not of a %s.", name, map[bool]string{true: "views", false: "materialized views"}[k.materialized], k.what()))
		}
	}
	boolAttr := func(a *hcl.Attribute) bool {
		var b bool
		if a != nil {
			diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &b)...)
		}
		return b
	}
	if k.materialized {
		wrongKind(raw.CheckOption, "check_option")
		wrongKind(raw.SecurityBarrier, "security_barrier")
		wrongKind(raw.SecurityInvoker, "security_invoker")
		v.WithNoData = boolAttr(raw.WithNoData)
		if raw.StorageParams != nil {
			params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
			diags = append(diags, more...)
			v.StorageParams = params
		}
	} else {
		wrongKind(raw.WithNoData, "with_no_data")
		wrongKind(raw.StorageParams, "storage_params")
		for _, ix := range raw.Indexes {
			diags = append(diags, diagError(ix.DefRange, "Unsupported block",
				"A view has no indexes; index %q needs a materialized view.", ix.Name))
		}
		v.SecurityBarrier = boolAttr(raw.SecurityBarrier)
		v.SecurityInvoker = boolAttr(raw.SecurityInvoker)
		if raw.CheckOption != nil {
			word, more := keyword(raw.CheckOption.Expr, "The check option of a view")
			diags = append(diags, more...)
			switch w := strings.ToUpper(word); {
			case more.HasErrors():
			case w == schema.CheckOptionLocal || w == schema.CheckOptionCascaded:
				v.CheckOption = w
			default:
				diags = append(diags, diagError(raw.CheckOption.Expr.Range(), "Invalid check option",
					"The check option of a view is LOCAL or CASCADED, not %s.", word))
			}
		}
	}
	seen := map[string]hcl.Range{}
	for _, c := range raw.Columns {
		if prev, ok := seen[c.Name]; ok {
			diags = append(diags, diagError(c.NameRange, "Duplicate column",
				"Column %q of %s %q is already declared at %s.", c.Name, k.what(), v.Name, posString(prev)))
			continue
		}
		seen[c.Name] = c.NameRange
		v.Columns = append(v.Columns, &schema.ViewColumn{Name: c.Name, Comment: c.Comment, DeclRange: c.DefRange})
	}
	return diags
}

// place adds each view to its schema. A view's name is a relation name
// and a type name: it clashes with tables, sequences and types of its schema.
func (k *viewBlocks) place() hcl.Diagnostics {
	d := k.d
	var diags hcl.Diagnostics
	for _, vd := range k.views {
		s, more := d.schemaOf(vd.raw.Schema, k.what(), vd.view.Name, vd.nameRange)
		diags = append(diags, more...)
		vd.schema = s
		if more = d.declareRelation(s, vd.view.Name, k.what(), vd.nameRange); more.HasErrors() {
			diags = append(diags, more...)
			vd.skip = true
			continue
		}
		// A view has a row type of its name, as a table does.
		if more = d.declareType(s, vd.view.Name, k.what(), vd.nameRange); more.HasErrors() {
			diags = append(diags, more...)
			vd.skip = true
			continue
		}
		s.Views = append(s.Views, vd.view)
		d.views = append(d.views, vd)
	}
	return diags
}

// decodeTypes decodes the types of the columns.
func (k *viewBlocks) decodeTypes() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, vd := range k.views {
		if vd.skip {
			continue
		}
		for i, c := range vd.raw.Columns {
			if c.Type == nil || i >= len(vd.view.Columns) || vd.view.Columns[i].Name != c.Name {
				continue
			}
			typ, more := k.d.decodeType(c.Type.Expr)
			diags = append(diags, more...)
			vd.view.Columns[i].Type = typ
		}
	}
	return diags
}

// decodeRelations decodes the indexes of materialized views, which name
// the view's columns, and depends_on, which names tables and views.
func (k *viewBlocks) decodeRelations() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, vd := range k.views {
		if vd.skip {
			continue
		}
		if k.materialized && len(vd.raw.Indexes) > 0 {
			// Index references resolve against a table made of the
			// view's columns, as the index code expects.
			td := &tableDecl{t: &schema.Table{Name: vd.view.Name}, schema: vd.schema}
			for _, c := range vd.view.Columns {
				td.t.Columns = append(td.t.Columns, &schema.Column{Name: c.Name})
			}
			names := map[string]hcl.Range{}
			for _, raw := range vd.raw.Indexes {
				if prev, ok := names[raw.Name]; ok {
					diags = append(diags, diagError(raw.DefRange, "Duplicate index",
						"Index %q is already declared at %s.", raw.Name, posString(prev)))
					continue
				}
				names[raw.Name] = raw.DefRange
				idx, more := k.d.decodeIndex(td, raw)
				diags = append(diags, more...)
				vd.view.Indexes = append(vd.view.Indexes, idx)
			}
		}
		if vd.raw.DependsOn != nil {
			diags = append(diags, k.d.decodeViewDependsOn(vd)...)
		}
	}
	return diags
}

// decodeViewDependsOn resolves depends_on = [table.users, view.active, materialized.totals].
func (d *decoder) decodeViewDependsOn(vd *viewDecl) hcl.Diagnostics {
	refs, diags := decodeReferenceList(vd.raw.DependsOn.Expr, "table.users")
	for _, r := range refs {
		if len(r.names) < 2 {
			diags = append(diags, diagError(r.rng, "Invalid reference", "depends_on expects tables and views such as table.users or view.active_users, not %s.", r))
			continue
		}
		switch r.names[0] {
		case "table":
			td, more := d.lookupTable(r.names[1:], r.rng)
			diags = append(diags, more...)
			if td != nil {
				q := td.qualifiedName()
				vd.view.DependsOn = append(vd.view.DependsOn, schema.ObjectRef{Kind: schema.KindTable, Schema: q.Schema, Name: q.Name})
			}
		case "view", "materialized":
			other, more := d.lookupView(r.names[0] == "materialized", r.names[1:], r.rng)
			diags = append(diags, more...)
			if other != nil {
				vd.view.DependsOn = append(vd.view.DependsOn, schema.ObjectRef{Kind: other.view.Kind(), Schema: other.schema.Name, Name: other.view.Name})
			}
		default:
			diags = append(diags, diagError(r.rng, "Invalid reference", "depends_on expects tables and views such as table.users or view.active_users, not %s.", r))
		}
	}
	return diags
}

// lookupView finds a view (or a materialized view) by name, or by schema
// and name.
func (d *decoder) lookupView(materialized bool, names []string, rng hcl.Range) (*viewDecl, hcl.Diagnostics) {
	kind := "View"
	if materialized {
		kind = "Materialized view"
	}
	var schemaName, name string
	switch len(names) {
	case 1:
		name = names[0]
	case 2:
		schemaName, name = names[0], names[1]
	default:
		return nil, hcl.Diagnostics{diagError(rng, "Invalid reference", "Expected a reference such as view.active_users or view.public.active_users.")}
	}
	var found []*viewDecl
	var known []string
	for _, vd := range d.views {
		if vd.view.Materialized != materialized {
			continue
		}
		known = append(known, vd.view.Name)
		if vd.view.Name == name && (schemaName == "" || vd.schema.Name == schemaName) {
			found = append(found, vd)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, hcl.Diagnostics{diagError(rng, "Reference to undeclared view",
			"%s %q is not declared.%s", kind, name, didYouMean(name, known))}
	}
	return nil, hcl.Diagnostics{diagError(rng, "Ambiguous reference",
		"%s %q is declared in several schemas; name its schema, as in %s.%s.%s.", kind, name,
		map[bool]string{true: "materialized", false: "view"}[materialized], found[0].schema.Name, name)}
}

// view writes a view or materialized view block.
func (e *encoder) view(b *hclBlock, s *schema.Schema, v *schema.View) {
	b.set("schema", e.schemaRef(s.Name))
	setString(b, "renamed_from", v.RenamedFrom)
	for _, c := range v.Columns {
		cb := b.block("column", c.Name)
		if c.Type != "" {
			cb.set("type", e.typeText(c.Type))
		}
		setString(cb, "comment", c.Comment)
	}
	b.setSQL("as", v.Query, true)
	if v.CheckOption != "" {
		b.set("check_option", strings.ToUpper(v.CheckOption))
	}
	setBool(b, "security_barrier", v.SecurityBarrier)
	setBool(b, "security_invoker", v.SecurityInvoker)
	setBool(b, "with_no_data", v.WithNoData)
	setParams(b, "storage_params", v.StorageParams)
	for _, x := range sortedByName(v.Indexes, func(x *schema.Index) string { return x.Name }) {
		e.index(b.block("index", x.Name), x)
	}
	setString(b, "comment", v.Comment)
}
