package schema

// An ObjectKind names a kind of object that other objects can depend on, in
// the words PostgreSQL's error messages use.
type ObjectKind string

// The kinds of objects a dependency can point at.
const (
	KindSchema           ObjectKind = "schema"
	KindExtension        ObjectKind = "extension"
	KindTable            ObjectKind = "table"
	KindColumn           ObjectKind = "column"
	KindView             ObjectKind = "view"
	KindMaterializedView ObjectKind = "materialized view"
	KindFunction         ObjectKind = "function"
	KindProcedure        ObjectKind = "procedure"
	KindType             ObjectKind = "type" // enums, domains, composites and other types
	KindSequence         ObjectKind = "sequence"
	KindTrigger          ObjectKind = "trigger"
	KindPolicy           ObjectKind = "policy"
	KindRole             ObjectKind = "role"
)

// An ObjectRef names one object that another depends on.
//
// For a function or procedure, Name is its name and Args its identity
// argument types as pg_get_function_identity_arguments prints them without
// argument names ("integer, text"); for a column, Name is the relation and
// Column the column; for a trigger or a policy, Name is the table and
// Member the trigger's or policy's name.
type ObjectRef struct {
	Kind   ObjectKind
	Schema string
	Name   string
	Args   string `json:",omitempty"`
	Column string `json:",omitempty"`
	Member string `json:",omitempty"`
}

// String returns the reference as a user reads it: "view public.active_users",
// "function public.touch()", "column public.users.email".
func (o ObjectRef) String() string {
	q := QualifiedName{Schema: o.Schema, Name: o.Name}.String()
	switch o.Kind {
	case KindFunction, KindProcedure:
		return string(o.Kind) + " " + q + "(" + o.Args + ")"
	case KindColumn:
		return "column " + q + "." + QuoteIdent(o.Column)
	case KindTrigger, KindPolicy:
		return string(o.Kind) + " " + QuoteIdent(o.Member) + " on " + q
	case KindRole, KindSchema, KindExtension:
		return string(o.Kind) + " " + QuoteIdent(o.Name)
	}
	return string(o.Kind) + " " + q
}

// Relation returns the schema-qualified name the reference points at (the
// relation of a column, trigger or policy reference).
func (o ObjectRef) Relation() QualifiedName { return QualifiedName{Schema: o.Schema, Name: o.Name} }
