package state

import (
	"sort"
	"strconv"

	"github.com/schemactl/schemactl/schema"
)

// This file lists the expressions PostgreSQL stores, by kind of object.
// Each kind registers the objects of a realm that hold such expressions
// and the expressions of one object; Reconcile (proof.go) compares the two
// sides of a diff through them. A new kind of object with expressions (a
// function's SQL body) plugs in by registering itself here; the probe
// (probeRealm) creates tables and views, and keeps every type and
// function.

// An exprPlace says where in its owner an expression is: what holds it
// (a column's default, a check), that thing's name and, for a list, the
// position in it. Its fields refer to the model's own strings, so that
// walking an unchanged schema allocates nothing per expression.
type exprPlace struct {
	what string // "default", "generated", "check", "index part", ...
	name string // the column, constraint, index or policy; "" for the owner itself
	n    int    // the position in a list (index parts), 0 otherwise
}

// An exprKind is a kind of object that holds expressions.
type exprKind struct {
	// owners calls f with each object of r that holds expressions of this
	// kind, named by ref, which is the same for the same object on both
	// sides of a diff and tells a probe what to create (a table, a view;
	// a domain is always part of a probe).
	owners func(r *schema.Realm, f func(ref schema.ObjectRef, obj any))
	// exprs calls f with each non-empty expression of obj.
	exprs func(obj any, f func(place exprPlace, text *string))
}

// exprKinds are the registered kinds.
var exprKinds []exprKind

// registerExprs adds a kind of object whose expressions Reconcile compares:
// owners lists the objects of a realm, exprs the expressions of one.
func registerExprs[T any](owners func(r *schema.Realm, f func(schema.ObjectRef, T)), exprs func(obj T, f func(exprPlace, *string))) {
	exprKinds = append(exprKinds, exprKind{
		owners: func(r *schema.Realm, f func(schema.ObjectRef, any)) {
			owners(r, func(ref schema.ObjectRef, obj T) { f(ref, obj) })
		},
		exprs: func(obj any, f func(exprPlace, *string)) { exprs(obj.(T), f) },
	})
}

func init() {
	registerExprs(tableOwners, tableExprs)
	registerExprs(domainOwners, domainExprs)
	registerExprs(viewOwners, viewExprs)
}

// expr returns e as a *string, for f, when it is not empty; Expr is a
// string type, so this is the same memory.
func expr(f func(exprPlace, *string), place exprPlace, e *schema.Expr) {
	if *e != "" {
		f(place, (*string)(e))
	}
}

func tableOwners(r *schema.Realm, f func(schema.ObjectRef, *schema.Table)) {
	for _, s := range r.Schemas {
		for _, t := range s.Tables {
			f(schema.ObjectRef{Kind: schema.KindTable, Schema: s.Name, Name: t.Name}, t)
		}
	}
}

// tableExprs visits the expressions of a table: column defaults and
// generation expressions, checks, index and exclusion constraint elements
// and predicates, partition key expressions, and policies.
func tableExprs(t *schema.Table, f func(exprPlace, *string)) {
	for _, c := range t.Columns {
		expr(f, exprPlace{"default", c.Name, 0}, &c.Default)
		expr(f, exprPlace{"generated", c.Name, 0}, &c.Generated)
	}
	for _, c := range t.Checks {
		expr(f, exprPlace{"check", c.Name, 0}, &c.Expr)
	}
	for _, i := range t.Indexes {
		for n, p := range i.Parts {
			expr(f, exprPlace{"index part", i.Name, n}, &p.Expr)
		}
		expr(f, exprPlace{"index predicate", i.Name, 0}, &i.Predicate)
	}
	for _, x := range t.Excludes {
		for n, e := range x.Elements {
			expr(f, exprPlace{"exclude element", x.Name, n}, &e.Expr)
		}
		expr(f, exprPlace{"exclude predicate", x.Name, 0}, &x.Predicate)
	}
	if k := t.PartitionKey; k != nil {
		for n, p := range k.Parts {
			expr(f, exprPlace{"partition key part", "", n}, &p.Expr)
		}
	}
	for _, p := range t.Policies {
		expr(f, exprPlace{"policy using", p.Name, 0}, &p.Using)
		expr(f, exprPlace{"policy with check", p.Name, 0}, &p.WithCheck)
	}
}

func domainOwners(r *schema.Realm, f func(schema.ObjectRef, *schema.Domain)) {
	for _, s := range r.Schemas {
		for _, d := range s.Domains {
			f(schema.ObjectRef{Kind: schema.KindType, Schema: s.Name, Name: d.Name}, d)
		}
	}
}

// domainExprs visits the default and checks of a domain.
func domainExprs(d *schema.Domain, f func(exprPlace, *string)) {
	expr(f, exprPlace{"default", "", 0}, &d.Default)
	for _, c := range d.Checks {
		expr(f, exprPlace{"check", c.Name, 0}, &c.Expr)
	}
}

func viewOwners(r *schema.Realm, f func(schema.ObjectRef, *schema.View)) {
	for _, s := range r.Schemas {
		for _, v := range s.Views {
			f(v.Ref(), v)
		}
	}
}

// viewExprs visits the query of a view or materialized view and the
// expressions of a materialized view's indexes. A probe creates the view
// with the tables its query uses (View.DependsOn).
func viewExprs(v *schema.View, f func(exprPlace, *string)) {
	if v.Query != "" {
		f(exprPlace{"query", "", 0}, &v.Query)
	}
	for _, i := range v.Indexes {
		for n, p := range i.Parts {
			expr(f, exprPlace{"index part", i.Name, n}, &p.Expr)
		}
		expr(f, exprPlace{"index predicate", i.Name, 0}, &i.Predicate)
	}
}

// An exprKey names an expression in a realm, the same on both sides of a
// diff.
type exprKey struct {
	owner schema.ObjectRef
	place exprPlace
}

// String returns the key as a cache key and a message show it.
func (k exprKey) String() string {
	s := k.owner.String() + ": " + k.place.what
	if k.place.name != "" {
		s += " " + k.place.name
	}
	return s + " " + strconv.Itoa(k.place.n)
}

// An exprPair is an expression at the same place on both sides of a diff,
// spelled differently.
type exprPair struct {
	key              exprKey
	current, desired *string
}

// differingExprs lists the expressions at the same place in current and
// desired whose texts differ. An expression on one side only is a change
// of its own that no spelling can hide, and is left out. Only the objects
// are put in maps: the expressions of two objects are compared in place.
func differingExprs(current, desired *schema.Realm) []exprPair {
	var pairs []exprPair
	type placed struct {
		place exprPlace
		text  *string
	}
	var cur, des []placed
	// Made once, not per object: a closure that captures cur escapes.
	addCur := func(p exprPlace, text *string) { cur = append(cur, placed{p, text}) }
	addDes := func(p exprPlace, text *string) { des = append(des, placed{p, text}) }
	for _, k := range exprKinds {
		want := map[schema.ObjectRef]any{}
		k.owners(desired, func(ref schema.ObjectRef, obj any) { want[ref] = obj })
		k.owners(current, func(ref schema.ObjectRef, obj any) {
			d, ok := want[ref]
			if !ok {
				return
			}
			cur, des = cur[:0], des[:0]
			k.exprs(obj, addCur)
			k.exprs(d, addDes)
			for i, c := range cur {
				// Both sides list an object's expressions in the same
				// order, so the same index is almost always the match.
				j := i
				if j >= len(des) || des[j].place != c.place {
					for j = 0; j < len(des) && des[j].place != c.place; j++ {
					}
					if j == len(des) {
						continue
					}
				}
				if *des[j].text != *c.text {
					pairs = append(pairs, exprPair{key: exprKey{ref, c.place}, current: c.text, desired: des[j].text})
				}
			}
		})
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].key.String() < pairs[j].key.String() })
	return pairs
}

// sites returns the expressions of r by key (r is a probe: small).
func sites(r *schema.Realm) map[exprKey]*string {
	m := map[exprKey]*string{}
	for _, k := range exprKinds {
		k.owners(r, func(ref schema.ObjectRef, obj any) {
			k.exprs(obj, func(p exprPlace, text *string) { m[exprKey{ref, p}] = text })
		})
	}
	return m
}
