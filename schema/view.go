package schema

import "github.com/hashicorp/hcl/v2"

// View check options (WITH ... CHECK OPTION) as PostgreSQL spells them.
const (
	CheckOptionLocal    = "LOCAL"
	CheckOptionCascaded = "CASCADED"
)

// A View is a view or a materialized view.
//
// Query is the view's SELECT as pg_get_viewdef prints it on a database (so
// that two canonical realms compare equal); before a dev database made it
// canonical it is the text the user wrote. Columns keep the view's column
// order, which PostgreSQL fixes at creation: CREATE OR REPLACE VIEW may
// only append columns.
type View struct {
	Schema       *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name         string
	Materialized bool
	Columns      []*ViewColumn
	Query        string
	// CheckOption is CheckOptionLocal or CheckOptionCascaded for WITH ...
	// CHECK OPTION, "" for none. Views only.
	CheckOption     string
	SecurityBarrier bool // views only
	SecurityInvoker bool // views only, PostgreSQL >= 15
	// WithNoData reports a materialized view created WITH NO DATA (not
	// populated: relispopulated is false).
	WithNoData bool
	// StorageParams are the WITH (...) parameters of a materialized view.
	StorageParams []StorageParam
	// Indexes are a materialized view's indexes (a unique one allows
	// REFRESH MATERIALIZED VIEW CONCURRENTLY).
	Indexes []*Index
	// Triggers are INSTEAD OF (and statement) triggers on a view.
	Triggers []*Trigger
	// DependsOn lists the objects the view's query uses, from pg_depend
	// and pg_rewrite on a database (nil before canonicalisation).
	DependsOn   []ObjectRef
	Comment     string
	RenamedFrom string // previous name declared with renamed_from in HCL; "" otherwise
	DeclRange   hcl.Range
}

// A ViewColumn is an output column of a view.
type ViewColumn struct {
	Name      string
	Type      string // format_type() spelling, as inspected; "" before canonicalisation
	Comment   string
	DeclRange hcl.Range
}

// QualifiedName returns the view's schema-qualified name.
func (v *View) QualifiedName() QualifiedName { return QualifiedName{v.Schema.Name, v.Name} }

// Kind returns KindView or KindMaterializedView.
func (v *View) Kind() ObjectKind {
	if v.Materialized {
		return KindMaterializedView
	}
	return KindView
}

// Ref returns a reference to the view.
func (v *View) Ref() ObjectRef { return ObjectRef{Kind: v.Kind(), Schema: v.Schema.Name, Name: v.Name} }

// View returns the view or materialized view with the given name.
func (s *Schema) View(name string) (*View, bool) { return find(s.Views, name, viewName) }

func viewName(v *View) string { return v.Name }
