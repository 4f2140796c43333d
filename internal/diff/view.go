package diff

import (
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// Views and materialized views.
type (
	// CreateView creates a view or a materialized view, with a
	// materialized view's indexes and every comment.
	CreateView struct{ View *schema.View }
	// DropView drops a view or a materialized view that the desired realm
	// lacks.
	DropView struct{ View *schema.View }
	// ReplaceView changes the query or options of a view with CREATE OR
	// REPLACE VIEW: To keeps every column of From (same names, types and
	// order) and may append columns, which is all PostgreSQL allows.
	ReplaceView struct{ From, To *schema.View }
	// RecreateView drops view From and creates To, because PostgreSQL
	// cannot change it in place (Reason says why: its columns change, its
	// query changes and it is materialized, or something it uses is
	// dropped or changes type). A materialized view's data is rebuilt.
	RecreateView struct {
		From, To *schema.View
		Reason   string
	}
	// AlterView changes what a view keeps apart from its query: its options
	// (From and To tell which), the indexes of a materialized view
	// (CreateIndex and DropIndex in Changes, whose Index.Table is nil: the
	// view is To) and comments (CommentOn in Changes).
	AlterView struct {
		From, To *schema.View
		Changes  []Change
	}
	// RefreshMaterializedView fills a materialized view that exists WITH NO
	// DATA while the desired realm has it populated.
	RefreshMaterializedView struct{ View *schema.View }
	// RenameView renames a view or a materialized view as declared by
	// To.RenamedFrom (ALTER [MATERIALIZED] VIEW ... RENAME TO). The other
	// changes of the view name it by its new name.
	RenameView struct{ From, To *schema.View }
)

func (*CreateView) change()              {}
func (*DropView) change()                {}
func (*ReplaceView) change()             {}
func (*RecreateView) change()            {}
func (*AlterView) change()               {}
func (*RefreshMaterializedView) change() {}
func (*RenameView) change()              {}

// views compares the views of every managed schema, paired by name or by
// a declared rename. It runs after the
// tables are compared, since a view must be recreated when a column it
// uses is dropped or changes type, or a table it uses is dropped, which
// PostgreSQL refuses while the view exists. d.invalidated may name more
// objects whose dependants must be recreated (see invalidate).
func (d *differ) views() error {
	d.invalidateFromChanges()
	from := map[schema.QualifiedName]*schema.View{}
	var fromList, toList []*schema.View
	for _, s := range sorted(d.from.Schemas, schemaName) {
		if !d.managed[s.Name] {
			continue
		}
		for _, v := range sorted(s.Views, viewName) {
			from[v.QualifiedName()] = v
			fromList = append(fromList, v)
		}
	}
	to := map[schema.QualifiedName]*schema.View{}
	for _, s := range sorted(d.to.Schemas, schemaName) {
		for _, v := range sorted(s.Views, viewName) {
			to[v.QualifiedName()] = v
			toList = append(toList, v)
		}
	}
	// A declared rename pairs the current view under its desired name.
	renamed, err := d.matchViewRenames(from, to, toList)
	if err != nil {
		return err
	}
	renamedFrom := make(map[*schema.View]*schema.View, len(renamed))
	for f, t := range renamed {
		renamedFrom[t] = f
	}
	// to of a current view: by name, or by the rename that pairs it.
	toOf := func(f *schema.View) *schema.View {
		if t, ok := renamed[f]; ok {
			return t
		}
		return to[f.QualifiedName()]
	}

	// What must be dropped: views the desired realm lacks, and views that
	// cannot be changed in place, whose own dependants must then go too.
	reasons := map[schema.QualifiedName]string{}
	for _, f := range fromList {
		t := toOf(f)
		switch {
		case t == nil:
			d.invalidate(f.Ref(), "view "+f.QualifiedName().String()+" is dropped")
		default:
			if r := recreateReason(f, t); r != "" {
				reasons[f.QualifiedName()] = r
				d.invalidate(f.Ref(), string(f.Kind())+" "+f.QualifiedName().String()+" is recreated")
			}
		}
	}
	// Propagate: a view that uses an invalidated object is recreated, and
	// so are the views that use it, until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, f := range fromList {
			q := f.QualifiedName()
			if _, ok := reasons[q]; ok || toOf(f) == nil {
				continue
			}
			if r := d.usesInvalidated(f); r != "" {
				reasons[q] = r
				d.invalidate(f.Ref(), string(f.Kind())+" "+q.String()+" is recreated")
				changed = true
			}
		}
	}

	for _, t := range toList {
		f := from[t.QualifiedName()]
		if rf, ok := renamedFrom[t]; ok {
			f = rf
		}
		switch {
		case f == nil:
			d.add(&CreateView{View: t})
		case reasons[f.QualifiedName()] != "":
			// Dropped under its current name, created under the new one.
			d.add(&RecreateView{From: f, To: t, Reason: reasons[f.QualifiedName()]})
		default:
			if f.Name != t.Name {
				d.add(&RenameView{From: f, To: t})
			}
			same := sameViewBody(f, t)
			if !same {
				// CREATE OR REPLACE VIEW writes the options too.
				d.add(&ReplaceView{From: f, To: t})
			}
			if cs := d.viewChanges(f, t); len(cs) > 0 || (same && !viewOptionsEqual(f, t)) {
				d.add(&AlterView{From: f, To: t, Changes: cs})
			}
			if f.Materialized && f.WithNoData && !t.WithNoData {
				d.add(&RefreshMaterializedView{View: t})
			}
		}
	}
	for _, f := range fromList {
		if toOf(f) == nil {
			d.add(&DropView{View: f})
		}
	}
	return nil
}

// matchViewRenames pairs each desired view declared renamed_from a current
// view of its schema that the desired realm does not keep under its own
// name. The renames are recorded with the table renames (relation names
// are one namespace), so that triggers and grants on the view follow it.
func (d *differ) matchViewRenames(from, to map[schema.QualifiedName]*schema.View, toList []*schema.View) (map[*schema.View]*schema.View, error) {
	out := map[*schema.View]*schema.View{}
	for _, t := range toList {
		q := t.QualifiedName()
		if t.RenamedFrom == "" || from[q] != nil {
			continue
		}
		old := schema.QualifiedName{Schema: q.Schema, Name: t.RenamedFrom}
		if to[old] != nil {
			return nil, errorf("%s %s is declared renamed from %s, which is declared too", t.Kind(), q, old)
		}
		f := from[old]
		if f == nil {
			continue // nothing to rename: the view is created
		}
		if _, dup := out[f]; dup {
			return nil, errorf("two views are declared renamed from %s", old)
		}
		out[f] = t
		d.tableRenames[old] = q
	}
	return out, nil
}

// invalidate records that the object ref is dropped or recreated, for the
// reason given: the views that use it are recreated. The functions
// engineer's code may call it (a function whose signature or result type
// changes) before views runs.
func (d *differ) invalidate(ref schema.ObjectRef, reason string) {
	if d.invalidated == nil {
		d.invalidated = map[string]string{}
	}
	k := invalidKey(ref)
	if _, ok := d.invalidated[k]; !ok {
		d.invalidated[k] = reason
	}
}

// invalidKey is the key of a reference in d.invalidated: a column, or a
// relation (tables and views alike, since a column reference does not say
// which), or a function by name and arguments.
func invalidKey(r schema.ObjectRef) string {
	switch r.Kind {
	case schema.KindColumn:
		return "column " + r.Relation().String() + "." + schema.QuoteIdent(r.Column)
	case schema.KindTable, schema.KindView, schema.KindMaterializedView:
		return "relation " + r.Relation().String()
	}
	return r.String()
}

// usesInvalidated returns why view f, of the current realm, must be
// recreated because of what it uses, or "".
func (d *differ) usesInvalidated(f *schema.View) string {
	for _, ref := range f.DependsOn {
		if r, ok := d.invalidated[invalidKey(ref)]; ok {
			return r
		}
		if ref.Kind == schema.KindColumn {
			// A column of a view (or table) that is recreated or dropped.
			rel := schema.ObjectRef{Kind: schema.KindTable, Schema: ref.Schema, Name: ref.Name}
			if r, ok := d.invalidated[invalidKey(rel)]; ok {
				return r
			}
		}
	}
	return ""
}

// invalidateFromChanges records the table changes PostgreSQL refuses while
// a view uses what they change: dropped tables, dropped columns, and
// columns whose type or collation changes (also through a replaced enum or
// domain).
func (d *differ) invalidateFromChanges() {
	col := func(c *schema.Column, why string) {
		q := c.Table.QualifiedName()
		d.invalidate(schema.ObjectRef{Kind: schema.KindColumn, Schema: q.Schema, Name: q.Name, Column: c.Name},
			"column "+q.String()+"."+schema.QuoteIdent(c.Name)+" "+why)
	}
	for _, c := range d.changes {
		switch c := c.(type) {
		case *DropTable:
			q := c.Table.QualifiedName()
			d.invalidate(schema.ObjectRef{Kind: schema.KindTable, Schema: q.Schema, Name: q.Name}, "table "+q.String()+" is dropped")
		case *AlterTable:
			for _, sc := range c.Changes {
				switch sc := sc.(type) {
				case *DropColumn:
					col(sc.Column, "is dropped")
				case *AlterColumn:
					if sc.What&(ChangeType|ChangeCollation) != 0 && sc.From.Table != nil {
						col(sc.From, "changes type")
					}
				}
			}
		case *ReplaceEnum:
			for _, u := range c.Columns {
				if u.From != nil && u.From.Table != nil {
					col(u.From, "changes type (enum "+c.From.QualifiedName().String()+" is replaced)")
				}
			}
		case *ReplaceDomain:
			for _, u := range c.Columns {
				if u.From != nil && u.From.Table != nil {
					col(u.From, "changes type (domain "+c.From.QualifiedName().String()+" is replaced)")
				}
			}
		}
	}
}

// recreateReason says why view f must be dropped and created again to
// become t, or returns "" when CREATE OR REPLACE VIEW or ALTER suffices.
func recreateReason(f, t *schema.View) string {
	q := t.QualifiedName().String()
	switch {
	case f.Materialized != t.Materialized && t.Materialized:
		return "view " + q + " becomes a materialized view"
	case f.Materialized != t.Materialized:
		return "materialized view " + q + " becomes a view"
	case t.Materialized && !sameViewBody(f, t):
		return "the query of materialized view " + q + " changes (its data is rebuilt)"
	case !t.Materialized:
		if why := columnsKept(f.Columns, t.Columns); why != "" {
			return why + ", which CREATE OR REPLACE VIEW cannot do"
		}
	}
	return ""
}

// columnsKept returns "" when the columns of to keep every column of from
// in place (name and type) and only append others; otherwise what breaks
// that rule.
func columnsKept(from, to []*schema.ViewColumn) string {
	if len(to) < len(from) {
		return "columns are removed"
	}
	for i, f := range from {
		t := to[i]
		switch {
		case f.Name != t.Name:
			return "column " + schema.QuoteIdent(f.Name) + " is renamed, moved or removed"
		case f.Type != "" && t.Type != "" && f.Type != t.Type:
			return "column " + schema.QuoteIdent(f.Name) + " changes type from " + f.Type + " to " + t.Type
		}
	}
	return ""
}

// sameViewBody reports whether two views have the same query and columns.
// Types are compared only when both sides know them (a view decoded from
// HCL without a dev database has none).
func sameViewBody(f, t *schema.View) bool {
	if strings.TrimSpace(f.Query) != strings.TrimSpace(t.Query) || len(f.Columns) != len(t.Columns) {
		return false
	}
	for i, fc := range f.Columns {
		tc := t.Columns[i]
		if fc.Name != tc.Name || (fc.Type != "" && tc.Type != "" && fc.Type != tc.Type) {
			return false
		}
	}
	return true
}

// viewOptionsEqual compares the options of two views of one kind.
func viewOptionsEqual(f, t *schema.View) bool {
	return f.CheckOption == t.CheckOption && f.SecurityBarrier == t.SecurityBarrier &&
		f.SecurityInvoker == t.SecurityInvoker && slices.Equal(f.StorageParams, t.StorageParams)
}

// viewChanges compares the comments and the indexes of two views that are
// kept.
func (d *differ) viewChanges(f, t *schema.View) []Change {
	var cs []Change
	q := t.QualifiedName()
	if f.Comment != t.Comment {
		cs = append(cs, &CommentOn{Object: Object{Kind: viewKind(t), Name: q}, Comment: t.Comment})
	}
	fromCols := map[string]*schema.ViewColumn{}
	for _, c := range f.Columns {
		fromCols[c.Name] = c
	}
	for _, c := range t.Columns {
		old := fromCols[c.Name]
		was := ""
		if old != nil {
			was = old.Comment
		}
		if c.Comment != was && (old != nil || c.Comment != "") {
			cs = append(cs, &CommentOn{Object: Object{Kind: KindColumn, Name: q, Member: c.Name}, Comment: c.Comment})
		}
	}
	fromIdx := map[string]*schema.Index{}
	for _, i := range f.Indexes {
		fromIdx[i.Name] = i
	}
	toIdx := map[string]bool{}
	for _, i := range sorted(t.Indexes, indexName) {
		toIdx[i.Name] = true
		old := fromIdx[i.Name]
		switch {
		case old == nil:
			cs = append(cs, &CreateIndex{Index: i})
		case !d.equalIndex(q, old, i):
			cs = append(cs, &DropIndex{Index: old}, &CreateIndex{Index: i})
		case old.Comment != i.Comment:
			cs = append(cs, &CommentOn{Object: Object{Kind: KindIndex, Name: qualified(t.Schema, i.Name)}, Comment: i.Comment})
		}
	}
	for _, i := range sorted(f.Indexes, indexName) {
		if !toIdx[i.Name] {
			cs = append(cs, &DropIndex{Index: i})
		}
	}
	return cs
}

// viewKind is the comment object kind of a view.
func viewKind(v *schema.View) ObjectKind {
	if v.Materialized {
		return KindMaterializedView
	}
	return KindView
}

func viewName(v *schema.View) string { return v.Name }
