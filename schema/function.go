package schema

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Function volatility and parallel safety as PostgreSQL spells them.
const (
	Volatile  = "VOLATILE"
	Stable    = "STABLE"
	Immutable = "IMMUTABLE"

	ParallelUnsafe     = "UNSAFE"
	ParallelRestricted = "RESTRICTED"
	ParallelSafe       = "SAFE"
)

// Argument modes.
const (
	ArgIn       = "IN"
	ArgOut      = "OUT"
	ArgInOut    = "INOUT"
	ArgVariadic = "VARIADIC"
	ArgTable    = "TABLE" // a column of RETURNS TABLE (...)
)

// A Function is a function or a procedure. Its identity is its schema, its
// name and the types of its input arguments: overloads are distinct
// functions.
type Function struct {
	Schema    *Schema `json:"-"` // back-reference, set by (*Realm).Link
	Name      string
	Procedure bool
	Args      []*FuncArg
	// Returns is the result type as pg_get_function_result prints it:
	// "integer", "SETOF public.users", "trigger",
	// "TABLE(id integer, name text)". "" for a procedure.
	Returns  string
	Language string // "sql", "plpgsql", ...
	// Body is the function's source (prosrc) for every language, except
	// SQL-standard bodies (BEGIN ATOMIC ... END, RETURN expr), which are
	// kept in SQLBody as pg_get_function_sqlbody prints them.
	Body            string
	SQLBody         string
	Volatility      string // Volatile unless set
	Strict          bool   // RETURNS NULL ON NULL INPUT
	SecurityDefiner bool
	Leakproof       bool
	Parallel        string   // ParallelUnsafe unless set
	Cost            *float64 // nil for the default (1 for C and internal, 100 otherwise)
	Rows            *float64 // nil for the default (1000 for set-returning functions)
	Window          bool
	// Config holds the SET clauses: search_path above all.
	Config []ConfigParam
	// DependsOn lists the objects the function uses (types, and for
	// SQL-standard bodies the tables and functions they name), from
	// pg_depend on a database.
	DependsOn []ObjectRef
	Comment   string
	DeclRange hcl.Range
}

// A ConfigParam is one SET name = value clause of a function.
type ConfigParam struct {
	Name  string
	Value string // as pg_proc.proconfig stores it
}

// A FuncArg is one argument of a function.
type FuncArg struct {
	Name      string // "" for an unnamed argument
	Type      string // format_type() spelling
	Mode      string // ArgIn unless set
	Default   Expr
	DeclRange hcl.Range
}

// QualifiedName returns the function's schema-qualified name.
func (f *Function) QualifiedName() QualifiedName { return QualifiedName{f.Schema.Name, f.Name} }

// IdentityArgs returns the types of the arguments that identify the
// function, as pg_get_function_identity_arguments lists them without names
// and modes: "integer, text". OUT and TABLE arguments are not part of it.
func (f *Function) IdentityArgs() string {
	var types []string
	for _, a := range f.Args {
		switch a.Mode {
		case ArgOut, ArgTable:
			continue
		case ArgVariadic:
			types = append(types, "VARIADIC "+a.Type)
			continue
		}
		types = append(types, a.Type)
	}
	return strings.Join(types, ", ")
}

// Signature returns the function's name and identity arguments, as
// PostgreSQL prints a regprocedure: public.touch(), public.add(integer, integer).
func (f *Function) Signature() string {
	return f.QualifiedName().String() + "(" + f.IdentityArgs() + ")"
}

// Kind returns KindFunction or KindProcedure.
func (f *Function) Kind() ObjectKind {
	if f.Procedure {
		return KindProcedure
	}
	return KindFunction
}

// Ref returns a reference to the function.
func (f *Function) Ref() ObjectRef {
	return ObjectRef{Kind: f.Kind(), Schema: f.Schema.Name, Name: f.Name, Args: f.IdentityArgs()}
}

// Function returns the function or procedure with the given name and
// identity arguments (see IdentityArgs).
func (s *Schema) Function(name, args string) (*Function, bool) {
	for _, f := range s.Functions {
		if f.Name == name && f.IdentityArgs() == args {
			return f, true
		}
	}
	return nil, false
}
