package hclschema

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// Grants are Atlas's `permission` blocks, which have no label: for (the
// object: schema.app, table.users, table.users.column.email, view.v,
// materialized.m, sequence.s (also the sequence of a serial column, which
// is not declared), function.f, procedure.p, and schemactl's enum.e,
// domain.d and composite.c), to (the grantee:
// role.app for a declared role, a string for a role made elsewhere, or
// PUBLIC), privileges (a list of PostgreSQL's words: [SELECT, INSERT]; ALL
// for every privilege of the object; [] revokes the defaults, such as
// EXECUTE for PUBLIC on a function) and grantable (WITH GRANT OPTION for
// all of them). schemactl adds args, the identity argument types of an
// overloaded function as PostgreSQL prints them ("integer, text"), and the
// default_privilege block for ALTER DEFAULT PRIVILEGES: for_role, schema
// (none: all schemas), on (TABLES, SEQUENCES, FUNCTIONS, TYPES or
// SCHEMAS), to, privileges and grantable. role blocks declare roles:
// login, inherit, member_of and comment. Several blocks for one object and
// grantee add up, which is how inspect writes privileges of which only
// some are grantable.
var (
	permissionKind = &kind{
		block:   "permission",
		noLabel: true,
		decoder: func(d *decoder) kindDecoder { return &permissionBlocks{d: d} },
		encodeRealm: func(e *encoder, r *schema.Realm, add addBlock) {
			for _, p := range r.Privileges {
				e.permission(add, p)
			}
		},
	}
	defaultPrivilegeKind = &kind{
		block:   "default_privilege",
		noLabel: true,
		decoder: func(d *decoder) kindDecoder { return &defaultPrivilegeBlocks{d: d} },
		encodeRealm: func(e *encoder, r *schema.Realm, add addBlock) {
			for _, p := range r.DefaultPrivileges {
				e.defaultPrivilege(add, p)
			}
		},
	}
	roleKind = &kind{
		block:   "role",
		decoder: func(d *decoder) kindDecoder { return &roleBlocks{d: d} },
		encodeRealm: func(e *encoder, r *schema.Realm, add addBlock) {
			for _, x := range sortedByName(r.Roles, func(x *schema.Role) string { return x.Name }) {
				e.role(add("role", x.Name), x)
			}
		},
	}
)

// privilegeWords lists, per kind of object, the privileges PostgreSQL
// knows for it. MAINTAIN exists on PostgreSQL 17 and later.
var privilegeWords = map[schema.ObjectKind][]string{
	schema.KindSchema:    {"CREATE", "USAGE"},
	schema.KindTable:     {"DELETE", "INSERT", "MAINTAIN", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"},
	schema.KindSequence:  {"SELECT", "UPDATE", "USAGE"},
	schema.KindFunction:  {"EXECUTE"},
	schema.KindProcedure: {"EXECUTE"},
	schema.KindColumn:    {"INSERT", "REFERENCES", "SELECT", "UPDATE"},
	schema.KindType:      {"USAGE"},
}

// defaultObjectTypes maps the object types of ALTER DEFAULT PRIVILEGES to
// the kind whose privileges they take.
var defaultObjectTypes = map[string]schema.ObjectKind{
	"TABLES":    schema.KindTable,
	"SEQUENCES": schema.KindSequence,
	"FUNCTIONS": schema.KindFunction,
	"TYPES":     schema.KindType,
	"SCHEMAS":   schema.KindSchema,
}

type permissionHCL struct {
	For        *hcl.Attribute `hcl:"for,optional"`
	To         *hcl.Attribute `hcl:"to,optional"`
	Privileges *hcl.Attribute `hcl:"privileges,optional"`
	Grantable  bool           `hcl:"grantable,optional"`
	Args       *string        `hcl:"args,optional"`
}

type permissionDecl struct {
	raw      permissionHCL
	defRange hcl.Range
}

type permissionBlocks struct {
	noPhases
	d     *decoder
	decls []*permissionDecl
}

func (k *permissionBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	pd := &permissionDecl{defRange: b.DefRange}
	diags := gohcl.DecodeBody(b.Body, nil, &pd.raw)
	for _, a := range []struct {
		attr *hcl.Attribute
		name string
	}{{pd.raw.For, "for"}, {pd.raw.To, "to"}, {pd.raw.Privileges, "privileges"}} {
		if a.attr == nil && !diags.HasErrors() {
			diags = append(diags, diagError(b.DefRange, "Missing attribute",
				"A permission needs %s.", a.name))
		}
	}
	k.decls = append(k.decls, pd)
	return diags
}

// decodeRelations resolves every permission once the objects and columns
// are decoded, and merges the blocks of one object and grantee.
func (k *permissionBlocks) decodeRelations() hcl.Diagnostics {
	var diags hcl.Diagnostics
	type key struct {
		on              schema.ObjectRef
		column, grantee string
	}
	merged := map[key]*schema.Privilege{}
	for _, pd := range k.decls {
		if pd.raw.For == nil || pd.raw.To == nil || pd.raw.Privileges == nil {
			continue
		}
		grantee, more := k.d.decodeGrantee(pd.raw.To.Expr)
		if r, bad := decodeReference(pd.raw.For.Expr, "table.users"); !bad.HasErrors() {
			// Both ends: the object granted on, and the missing role.
			for _, dg := range more {
				dg.Detail = "The permission on " + r.String() + " is to a role: " + dg.Detail
			}
		}
		diags = append(diags, more...)
		on, column, more := k.d.decodeGrantObject(pd.raw.For.Expr, pd.raw.Args, grantee)
		diags = append(diags, more...)
		if grantee == "" || on.Kind == "" {
			continue
		}
		wordsKind := on.Kind
		switch {
		case column != "":
			wordsKind = schema.KindColumn
		case on.Kind == schema.KindView || on.Kind == schema.KindMaterializedView:
			wordsKind = schema.KindTable
		}
		privs, more := decodePrivilegeList(pd.raw.Privileges.Expr, privilegeWords[wordsKind], on.String())
		diags = append(diags, more...)
		kk := key{on, column, grantee}
		p := merged[kk]
		if p == nil {
			p = &schema.Privilege{On: on, Column: column, Grantee: grantee, Privileges: []string{}, DeclRange: pd.defRange}
			merged[kk] = p
			k.d.realm.Privileges = append(k.d.realm.Privileges, p)
		}
		p.Privileges = mergeWords(p.Privileges, privs)
		if pd.raw.Grantable {
			p.Grantable = mergeWords(p.Grantable, privs)
		}
	}
	return diags
}

// mergeWords returns the sorted union of a and b.
func mergeWords(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// decodePrivilegeList reads privileges = [SELECT, "INSERT"]: bare words or
// strings, each one that PostgreSQL knows for the object (ALL for all of
// them, which the server expands).
func decodePrivilegeList(expr hcl.Expression, allowed []string, object string) ([]string, hcl.Diagnostics) {
	list, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return nil, hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			"privileges is a list of privileges, such as [SELECT, INSERT].")}
	}
	var out []string
	for _, e := range list {
		w, more := keyword(e, "A privilege")
		diags = append(diags, more...)
		if more.HasErrors() {
			continue
		}
		w = strings.ToUpper(strings.ReplaceAll(w, "_", " "))
		switch {
		case w == "ALL" || w == "ALL PRIVILEGES":
			out = append(out, "ALL")
		case slices.Contains(allowed, w):
			out = append(out, w)
		default:
			diags = append(diags, diagError(e.Range(), "Unknown privilege",
				"%s has no privilege %s; its privileges are %s.", object, w, strings.Join(allowed, ", ")))
		}
	}
	slices.Sort(out)
	return slices.Compact(out), diags
}

// decodeGrantee reads to: role.name (a role block), PUBLIC, or a string
// naming a role made elsewhere.
func (d *decoder) decodeGrantee(expr hcl.Expression) (string, hcl.Diagnostics) {
	if r, more := decodeReference(expr, "role.app"); !more.HasErrors() && r.names[0] == "role" {
		if len(r.names) != 2 {
			return "", hcl.Diagnostics{diagError(r.rng, "Invalid reference", "Expected a role reference such as role.app.")}
		}
		if !d.declaredRole(r.names[1]) {
			return "", hcl.Diagnostics{diagError(r.rng, "Reference to undeclared role",
				"Role %q is not declared with a role block.%s Write its name as a string (to = %q) for a role made outside schema.hcl.",
				r.names[1], didYouMean(r.names[1], d.roleNames()), r.names[1])}
		}
		return r.names[1], nil
	}
	w, diags := keyword(expr, "The grantee")
	if strings.EqualFold(w, schema.PublicGrantee) {
		w = schema.PublicGrantee
	}
	if !diags.HasErrors() {
		diags = append(diags, checkName("role", w, expr.Range())...)
	}
	return w, diags
}

// decodeGrantObject resolves for: the object a permission is on, and its
// column for a column privilege. The error names the permission's grantee
// and the missing object, at the reference.
func (d *decoder) decodeGrantObject(expr hcl.Expression, args *string, grantee string) (schema.ObjectRef, string, hcl.Diagnostics) {
	r, diags := decodeReference(expr, "table.users")
	if diags.HasErrors() {
		return schema.ObjectRef{}, "", diags
	}
	bad := func(format string, a ...any) (schema.ObjectRef, string, hcl.Diagnostics) {
		return schema.ObjectRef{}, "", hcl.Diagnostics{diagError(r.rng, "Invalid reference", format, a...)}
	}
	// context adds the grant to what a lookup reports: both ends of it.
	context := func(ds hcl.Diagnostics) hcl.Diagnostics {
		for _, dg := range ds {
			dg.Detail = "The permission to " + grantee + " is on " + r.String() + ": " + dg.Detail
		}
		return ds
	}
	names := r.names[1:]
	switch r.names[0] {
	case "schema":
		if len(names) != 1 {
			return bad("Expected a schema reference such as schema.app.")
		}
		s, more := d.lookupSchema(names[0], r.rng)
		if more.HasErrors() {
			return schema.ObjectRef{}, "", context(more)
		}
		return schema.ObjectRef{Kind: schema.KindSchema, Name: s.Name}, "", nil
	case "table":
		column := ""
		if i := slices.Index(names, "column"); i >= 0 {
			if i != len(names)-2 {
				return bad("Expected a column reference such as table.users.column.email.")
			}
			column, names = names[i+1], names[:i]
		}
		td, more := d.lookupTable(names, r.rng)
		if more.HasErrors() || td == nil {
			return schema.ObjectRef{}, "", context(more)
		}
		if column != "" {
			if _, ok := td.t.Column(column); !ok {
				var cols []string
				for _, c := range td.t.Columns {
					cols = append(cols, c.Name)
				}
				return schema.ObjectRef{}, "", context(hcl.Diagnostics{diagError(r.rng, "Reference to undeclared column",
					"Table %s has no column %q.%s", td.qualifiedName(), column, didYouMean(column, cols))})
			}
		}
		q := td.qualifiedName()
		return schema.ObjectRef{Kind: schema.KindTable, Schema: q.Schema, Name: q.Name}, column, nil
	case "view", "materialized":
		column := ""
		if i := slices.Index(names, "column"); i >= 0 && i == len(names)-2 {
			column, names = names[i+1], names[:i]
		}
		vd, more := d.lookupView(r.names[0] == "materialized", names, r.rng)
		if more.HasErrors() || vd == nil {
			return schema.ObjectRef{}, "", context(more)
		}
		return schema.ObjectRef{Kind: vd.view.Kind(), Schema: vd.schema.Name, Name: vd.view.Name}, column, nil
	case "sequence":
		// A serial column's sequence is not declared, but may be granted on.
		var found []schema.ObjectRef
		var known []string
		for _, s := range d.realm.Schemas {
			if len(names) == 2 && s.Name != names[0] {
				continue
			}
			for _, q := range s.Sequences {
				known = append(known, q.Name)
				if q.Name == names[len(names)-1] {
					found = append(found, schema.ObjectRef{Kind: schema.KindSequence, Schema: s.Name, Name: q.Name})
				}
			}
			if _, _, ok := s.SerialColumn(names[len(names)-1]); ok {
				found = append(found, schema.ObjectRef{Kind: schema.KindSequence, Schema: s.Name, Name: names[len(names)-1]})
			}
		}
		return d.oneObject(found, "Sequence", names[len(names)-1], known, r, context)
	case "enum", "domain", "composite":
		var found []schema.ObjectRef
		var known []string
		for _, s := range d.realm.Schemas {
			if len(names) == 2 && s.Name != names[0] {
				continue
			}
			for _, n := range typeNames(s, r.names[0]) {
				known = append(known, n)
				if n == names[len(names)-1] {
					found = append(found, schema.ObjectRef{Kind: schema.KindType, Schema: s.Name, Name: n})
				}
			}
		}
		return d.oneObject(found, capitalize(r.names[0]), names[len(names)-1], known, r, context)
	case "function", "procedure":
		kind := schema.KindFunction
		if r.names[0] == "procedure" {
			kind = schema.KindProcedure
		}
		var found []schema.ObjectRef
		var known []string
		for _, s := range d.realm.Schemas {
			if len(names) == 2 && s.Name != names[0] {
				continue
			}
			for _, f := range s.Functions {
				if f.Kind() != kind {
					continue
				}
				known = append(known, f.Name)
				if f.Name == names[len(names)-1] && (args == nil || normalizeArgs(*args) == normalizeArgs(f.IdentityArgs())) {
					found = append(found, schema.ObjectRef{Kind: kind, Schema: s.Name, Name: f.Name, Args: f.IdentityArgs()})
				}
			}
		}
		return d.oneObject(found, strings.ToUpper(string(kind[:1]))+string(kind[1:]), names[len(names)-1], known, r, context)
	}
	return bad("A permission is for a schema, table, column, view, materialized view, sequence, function, procedure, enum, domain or composite, such as table.users, not %s.", r)
}

// typeNames lists the names of the schema's types of one kind: "enum",
// "domain" or "composite".
func typeNames(s *schema.Schema, kind string) []string {
	var names []string
	switch kind {
	case "enum":
		for _, x := range s.Enums {
			names = append(names, x.Name)
		}
	case "domain":
		for _, x := range s.Domains {
			names = append(names, x.Name)
		}
	case "composite":
		for _, x := range s.Composites {
			names = append(names, x.Name)
		}
	}
	return names
}

// normalizeArgs spaces a list of argument types the way IdentityArgs does.
func normalizeArgs(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(parts, ", ")
}

// oneObject returns the one object a reference found, or says why not.
func (d *decoder) oneObject(found []schema.ObjectRef, what, name string, known []string, r reference, context func(hcl.Diagnostics) hcl.Diagnostics) (schema.ObjectRef, string, hcl.Diagnostics) {
	switch len(found) {
	case 1:
		return found[0], "", nil
	case 0:
		return schema.ObjectRef{}, "", context(hcl.Diagnostics{diagError(r.rng, "Reference to undeclared "+strings.ToLower(what),
			"%s %q is not declared.%s", what, name, didYouMean(name, known))})
	}
	return schema.ObjectRef{}, "", context(hcl.Diagnostics{diagError(r.rng, "Ambiguous reference",
		"%s %q is declared more than once (in several schemas, or overloaded); name its schema, or give args = \"integer, text\" with its argument types.", what, name)})
}

type defaultPrivilegeHCL struct {
	ForRole    *hcl.Attribute `hcl:"for_role,optional"`
	Schema     *hcl.Attribute `hcl:"schema,optional"`
	On         *hcl.Attribute `hcl:"on,optional"`
	To         *hcl.Attribute `hcl:"to,optional"`
	Privileges *hcl.Attribute `hcl:"privileges,optional"`
	Grantable  bool           `hcl:"grantable,optional"`
}

type defaultPrivilegeDecl struct {
	raw      defaultPrivilegeHCL
	defRange hcl.Range
}

type defaultPrivilegeBlocks struct {
	noPhases
	d     *decoder
	decls []*defaultPrivilegeDecl
}

func (k *defaultPrivilegeBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	pd := &defaultPrivilegeDecl{defRange: b.DefRange}
	diags := gohcl.DecodeBody(b.Body, nil, &pd.raw)
	for _, a := range []struct {
		attr *hcl.Attribute
		name string
	}{{pd.raw.ForRole, "for_role"}, {pd.raw.On, "on"}, {pd.raw.To, "to"}, {pd.raw.Privileges, "privileges"}} {
		if a.attr == nil && !diags.HasErrors() {
			diags = append(diags, diagError(b.DefRange, "Missing attribute",
				"A default_privilege needs %s.", a.name))
		}
	}
	k.decls = append(k.decls, pd)
	return diags
}

// decodeRelations resolves the roles and schema of every default
// privilege, once the schemas and roles are placed.
func (k *defaultPrivilegeBlocks) decodeRelations() hcl.Diagnostics {
	var diags hcl.Diagnostics
	type key struct{ role, schema, objectType, grantee string }
	merged := map[key]*schema.DefaultPrivilege{}
	for _, pd := range k.decls {
		raw := &pd.raw
		if raw.ForRole == nil || raw.On == nil || raw.To == nil || raw.Privileges == nil {
			continue
		}
		role, more := k.d.decodeGrantee(raw.ForRole.Expr)
		diags = append(diags, more...)
		grantee, more := k.d.decodeGrantee(raw.To.Expr)
		diags = append(diags, more...)
		schemaName := ""
		if raw.Schema != nil {
			s, more := k.d.schemaOf(raw.Schema, "default_privilege", role, raw.Schema.Range)
			diags = append(diags, more...)
			if s != nil {
				schemaName = s.Name
			}
		}
		on, more := decodeKeyword(raw.On.Expr, "on", "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS")
		diags = append(diags, more...)
		if on == "SCHEMAS" && schemaName != "" {
			diags = append(diags, diagError(raw.On.Range, "Invalid default privilege",
				"Default privileges ON SCHEMAS apply to all schemas: they take no schema."))
		}
		if role == "" || grantee == "" || on == "" {
			continue
		}
		privs, more := decodePrivilegeList(raw.Privileges.Expr, privilegeWords[defaultObjectTypes[on]], on)
		diags = append(diags, more...)
		kk := key{role, schemaName, on, grantee}
		p := merged[kk]
		if p == nil {
			p = &schema.DefaultPrivilege{Role: role, Schema: schemaName, ObjectType: on, Grantee: grantee, Privileges: []string{}, DeclRange: pd.defRange}
			merged[kk] = p
			k.d.realm.DefaultPrivileges = append(k.d.realm.DefaultPrivileges, p)
		}
		p.Privileges = mergeWords(p.Privileges, privs)
		if raw.Grantable {
			p.Grantable = mergeWords(p.Grantable, privs)
		}
	}
	return diags
}

type roleHCL struct {
	Login    bool           `hcl:"login,optional"`
	Inherit  *bool          `hcl:"inherit,optional"`
	MemberOf *hcl.Attribute `hcl:"member_of,optional"`
	Comment  string         `hcl:"comment,optional"`
}

type roleDecl struct {
	role      *schema.Role
	raw       roleHCL
	nameRange hcl.Range
}

type roleBlocks struct {
	noPhases
	d     *decoder
	decls []*roleDecl
}

func (k *roleBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	rd := &roleDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &rd.raw)
	rd.role = &schema.Role{Name: b.Labels[0], Login: rd.raw.Login, Inherit: rd.raw.Inherit == nil || *rd.raw.Inherit,
		Comment: rd.raw.Comment, DeclRange: b.DefRange}
	diags = append(diags, checkName("role", rd.role.Name, rd.nameRange)...)
	k.decls = append(k.decls, rd)
	return diags
}

// place adds every role to the realm; role names are cluster-wide.
func (k *roleBlocks) place() hcl.Diagnostics {
	seen := map[string]*roleDecl{}
	return k.each(func(rd *roleDecl) hcl.Diagnostics {
		if prev, ok := seen[rd.role.Name]; ok {
			return hcl.Diagnostics{diagError(rd.nameRange, "Duplicate role",
				"Role %q is already declared at %s.", rd.role.Name, posString(prev.role.DeclRange))}
		}
		seen[rd.role.Name] = rd
		k.d.realm.Roles = append(k.d.realm.Roles, rd.role)
		return nil
	})
}

// decodeTypes resolves member_of, once every role is placed.
func (k *roleBlocks) decodeTypes() hcl.Diagnostics {
	return k.each(func(rd *roleDecl) hcl.Diagnostics {
		if rd.raw.MemberOf == nil {
			return nil
		}
		list, diags := hcl.ExprList(rd.raw.MemberOf.Expr)
		if diags.HasErrors() {
			return hcl.Diagnostics{diagError(rd.raw.MemberOf.Range, "Invalid value",
				`member_of is a list of roles, such as [role.readers, "admins"].`)}
		}
		for _, e := range list {
			name, more := k.d.decodeGrantee(e)
			diags = append(diags, more...)
			if name != "" {
				rd.role.MemberOf = append(rd.role.MemberOf, name)
			}
		}
		slices.Sort(rd.role.MemberOf)
		rd.role.MemberOf = slices.Compact(rd.role.MemberOf)
		return diags
	})
}

// each calls f on every role block.
func (k *roleBlocks) each(f func(*roleDecl) hcl.Diagnostics) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, rd := range k.decls {
		diags = append(diags, f(rd)...)
	}
	return diags
}

// declaredRole reports whether a role block declares name. Roles are
// placed in phase 2, before any reference to them is resolved.
func (d *decoder) declaredRole(name string) bool {
	return slices.ContainsFunc(d.realm.Roles, func(r *schema.Role) bool { return r.Name == name })
}

func (d *decoder) roleNames() []string {
	var names []string
	for _, r := range d.realm.Roles {
		names = append(names, r.Name)
	}
	return names
}

// permission writes the blocks of one grant: one for the privileges held
// without grant option, one for those held with it (decoding adds them up).
func (e *encoder) permission(add addBlock, p *schema.Privilege) {
	var plain, grantable []string
	for _, w := range p.Privileges {
		if slices.Contains(p.Grantable, w) {
			grantable = append(grantable, w)
		} else {
			plain = append(plain, w)
		}
	}
	write := func(privs []string, withOption bool) {
		b := add("permission", "")
		b.labels = nil
		b.set("for", e.grantObject(p.On, p.Column))
		if p.On.Kind == schema.KindFunction || p.On.Kind == schema.KindProcedure {
			if e.overloaded(p.On) {
				b.set("args", hclString(p.On.Args))
			}
		}
		b.set("to", granteeText(p.Grantee))
		b.set("privileges", wordList(privs))
		if withOption {
			b.set("grantable", "true")
		}
	}
	if len(plain) > 0 || len(grantable) == 0 {
		write(plain, false)
	}
	if len(grantable) > 0 {
		write(grantable, true)
	}
}

// overloaded reports whether more than one function or procedure of the
// realm has the name of on, in any schema, so that for needs args.
func (e *encoder) overloaded(on schema.ObjectRef) bool {
	n := 0
	for _, s := range e.r.Schemas {
		for _, f := range s.Functions {
			if f.Name == on.Name && f.Kind() == on.Kind {
				n++
			}
		}
	}
	return n > 1
}

// grantObject writes the reference of for.
func (e *encoder) grantObject(on schema.ObjectRef, column string) string {
	var more []string
	if column != "" {
		more = []string{"column", column}
	}
	switch on.Kind {
	case schema.KindSchema:
		return e.schemaRef(on.Name)
	case schema.KindTable:
		return e.tableRef(on.Relation(), more...)
	case schema.KindView:
		return hclTraversal("view", append([]string{on.Schema, on.Name}, more...)...)
	case schema.KindMaterializedView:
		return hclTraversal("materialized", append([]string{on.Schema, on.Name}, more...)...)
	case schema.KindSequence:
		return hclTraversal("sequence", on.Schema, on.Name)
	case schema.KindFunction:
		return hclTraversal("function", on.Schema, on.Name)
	case schema.KindProcedure:
		return hclTraversal("procedure", on.Schema, on.Name)
	case schema.KindType:
		if k := e.kinds[on.Relation()]; k != "" {
			return hclTraversal(k, on.Schema, on.Name)
		}
	}
	return hclString(on.String())
}

// granteeText writes a grantee: PUBLIC as a bare word, roles as strings,
// since inspect does not read roles (a role block would create them).
func granteeText(name string) string {
	if name == schema.PublicGrantee {
		return name
	}
	return hclString(name)
}

// wordList writes [SELECT, INSERT].
func wordList(words []string) string {
	return "[" + strings.Join(words, ", ") + "]"
}

func (e *encoder) defaultPrivilege(add addBlock, p *schema.DefaultPrivilege) {
	var plain, grantable []string
	for _, w := range p.Privileges {
		if slices.Contains(p.Grantable, w) {
			grantable = append(grantable, w)
		} else {
			plain = append(plain, w)
		}
	}
	write := func(privs []string, withOption bool) {
		b := add("default_privilege", "")
		b.labels = nil
		b.set("for_role", granteeText(p.Role))
		if p.Schema != "" {
			b.set("schema", e.schemaRef(p.Schema))
		}
		b.set("on", p.ObjectType)
		b.set("to", granteeText(p.Grantee))
		b.set("privileges", wordList(privs))
		if withOption {
			b.set("grantable", "true")
		}
	}
	if len(plain) > 0 || len(grantable) == 0 {
		write(plain, false)
	}
	if len(grantable) > 0 {
		write(grantable, true)
	}
}

func (e *encoder) role(b *hclBlock, r *schema.Role) {
	if r.Login {
		b.set("login", "true")
	}
	if !r.Inherit {
		b.set("inherit", "false")
	}
	if len(r.MemberOf) > 0 {
		refs := make([]string, len(r.MemberOf))
		for i, m := range r.MemberOf {
			if slices.ContainsFunc(e.r.Roles, func(x *schema.Role) bool { return x.Name == m }) {
				refs[i] = hclTraversal("role", m)
			} else {
				refs[i] = hclString(m)
			}
		}
		b.set("member_of", "["+strings.Join(refs, ", ")+"]")
	}
	setString(b, "comment", r.Comment)
}
