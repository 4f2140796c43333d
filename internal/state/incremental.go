package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// This file makes the first diff after an edit of schema.hcl fast on a
// large schema. Canonicalising a desired state means creating all of it in
// a scratch database, which takes seconds for thousands of tables; an edit
// changes a few. So the loader keeps, per set of HCL files, the dump of
// each table as last declared and the canonical realm it gave, and when
// only tables changed, it creates just those (with the tables they need)
// and takes every other table from the last canonical realm. Anything it
// cannot vouch for (a changed type, schema, extension or sequence, a
// failure of the partial run) falls back to canonicalising everything.

// A lastEntry is what the loader keeps of the last canonicalisation of a
// set of HCL files.
type lastEntry struct {
	Tables      map[string]string // the dump part of each table, by qualified name
	Rest        string            // the rest of the dump: schemas, extensions, types, sequences
	Canonical   *schema.Realm     // the canonical realm, without declared renames
	Unsupported []inspect.Unsupported
}

// hclState canonicalises decl, the realm decoded from files, whose dump is
// script, with origins as DumpOrigins gave them: when the same files were
// canonicalised before, from that canonical form, creating only the tables
// that changed (none when only what the dump does not show changed); else
// in full. The last canonicalisation of the files serves as their
// SQL-level cache.
func (l *Loader) hclState(ctx context.Context, files []string, decl *schema.Realm, script apply.Script, origins []plan.Origin, schemas []string) (*State, error) {
	parts, rest := plan.DumpParts(script.SQL, origins)
	lastKey, err := l.lastKey(ctx, files)
	if err != nil {
		return nil, err
	}
	var st *State
	if last, ok := l.loadLast(lastKey); ok && last.Rest == rest {
		// Any failure here is one of the shortcut, not of the schema: the
		// full run below reports the schema's own errors.
		st, _ = l.incremental(ctx, decl, parts, schemas, last)
	}
	if st == nil {
		if st, err = l.canonicalise(ctx, []apply.Script{script}, schemas); err != nil {
			return nil, err
		}
	}
	l.write(lastKey, lastEntry{Tables: byName(parts), Rest: rest, Canonical: st.Realm, Unsupported: st.Unsupported})
	return st, nil
}

// errFull says that the shortcut does not apply.
var errFull = errors.New("canonicalise everything")

// incremental canonicalises the tables of decl whose dump part differs
// from last's, and the tables that depend on them, and takes the others
// from last.Canonical.
func (l *Loader) incremental(ctx context.Context, decl *schema.Realm, parts map[schema.QualifiedName]string, schemas []string, last *lastEntry) (*State, error) {
	changed := map[schema.QualifiedName]bool{}
	for q, sql := range parts {
		if last.Tables[q.String()] != sql {
			changed[q] = true
		}
	}
	dropped := map[string]bool{}
	for name := range last.Tables {
		dropped[name] = true
	}
	for q := range parts {
		delete(dropped, q.String())
	}
	if len(changed) == 0 && len(dropped) == 0 {
		// Only what the dump does not show changed (positions, renames).
		return &State{Realm: last.Canonical, Unsupported: last.Unsupported, Cached: true}, nil
	}
	tables := allTables(decl)
	names := tableNames(tables)
	// A table that refers to a changed or dropped one is created again
	// too, so that PostgreSQL checks the reference. Its own definition
	// did not change, so the tables that refer to it need no check: the
	// reference is not followed further, or a chain of foreign keys would
	// take in the whole schema.
	edited := maps.Clone(changed)
	for _, t := range tables {
		if q := t.QualifiedName(); !changed[q] && references(t, names, func(r schema.QualifiedName) bool { return edited[r] || dropped[r.String()] }) {
			changed[q] = true
		}
	}
	// The partitions of a changed table, and the tables that inherit from
	// it, take their columns and checks from it, at every level.
	for grew := true; grew; {
		grew = false
		for _, t := range tables {
			if q := t.QualifiedName(); !changed[q] && inheritsChanged(t, changed) {
				changed[q] = true
				grew = true
			}
		}
	}
	if 2*len(changed) > len(tables) && !l.alwaysPartial {
		return nil, errFull // most of the schema: no shortcut to take
	}
	// A sequence owned by a changed or dropped table's column: the
	// statement that sets the owner is in the table's part of the dump,
	// but the sequence itself would be taken from the last canonical
	// state, which may name another owner.
	for _, r := range []*schema.Realm{decl, last.Canonical} {
		for _, s := range r.Schemas {
			for _, seq := range s.Sequences {
				if o := seq.OwnedBy; o != nil && (changed[o.Table] || dropped[o.Table.String()]) {
					return nil, errFull
				}
			}
		}
	}

	views, doubt := affectedViews(decl, last.Canonical, changed, dropped)
	if doubt {
		return nil, errFull
	}

	sub, err := subRealm(decl, last.Canonical, changed, views, names)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := plan.Dump(sub, &buf); err != nil {
		return nil, err
	}
	st, err := l.canonicalise(ctx, []apply.Script{{Name: "SQL generated for the changed tables", SQL: buf.String()}}, schemas)
	if err != nil {
		return nil, err
	}

	// The last canonical realm (read from the cache for this call alone),
	// without the changed and dropped tables, with the changed tables as
	// the partial run made them.
	merged := last.Canonical
	for _, s := range merged.Schemas {
		var kept []*schema.Table // nil when none is left, as inspect leaves it
		for _, t := range s.Tables {
			if q := t.QualifiedName(); !changed[q] && !dropped[q.String()] {
				kept = append(kept, t)
			}
		}
		s.Tables = kept
	}
	for q := range changed {
		t, ok := st.Realm.Table(q)
		s, sok := merged.Schema(q.Schema)
		if !ok || !sok {
			return nil, errFull
		}
		s.Tables = append(s.Tables, t)
	}
	// The views over changed tables as the partial run made them: their
	// columns' types follow the tables.
	for q := range views {
		v, ok := findView(st.Realm, q)
		s, sok := merged.Schema(q.Schema)
		if !ok || !sok {
			return nil, errFull
		}
		for i, old := range s.Views {
			if old.Name == q.Name {
				s.Views[i] = v
				ok = false
			}
		}
		if ok {
			return nil, errFull // not in the last canonical realm
		}
	}
	merged.Link()
	merged.Normalize()
	if nameClash(merged) {
		// PostgreSQL gives an implicit name (a primary key's <table>_pkey)
		// that is taken a suffix, in creation order: the partial run may
		// have named an object that a full run would have named otherwise.
		return nil, errFull
	}
	l.partialRuns.Add(1)
	return &State{Realm: merged, Unsupported: last.Unsupported}, nil
}

// inheritsChanged reports whether t is a partition of a changed table or
// inherits from one.
func inheritsChanged(t *schema.Table, changed map[schema.QualifiedName]bool) bool {
	if t.PartitionOf != nil && changed[t.PartitionOf.Parent] {
		return true
	}
	return slices.ContainsFunc(t.Inherits, func(p schema.QualifiedName) bool { return changed[p] })
}

// affectedViews returns the views of the last canonical realm that use a
// changed table, directly or through other such views: their columns'
// types follow the tables, so the partial run creates them again. It
// reports a doubt, which stops the shortcut, when a view uses a dropped
// table (the full run reports the error), when a function uses a changed
// or dropped table or an affected view (its SQL-standard body or result
// type depends on their definition), and when privileges or default
// privileges are declared: they are kept with the realm rather than with
// their tables, and default privileges act on the tables created after
// them.
func affectedViews(decl, last *schema.Realm, changed map[schema.QualifiedName]bool, dropped map[string]bool) (map[schema.QualifiedName]bool, bool) {
	if len(decl.DefaultPrivileges)+len(last.DefaultPrivileges) > 0 || onRelations(decl.Privileges) || onRelations(last.Privileges) {
		return nil, true
	}
	views := map[schema.QualifiedName]bool{}
	for grew := true; grew; {
		grew = false
		for _, s := range last.Schemas {
			for _, v := range s.Views {
				q := v.QualifiedName()
				for _, d := range v.DependsOn {
					if r := d.Relation(); dropped[r.String()] {
						return nil, true
					} else if !views[q] && (changed[r] || views[r]) {
						views[q] = true
						grew = true
					}
				}
			}
		}
	}
	for _, s := range last.Schemas {
		for _, f := range s.Functions {
			for _, d := range f.DependsOn {
				if r := d.Relation(); changed[r] || dropped[r.String()] || views[r] {
					return nil, true
				}
			}
		}
	}
	// Every view of the desired state that was canonicalised last time:
	// the rest of the dump, views included, did not change.
	for q := range views {
		if _, ok := findView(decl, q); !ok {
			return nil, true
		}
	}
	return views, false
}

// findView returns the view (or materialized view) q of r.
func findView(r *schema.Realm, q schema.QualifiedName) (*schema.View, bool) {
	s, ok := r.Schema(q.Schema)
	if !ok {
		return nil, false
	}
	for _, v := range s.Views {
		if v.Name == q.Name {
			return v, true
		}
	}
	return nil, false
}

// onRelations reports whether any of privs is on something other than a
// schema. Grants on schemas stay what the last canonical state says (a
// changed one changes the rest of the dump, which disables the shortcut);
// without this, PostgreSQL 13 and 14, whose initdb grants CREATE on schema
// public to PUBLIC, would never take the shortcut.
func onRelations(privs []*schema.Privilege) bool {
	for _, p := range privs {
		if p.On.Kind != schema.KindSchema {
			return true
		}
	}
	return false
}

// nameClash reports whether two relations of a schema of r share a name:
// tables, the indexes of keys, exclusion constraints and plain indexes,
// and sequences live in one namespace per schema.
func nameClash(r *schema.Realm) bool {
	for _, s := range r.Schemas {
		seen := map[string]bool{}
		clash := false
		add := func(name string) {
			clash = clash || seen[name]
			seen[name] = true
		}
		for _, t := range s.Tables {
			add(t.Name)
			if t.PrimaryKey != nil {
				add(t.PrimaryKey.Name)
			}
			for _, k := range t.Uniques {
				add(k.Name)
			}
			for _, x := range t.Excludes {
				add(x.Name)
			}
			for _, i := range t.Indexes {
				add(i.Name)
			}
		}
		for _, q := range s.Sequences {
			add(q.Name)
		}
		for _, v := range s.Views {
			add(v.Name)
			for _, i := range v.Indexes {
				add(i.Name)
			}
		}
		if clash {
			return true
		}
	}
	return false
}

// subRealm is decl with only the changed tables and views and, stripped of
// their foreign keys, the tables and views those need to exist: the tables
// their foreign keys reference, the tables whose row types their columns
// use, their partition and inheritance parents, and what the views use
// (as the last canonical realm last records it). Sequences lose an owner
// that is not in it.
func subRealm(decl, last *schema.Realm, changed, views map[schema.QualifiedName]bool, names map[string]*schema.Table) (*schema.Realm, error) {
	needed := map[schema.QualifiedName]bool{}
	need := func(r schema.QualifiedName) bool {
		needed[r] = true
		return false
	}
	for q := range views {
		needed[q] = true
	}
	// What the views use, and what that uses, at every level.
	for grew := true; grew; {
		grew = false
		for _, s := range last.Schemas {
			for _, v := range s.Views {
				if !needed[v.QualifiedName()] {
					continue
				}
				for _, d := range v.DependsOn {
					if r := d.Relation(); r.Name != "" && !needed[r] && !changed[r] {
						needed[r] = true
						grew = true
					}
				}
			}
		}
	}
	for _, t := range allTables(decl) {
		if changed[t.QualifiedName()] {
			references(t, names, need)
		}
	}
	// The parents a changed or needed table inherits from, at every level.
	for grew := true; grew; {
		grew = false
		for _, t := range allTables(decl) {
			if q := t.QualifiedName(); !changed[q] && !needed[q] {
				continue
			}
			parents := slices.Clone(t.Inherits)
			if p := t.PartitionOf; p != nil {
				parents = append(parents, p.Parent)
			}
			for _, p := range parents {
				if !changed[p] && !needed[p] {
					needed[p] = true
					grew = true
				}
			}
		}
	}
	// A copy of decl with only those tables and views, made through JSON
	// so that decl is left as it is; the others are not even encoded.
	// Functions stay, for the triggers, defaults, checks and views.
	filtered := &schema.Realm{Extensions: decl.Extensions, Roles: decl.Roles}
	for _, s := range decl.Schemas {
		fs := *s
		fs.Tables, fs.Views = nil, nil
		for _, t := range s.Tables {
			if q := t.QualifiedName(); changed[q] || needed[q] {
				fs.Tables = append(fs.Tables, t)
			}
		}
		for _, v := range s.Views {
			if needed[v.QualifiedName()] {
				fs.Views = append(fs.Views, v)
			}
		}
		filtered.Schemas = append(filtered.Schemas, &fs)
	}
	sub, err := cloneRealm(filtered)
	if err != nil {
		return nil, err
	}
	for _, s := range sub.Schemas {
		for _, t := range s.Tables {
			if !changed[t.QualifiedName()] {
				t.ForeignKeys = nil
			}
		}
	}
	for _, s := range sub.Schemas {
		for _, seq := range s.Sequences {
			if o := seq.OwnedBy; o != nil {
				if _, ok := sub.Table(o.Table); !ok {
					seq.OwnedBy = nil
				}
			}
		}
	}
	return sub, nil
}

// references calls refers with each other table that t refers to: the
// targets of its foreign keys and the tables whose row type a column uses
// (names maps the names a column type may use to the tables). It reports
// whether refers returned true for any.
func references(t *schema.Table, names map[string]*schema.Table, refers func(schema.QualifiedName) bool) bool {
	found := false
	check := func(q schema.QualifiedName) {
		if q != t.QualifiedName() && refers(q) {
			found = true
		}
	}
	for _, fk := range t.ForeignKeys {
		check(fk.RefTable)
	}
	for _, c := range t.Columns {
		if rt, ok := names[baseType(c.Type)]; ok {
			check(rt.QualifiedName())
		}
	}
	return found
}

// baseType strips the array brackets and type modifiers of a column type.
func baseType(typ string) string {
	typ = strings.TrimSpace(typ)
	for strings.HasSuffix(typ, "[]") {
		typ = strings.TrimSpace(strings.TrimSuffix(typ, "[]"))
	}
	if i := strings.IndexByte(typ, '('); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	return typ
}

// tableNames maps the names by which a column type may use a table's row
// type to the table: qualified, and bare for the tables of public.
func tableNames(tables []*schema.Table) map[string]*schema.Table {
	names := make(map[string]*schema.Table, 2*len(tables))
	for _, t := range tables {
		names[t.QualifiedName().String()] = t
		if t.Schema != nil && t.Schema.Name == "public" {
			names[schema.QuoteIdent(t.Name)] = t
		}
	}
	return names
}

func allTables(r *schema.Realm) []*schema.Table {
	var all []*schema.Table
	for _, s := range r.Schemas {
		all = append(all, s.Tables...)
	}
	return all
}

func byName(parts map[schema.QualifiedName]string) map[string]string {
	m := make(map[string]string, len(parts))
	for q, sql := range parts {
		m[q.String()] = sql
	}
	return m
}

// cloneRealm returns a deep copy of r, linked.
func cloneRealm(r *schema.Realm) (*schema.Realm, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var c schema.Realm
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	c.Link()
	return &c, nil
}

// lastKey names the last entry of a set of HCL files: their absolute paths
// and the dev server, not their contents.
func (l *Loader) lastKey(ctx context.Context, files []string) (string, error) {
	abs := make([]string, len(files))
	for i, f := range files {
		a, err := filepath.Abs(f)
		if err != nil {
			return "", err
		}
		abs[i] = a
	}
	return l.cacheKey(ctx, []apply.Script{{SQL: "last canonicalisation of\x00" + strings.Join(abs, "\x00")}}, []string{"\x00last"})
}

func (l *Loader) loadLast(key string) (*lastEntry, bool) {
	var e lastEntry
	if !l.read(key, &e) || e.Canonical == nil {
		return nil, false
	}
	e.Canonical.Link()
	return &e, true
}

// secondWaveDoubt reports whether the objects around the tables stop the
// shortcut: a view of the last canonical realm that uses a changed or
// dropped table (its columns' types would come out of a full run
// otherwise), table inheritance, or privileges and default privileges,
// which are kept with the realm rather than with their tables.
func secondWaveDoubt(decl, last *schema.Realm, changed map[schema.QualifiedName]bool, dropped map[string]bool) bool {
	if len(decl.DefaultPrivileges)+len(last.DefaultPrivileges) > 0 || onRelations(decl.Privileges) || onRelations(last.Privileges) {
		return true
	}
	// A child table's inherited columns and checks follow its parents: a
	// changed parent would need its children made again, and the partial
	// run does not follow that edge.
	for _, r := range []*schema.Realm{decl, last} {
		for _, t := range allTables(r) {
			if len(t.Inherits) > 0 {
				return true
			}
		}
	}
	for _, s := range last.Schemas {
		for _, v := range s.Views {
			for _, d := range v.DependsOn {
				if q := d.Relation(); changed[q] || dropped[q.String()] {
					return true
				}
			}
		}
		for _, f := range s.Functions {
			// A function whose SQL-standard body or result type uses a
			// changed table depends on its definition too.
			for _, d := range f.DependsOn {
				if q := d.Relation(); changed[q] || dropped[q.String()] {
					return true
				}
			}
		}
	}
	return false
}
