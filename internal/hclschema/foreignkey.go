package hclschema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// plural spells a count of things: "1 column", "2 columns".
func plural(n int, thing string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", thing)
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

var fkActions = []string{schema.NoAction, schema.Restrict, schema.Cascade, schema.SetNull, schema.SetDefault}

func (d *decoder) decodeForeignKey(td *tableDecl, raw *foreignKeyHCL) (*schema.ForeignKey, hcl.Diagnostics) {
	what := fmt.Sprintf("Foreign key %q", raw.Name)
	fk := &schema.ForeignKey{
		Name:              raw.Name,
		Match:             schema.MatchSimple,
		OnDelete:          schema.NoAction,
		OnUpdate:          schema.NoAction,
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
		switch {
		case diags.HasErrors():
		case len(fk.Columns) != len(fk.RefColumns):
			diags = append(diags, diagError(raw.RefColumns.Expr.Range(), "Column count mismatch",
				"%s has %s but references %d.", what, plural(len(fk.Columns), "column"), len(fk.RefColumns)))
		default:
			// The referenced table's keys may not be decoded yet.
			d.fkTargets = append(d.fkTargets, fkTarget{fk: fk, what: what, rng: raw.RefColumns.Expr.Range()})
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
		m, more := decodeKeyword(raw.Match.Expr, "match", schema.MatchSimple, schema.MatchFull, schema.MatchPartial)
		diags = append(diags, more...)
		if m == schema.MatchPartial {
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
func (d *decoder) decodeOnDeleteColumns(td *tableDecl, raw *foreignKeyHCL, fk *schema.ForeignKey, what string) hcl.Diagnostics {
	if fk.OnDelete != schema.SetNull && fk.OnDelete != schema.SetDefault {
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
// all belong to one table. A table of a schema that is not declared, named
// in full (table.other.users.column.id), is outside the schemas schemactl
// manages: the reference is kept as written, its columns unchecked.
func (d *decoder) refColumns(td *tableDecl, attr *hcl.Attribute, what string) (schema.QualifiedName, []string, hcl.Diagnostics) {
	refs, diags := decodeReferenceList(attr.Expr, "table.users.column.id")
	if diags.HasErrors() {
		return schema.QualifiedName{}, nil, diags
	}
	if len(refs) == 0 {
		return schema.QualifiedName{}, nil, hcl.Diagnostics{diagError(attr.Expr.Range(), "Missing ref_columns", "%s needs at least one referenced column.", what)}
	}
	var (
		target schema.QualifiedName
		have   bool
		cols   []string
	)
	for _, r := range refs {
		var (
			ref  *tableDecl
			name string
			q    schema.QualifiedName
		)
		switch {
		case len(r.names) == 2 && r.names[0] == "column":
			ref, name = td, r.names[1]
		case len(r.names) == 5 && r.names[0] == "table" && r.names[3] == "column" && d.schemas[r.names[1]] == nil:
			q, name = schema.QualifiedName{Schema: r.names[1], Name: r.names[2]}, r.names[4]
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
		if ref != nil {
			q = ref.qualifiedName()
		}
		if !have {
			target, have = q, true
		} else if q != target {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"%s references columns of both %s and %s; all must belong to one table.", what, target, q))
			continue
		}
		if ref != nil && (ref.skip || !d.findColumn(ref, name)) {
			diags = append(diags, diagError(r.rng, "Unknown column",
				"%s references unknown column %q of table %s.%s", what, name, q, didYouMean(name, d.columnNames(ref))))
			continue
		}
		cols = append(cols, name)
	}
	return target, cols, diags
}

// An fkTarget is a foreign key whose referenced key is checked once every
// table is decoded.
type fkTarget struct {
	fk   *schema.ForeignKey
	what string
	rng  hcl.Range
}

// checkForeignKeyTargets reports foreign keys whose referenced columns are
// not exactly those of a primary key, a unique constraint that is not
// deferrable, or a unique index without predicate or expressions: PostgreSQL
// refuses such a foreign key. A partition has its parent's keys.
func (d *decoder) checkForeignKeyTargets() hcl.Diagnostics {
	tables := map[schema.QualifiedName]*tableDecl{}
	for _, td := range d.tables {
		if !td.skip {
			tables[td.qualifiedName()] = td
		}
	}
	var diags hcl.Diagnostics
	for _, x := range d.fkTargets {
		td, ok := tables[x.fk.RefTable]
		if !ok {
			continue // outside the declared schemas
		}
		if dup := duplicateName(x.fk.RefColumns); dup != "" {
			diags = append(diags, diagError(x.rng, "Duplicate column", "%s references column %q twice.", x.what, dup))
			continue
		}
		var deferrable string
		found := false
		for t := td; t != nil && !found; t = t.parent {
			var keys []*schema.Key
			if t.t.PrimaryKey != nil {
				keys = append(keys, t.t.PrimaryKey)
			}
			for _, k := range append(keys, t.t.Uniques...) {
				if sameColumns(k.Columns, x.fk.RefColumns) {
					if !k.Deferrable {
						found = true
					} else if deferrable == "" {
						deferrable = k.Name
					}
				}
			}
			for _, idx := range t.t.Indexes {
				if idx.Unique && idx.Predicate == "" && sameColumns(indexColumns(idx), x.fk.RefColumns) {
					found = true
				}
			}
		}
		switch {
		case found:
		case deferrable != "":
			diags = append(diags, diagError(x.rng, "Deferrable referenced key",
				"%s references the columns of %q, a deferrable constraint; PostgreSQL needs a key that is not deferrable.", x.what, deferrable))
		default:
			diags = append(diags, diagError(x.rng, "No unique key",
				"%s references (%s) of table %s, which no primary key, unique constraint or unique index covers exactly; PostgreSQL requires one.",
				x.what, strings.Join(x.fk.RefColumns, ", "), td.qualifiedName()))
		}
	}
	return diags
}

// sameColumns reports whether a and b hold the same columns, in any order.
func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		if !slices.Contains(b, c) {
			return false
		}
	}
	return true
}

// duplicateName returns a name that names holds twice, or "".
func duplicateName(names []string) string {
	for i, n := range names {
		if slices.Index(names, n) < i {
			return n
		}
	}
	return ""
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

func (e *encoder) foreignKey(b *hclBlock, fk *schema.ForeignKey) {
	setColumns(b, "columns", fk.Columns)
	refs := make([]string, len(fk.RefColumns))
	for i, c := range fk.RefColumns {
		refs[i] = e.tableRef(fk.RefTable, "column", c)
	}
	b.set("ref_columns", hclTuple(refs))
	if fk.OnUpdate != "" && fk.OnUpdate != schema.NoAction {
		b.set("on_update", wordText(fk.OnUpdate))
	}
	if fk.OnDelete != "" && fk.OnDelete != schema.NoAction {
		b.set("on_delete", wordText(fk.OnDelete))
	}
	setColumns(b, "on_delete_columns", fk.OnDeleteColumns)
	if fk.Match != "" && fk.Match != schema.MatchSimple {
		b.set("match", wordText(fk.Match))
	}
	setBool(b, "deferrable", fk.Deferrable)
	setBool(b, "initially_deferred", fk.InitiallyDeferred)
	setBool(b, "not_valid", fk.NotValid)
	setString(b, "comment", fk.Comment)
}
