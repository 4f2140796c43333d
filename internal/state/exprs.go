package state

import (
	"sort"
	"strconv"

	"github.com/schemactl/schemactl/schema"
)

// This file lists the expressions PostgreSQL stores, by kind. Each kind
// registers a function that visits its expressions in a realm; Reconcile
// (proof.go) compares the two sides of a diff through them. A new kind of
// object with expressions (a view's query, a function's SQL body) plugs in
// by registering its own visitor, with the object that owns each
// expression, so that a probe knows what to create.

// An exprSite is one expression stored in a realm.
type exprSite struct {
	// key names the place of the expression, the same on both sides of a
	// diff: its owner and where in it, e.g. "public.users\x00check users_status_check".
	key string
	// text is the expression; Reconcile rewrites it when it proves two
	// spellings the same.
	text *string
	// owner is the object a probe must create to hold the expression: a
	// table (KindTable) or a view (KindView). Other kinds (domains) are
	// always part of a probe.
	owner schema.ObjectRef
}

// An exprKind visits the expressions of one kind of object in r.
type exprKind func(r *schema.Realm, visit func(exprSite))

// exprKinds are the registered kinds, visited in order.
var exprKinds []exprKind

// registerExprs adds a kind of expression that Reconcile compares.
func registerExprs(k exprKind) { exprKinds = append(exprKinds, k) }

func init() {
	registerExprs(tableExprs)
	registerExprs(domainExprs)
	registerExprs(viewExprs)
}

// expr returns the text of e as a *string for an exprSite; Expr is a
// string type, so this is the same memory.
func expr(e *schema.Expr) *string { return (*string)(e) }

// tableExprs visits the expressions of tables: checks, column defaults and
// generation expressions, index and exclusion constraint elements and
// predicates, partition key expressions, and policies.
func tableExprs(r *schema.Realm, visit func(exprSite)) {
	for _, s := range r.Schemas {
		for _, t := range s.Tables {
			q := t.QualifiedName()
			owner := schema.ObjectRef{Kind: schema.KindTable, Schema: q.Schema, Name: q.Name}
			prefix := q.String() + "\x00"
			at := func(place string, e *schema.Expr) {
				if *e != "" {
					visit(exprSite{key: prefix + place, text: expr(e), owner: owner})
				}
			}
			for _, c := range t.Columns {
				at("column "+c.Name+" default", &c.Default)
				at("column "+c.Name+" generated", &c.Generated)
			}
			for _, c := range t.Checks {
				at("check "+c.Name, &c.Expr)
			}
			for _, i := range t.Indexes {
				for n, p := range i.Parts {
					at("index "+i.Name+" part "+strconv.Itoa(n), &p.Expr)
				}
				at("index "+i.Name+" predicate", &i.Predicate)
			}
			for _, x := range t.Excludes {
				for n, e := range x.Elements {
					at("exclude "+x.Name+" element "+strconv.Itoa(n), &e.Expr)
				}
				at("exclude "+x.Name+" predicate", &x.Predicate)
			}
			if k := t.PartitionKey; k != nil {
				for n, p := range k.Parts {
					at("partition key part "+strconv.Itoa(n), &p.Expr)
				}
			}
			for _, p := range t.Policies {
				at("policy "+p.Name+" using", &p.Using)
				at("policy "+p.Name+" with check", &p.WithCheck)
			}
		}
	}
}

// domainExprs visits the defaults and checks of domains.
func domainExprs(r *schema.Realm, visit func(exprSite)) {
	for _, s := range r.Schemas {
		for _, d := range s.Domains {
			prefix := schema.QualifiedName{Schema: s.Name, Name: d.Name}.String() + "\x00domain "
			owner := schema.ObjectRef{Kind: schema.KindType, Schema: s.Name, Name: d.Name}
			if d.Default != "" {
				visit(exprSite{key: prefix + "default", text: expr(&d.Default), owner: owner})
			}
			for _, c := range d.Checks {
				if c.Expr != "" {
					visit(exprSite{key: prefix + "check " + c.Name, text: expr(&c.Expr), owner: owner})
				}
			}
		}
	}
}

// viewExprs visits the queries of views and materialized views and the
// expressions of a materialized view's indexes. A probe creates the view
// with the tables its query uses (View.DependsOn).
func viewExprs(r *schema.Realm, visit func(exprSite)) {
	for _, s := range r.Schemas {
		for _, v := range s.Views {
			owner := schema.ObjectRef{Kind: schema.KindView, Schema: s.Name, Name: v.Name}
			prefix := schema.QualifiedName{Schema: s.Name, Name: v.Name}.String() + "\x00view "
			if v.Query != "" {
				visit(exprSite{key: prefix + "query", text: &v.Query, owner: owner})
			}
			for _, i := range v.Indexes {
				for n, p := range i.Parts {
					if p.Expr != "" {
						visit(exprSite{key: prefix + "index " + i.Name + " part " + strconv.Itoa(n), text: expr(&p.Expr), owner: owner})
					}
				}
				if i.Predicate != "" {
					visit(exprSite{key: prefix + "index " + i.Name + " predicate", text: expr(&i.Predicate), owner: owner})
				}
			}
		}
	}
}

// sites returns the expressions of r by key.
func sites(r *schema.Realm) map[string]exprSite {
	m := map[string]exprSite{}
	for _, k := range exprKinds {
		k(r, func(s exprSite) { m[s.key] = s })
	}
	return m
}

// An exprPair is an expression at the same place on both sides of a diff,
// spelled differently.
type exprPair struct {
	key              string
	current, desired exprSite
}

// differingExprs lists the expressions at the same place in current and
// desired whose texts differ, by key. An expression on one side only is a
// change of its own that no spelling can hide, and is left out.
func differingExprs(current, desired *schema.Realm) []exprPair {
	want := sites(desired)
	var pairs []exprPair
	for _, k := range exprKinds {
		k(current, func(c exprSite) {
			if d, ok := want[c.key]; ok && *d.text != *c.text {
				pairs = append(pairs, exprPair{key: c.key, current: c, desired: d})
			}
		})
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].key < pairs[j].key })
	return pairs
}
