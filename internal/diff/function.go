package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// Functions and procedures. A function is matched by its schema, name and
// identity argument types (schema.Function.IdentityArgs): an overload with
// other argument types is another function, created or dropped on its own.
type (
	// CreateFunction creates a function or procedure, with its comment.
	// Reason is "" for a function the current realm lacks; for one that
	// RecreateFunction drops first, it says why.
	CreateFunction struct {
		Function *schema.Function
		Reason   string
	}
	// DropFunction drops a function or procedure that the desired realm
	// lacks.
	DropFunction struct{ Function *schema.Function }
	// ReplaceFunction redefines a function with CREATE OR REPLACE: its
	// body, language or settings change while what PostgreSQL keeps fixed
	// under OR REPLACE (kind, result type, output arguments, the names of
	// input arguments, the presence of their defaults) stays.
	ReplaceFunction struct{ From, To *schema.Function }
	// AlterFunction changes only settings that ALTER FUNCTION sets:
	// volatility, strictness, SECURITY DEFINER, LEAKPROOF, PARALLEL, COST,
	// ROWS and SET clauses.
	AlterFunction struct{ From, To *schema.Function }
	// RecreateFunction drops function From and creates To, because
	// PostgreSQL refuses the change under CREATE OR REPLACE; Reason says
	// why. What uses the function is dropped first and made again after:
	// views and triggers by their own changes, checks and indexes that
	// call it by the table diff, and Defaults, the column defaults that
	// call it, here.
	RecreateFunction struct {
		From, To *schema.Function
		Reason   string
		// Defaults are the columns (of the desired realm, on tables that
		// exist before and after the plan) whose default calls the
		// function: DROP FUNCTION refuses while they do, so the plan drops
		// the defaults first and sets them again after.
		Defaults []*schema.Column
		// OldDefaults are columns of the current realm whose default calls
		// the function but whose desired default does not: their default is
		// dropped before the function, and the table diff sets the new one.
		OldDefaults []*schema.Column
	}
	// CommentOnFunction sets (or, when Comment is "", removes) the comment
	// of an existing function.
	CommentOnFunction struct {
		Function *schema.Function
		Comment  string
	}
)

func (*CreateFunction) change()    {}
func (*DropFunction) change()      {}
func (*ReplaceFunction) change()   {}
func (*AlterFunction) change()     {}
func (*RecreateFunction) change()  {}
func (*CommentOnFunction) change() {}

// functions compares the functions of a schema. It runs before the tables
// are compared: a function that must be dropped and created again makes
// the checks and indexes that call it be rebuilt (through replacedTypes,
// which the table diff consults) and the views that use it be recreated
// (through invalidate).
func (d *differ) functions(fs, ts *schema.Schema) {
	from := map[string]*schema.Function{}
	for _, f := range fs.Functions {
		from[functionKey(f)] = f
	}
	for _, t := range sortedFunctions(ts.Functions) {
		f, ok := from[functionKey(t)]
		if !ok {
			d.add(&CreateFunction{Function: t})
			continue
		}
		delete(from, functionKey(t))
		if reason := d.recreatedFunctions()[qualifiedFunctionKey(f)]; reason != "" {
			d.recreateFunction(f, t, reason)
			continue
		}
		switch {
		case !sameDefinition(f, t):
			d.add(&ReplaceFunction{From: f, To: t})
		case !sameSettings(f, t):
			d.add(&AlterFunction{From: f, To: t})
		}
		if f.Comment != t.Comment {
			d.add(&CommentOnFunction{Function: t, Comment: t.Comment})
		}
	}
	for _, f := range sortedFunctions(fs.Functions) {
		if _, ok := from[functionKey(f)]; ok {
			d.add(&DropFunction{Function: f})
		}
	}
}

// recreatedFunctions returns, for every function of the current realm's
// managed schemas that must be dropped and created again, the reason:
// PostgreSQL refuses its change under CREATE OR REPLACE, or its
// SQL-standard body calls such a function (DROP FUNCTION refuses while
// the caller exists), and so on up the callers.
func (d *differ) recreatedFunctions() map[string]string {
	if d.fnRecreate != nil {
		return d.fnRecreate
	}
	d.fnRecreate = map[string]string{}
	type pair struct{ from, to *schema.Function }
	var kept []pair
	for _, fs := range sorted(d.from.Schemas, schemaName) {
		ts, ok := d.to.Schema(fs.Name)
		if !d.managed[fs.Name] || !ok {
			continue
		}
		for _, f := range sortedFunctions(fs.Functions) {
			if t, ok := ts.Function(f.Name, f.IdentityArgs()); ok {
				kept = append(kept, pair{f, t})
				if r := functionRecreateReason(f, t); r != "" {
					d.fnRecreate[qualifiedFunctionKey(f)] = r
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, p := range kept {
			k := qualifiedFunctionKey(p.from)
			if d.fnRecreate[k] != "" {
				continue
			}
			for _, ref := range p.from.DependsOn {
				if ref.Kind != schema.KindFunction && ref.Kind != schema.KindProcedure {
					continue
				}
				callee := schema.QualifiedName{Schema: ref.Schema, Name: ref.Name}.String() + "(" + ref.Args + ")"
				if d.fnRecreate[callee] != "" {
					d.fnRecreate[k] = "its body calls function " + callee + ", which is dropped and created again"
					changed = true
					break
				}
			}
		}
	}
	return d.fnRecreate
}

// recreatedFunctionCalled returns the signature of a function that the
// expression text of the current realm calls and that is dropped and
// created again, or "".
func (d *differ) recreatedFunctionCalled(text string) string {
	recreated := d.recreatedFunctions()
	if len(recreated) == 0 {
		return ""
	}
	for _, s := range sorted(d.from.Schemas, schemaName) {
		for _, f := range sortedFunctions(s.Functions) {
			if recreated[qualifiedFunctionKey(f)] != "" && CallsFunction(text, f) {
				return f.Signature()
			}
		}
	}
	return ""
}

// qualifiedFunctionKey identifies a function in a realm, as a Signature.
func qualifiedFunctionKey(f *schema.Function) string {
	return schema.QualifiedName{Schema: f.Schema.Name, Name: f.Name}.String() + "(" + f.IdentityArgs() + ")"
}

// recreateFunction plans the drop and creation of a function and marks
// what uses it for rebuilding.
func (d *differ) recreateFunction(f, t *schema.Function, reason string) {
	why := string(f.Kind()) + " " + f.Signature() + " is dropped and created again: " + reason
	d.invalidate(f.Ref(), why)
	// Checks and indexes that call the function are rebuilt by the table
	// diff, as for a replaced type (the name alone, to be cautious).
	d.replacedTypes[f.Name] = true
	c := &RecreateFunction{From: f, To: t, Reason: reason}
	for _, s := range sorted(d.to.Schemas, schemaName) {
		for _, tt := range sorted(s.Tables, tableName) {
			if _, ok := d.fromTable(tt); !ok {
				continue // a new table gets its defaults when it is created
			}
			for _, col := range tt.Columns {
				if col.Default != "" && CallsFunction(string(col.Default), t) {
					c.Defaults = append(c.Defaults, col)
				}
			}
		}
	}
	for _, s := range sorted(d.from.Schemas, schemaName) {
		for _, ft := range sorted(s.Tables, tableName) {
			tt, ok := d.toTable(ft)
			if !ok {
				continue // dropped before the function is
			}
			for _, col := range ft.Columns {
				if col.Default == "" || !CallsFunction(string(col.Default), f) {
					continue
				}
				name := col.Name
				if m := d.columnRenames[ft.QualifiedName()]; m != nil && m[name] != "" {
					name = m[name]
				}
				if tc, ok := tt.Column(name); ok && tc.Default != "" && CallsFunction(string(tc.Default), t) {
					continue // in Defaults already
				}
				c.OldDefaults = append(c.OldDefaults, col)
			}
		}
	}
	d.add(c)
}

// fromTable returns the current table that desired table t is (by its
// declared rename, if any).
func (d *differ) fromTable(t *schema.Table) (*schema.Table, bool) {
	for _, fs := range d.from.Schemas {
		for _, ft := range fs.Tables {
			if d.mapTable(ft.QualifiedName()) == t.QualifiedName() {
				return ft, true
			}
		}
	}
	return nil, false
}

// toTable returns the desired table that current table t becomes.
func (d *differ) toTable(t *schema.Table) (*schema.Table, bool) {
	q := d.mapTable(t.QualifiedName())
	s, ok := d.to.Schema(q.Schema)
	if !ok {
		return nil, false
	}
	return s.Table(q.Name)
}

// CallsFunction reports whether SQL text as PostgreSQL prints it (with an
// empty search_path, so that every function outside pg_catalog is
// qualified) calls function f: its qualified name followed by "(". Package
// plan uses it too, to place the functions that defaults call.
func CallsFunction(text string, f *schema.Function) bool {
	return strings.Contains(text, f.QualifiedName().String()+"(")
}

// functionKey identifies a function within a schema.
func functionKey(f *schema.Function) string { return f.Name + "(" + f.IdentityArgs() + ")" }

// sortedFunctions returns the functions sorted by name and identity
// arguments.
func sortedFunctions(fs []*schema.Function) []*schema.Function {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b *schema.Function) int { return strings.Compare(functionKey(a), functionKey(b)) })
	return out
}

// argMode returns the mode of an argument, "IN" for the model's "".
func argMode(a *schema.FuncArg) string {
	if a.Mode == "" {
		return schema.ArgIn
	}
	return a.Mode
}

// functionRecreateReason returns why f cannot become t with CREATE OR REPLACE, or
// "". PostgreSQL refuses to change a routine's kind, its result type (and
// the row type that OUT and TABLE arguments make), the name of an input
// argument that had one, and to remove an argument's default.
func functionRecreateReason(f, t *schema.Function) string {
	if f.Procedure != t.Procedure {
		return "it becomes a " + string(t.Kind())
	}
	if f.Returns != t.Returns {
		return fmt.Sprintf("its result type changes from %s to %s", f.Returns, t.Returns)
	}
	out := func(fn *schema.Function) []string {
		var s []string
		for _, a := range fn.Args {
			if m := argMode(a); m == schema.ArgOut || m == schema.ArgInOut || m == schema.ArgTable {
				s = append(s, a.Name+" "+a.Type)
			}
		}
		return s
	}
	if !slices.Equal(out(f), out(t)) {
		return "its output arguments change from (" + strings.Join(out(f), ", ") + ") to (" + strings.Join(out(t), ", ") + ")"
	}
	in := func(fn *schema.Function) []*schema.FuncArg {
		var s []*schema.FuncArg
		for _, a := range fn.Args {
			if m := argMode(a); m != schema.ArgOut && m != schema.ArgTable {
				s = append(s, a)
			}
		}
		return s
	}
	fi, ti := in(f), in(t)
	for i := range min(len(fi), len(ti)) {
		if fi[i].Name != "" && fi[i].Name != ti[i].Name {
			return fmt.Sprintf("input argument %d is renamed from %s to %s", i+1, schema.QuoteIdent(fi[i].Name), schema.QuoteIdent(ti[i].Name))
		}
		if fi[i].Default != "" && ti[i].Default == "" {
			return fmt.Sprintf("input argument %d loses its default", i+1)
		}
	}
	return ""
}

// sameDefinition reports whether f and t have the same body, language and
// argument defaults, so that at most their settings differ.
func sameDefinition(f, t *schema.Function) bool {
	if f.Language != t.Language || f.Body != t.Body || f.SQLBody != t.SQLBody || len(f.Args) != len(t.Args) {
		return false
	}
	for i, a := range f.Args {
		b := t.Args[i]
		if a.Name != b.Name || a.Type != b.Type || argMode(a) != argMode(b) || a.Default != b.Default {
			return false
		}
	}
	return f.Window == t.Window
}

// sameSettings reports whether f and t agree on what ALTER FUNCTION sets.
func sameSettings(f, t *schema.Function) bool {
	return orDefault(f.Volatility, schema.Volatile) == orDefault(t.Volatility, schema.Volatile) &&
		f.Strict == t.Strict && f.SecurityDefiner == t.SecurityDefiner && f.Leakproof == t.Leakproof &&
		orDefault(f.Parallel, schema.ParallelUnsafe) == orDefault(t.Parallel, schema.ParallelUnsafe) &&
		equalFloat(f.Cost, t.Cost) && equalFloat(f.Rows, t.Rows) && slices.Equal(f.Config, t.Config)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return strings.ToUpper(s)
}

func equalFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
