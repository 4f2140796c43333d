package diff

import (
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// Privileges and default privileges.
type (
	// Grant grants Privileges on an object (a column when Column is set)
	// to Grantee, WITH GRANT OPTION when WithGrantOption is set. Reason is
	// "" for a grant the desired realm adds; for one that a recreated
	// object needs again, it says so.
	Grant struct {
		On              schema.ObjectRef
		Column          string
		Grantee         string
		Privileges      []string
		WithGrantOption bool
		Reason          string
	}
	// Revoke revokes Privileges on an object (a column when Column is set)
	// from Grantee; with GrantOptionOnly, only the grant option for them.
	// FromDefaults reports a revoke of what PostgreSQL grants by default
	// (EXECUTE from PUBLIC) on an object that has no grants yet or that
	// the plan creates (again): it runs after the object is created.
	Revoke struct {
		On              schema.ObjectRef
		Column          string
		Grantee         string
		Privileges      []string
		GrantOptionOnly bool
		FromDefaults    bool
	}
	// GrantDefault is ALTER DEFAULT PRIVILEGES FOR ROLE Role [IN SCHEMA
	// Schema] GRANT Privileges ON ObjectType TO Grantee.
	GrantDefault struct {
		Role, Schema, ObjectType, Grantee string
		Privileges                        []string
		WithGrantOption                   bool
	}
	// RevokeDefault is ALTER DEFAULT PRIVILEGES ... REVOKE [GRANT OPTION
	// FOR] Privileges ON ObjectType FROM Grantee.
	RevokeDefault struct {
		Role, Schema, ObjectType, Grantee string
		Privileges                        []string
		GrantOptionOnly                   bool
	}
)

func (*Grant) change()         {}
func (*Revoke) change()        {}
func (*GrantDefault) change()  {}
func (*RevokeDefault) change() {}

// privKey identifies a Privilege entry: an object, a column and a grantee.
type privKey struct {
	on              schema.ObjectRef
	column, grantee string
}

func (k privKey) String() string { return k.on.String() + "\x00" + k.column + "\x00" + k.grantee }

// recreatedKey identifies an object the plan drops and creates again: its
// reference, and for a column of a table that stays, the column.
type recreatedKey struct {
	on     schema.ObjectRef
	column string
}

// managesPrivileges reports whether the diff manages grants: when asked
// to, or when the desired realm declares at least one privilege or
// default privilege. Otherwise a database's grants are left alone.
func (d *differ) managesPrivileges() bool {
	return d.opts.ManagePrivileges || len(d.to.Privileges)+len(d.to.DefaultPrivileges) > 0
}

// privileges compares the grants of every object of the managed schemas
// that the desired realm holds, and the default privileges. It runs last,
// when the changes show which objects the plan drops and creates again:
// such an object starts from PostgreSQL's defaults, so all its grants are
// made again. Grants on an object the desired realm lacks go with it.
func (d *differ) privileges() {
	if !d.managesPrivileges() {
		return
	}
	recreated := d.recreatedObjects()
	cur := map[privKey]*schema.Privilege{}
	des := map[privKey]*schema.Privilege{}
	var keys []privKey
	seen := map[privKey]bool{}
	addKey := func(k privKey) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, p := range d.from.Privileges {
		if !d.privilegeManaged(p.On) {
			continue
		}
		k := d.mapPrivilegeKey(p)
		cur[k] = p
		addKey(k)
	}
	for _, p := range d.to.Privileges {
		k := privKey{on: p.On, column: p.Column, grantee: p.Grantee}
		des[k] = p
		addKey(k)
	}
	// What a default privilege entry gives on a created object is
	// compared too, so that it is revoked when the desired realm lacks it.
	created := d.createdObjects()
	for on := range created {
		for _, g := range d.creationGrantees(on) {
			addKey(privKey{on: on, grantee: g})
		}
	}
	slices.SortFunc(keys, func(a, b privKey) int { return strings.Compare(a.String(), b.String()) })

	// A REVOKE on a table takes the same privilege off each of its
	// columns too (PostgreSQL's rule): revokedOnTable lists them, per
	// relation and grantee, so that the column grants that must stay are
	// made again. Tables sort before their columns.
	revokedOnTable := map[privKey][]string{}
	for _, k := range keys {
		if !d.to.Has(k.on, k.column) || !d.privilegeManaged(k.on) {
			continue
		}
		held, heldGrant := grantsOf(cur[k], k)
		reason, fromDefaults := "", cur[k] == nil
		if cur[k] == nil && created[k.on] {
			held, heldGrant = d.creationGrants(k.on, k.column, k.grantee)
		}
		if recreated[recreatedKey{k.on, ""}] || (k.column != "" && recreated[recreatedKey{k.on, k.column}]) {
			held, heldGrant = d.creationGrants(k.on, k.column, k.grantee)
			fromDefaults = true
			reason = "grant again: " + k.on.String() + " is created again"
			if k.column != "" {
				reason = "grant again: column " + k.column + " of " + k.on.String() + " is created again"
			}
		}
		if k.column != "" {
			lost := revokedOnTable[privKey{on: k.on, grantee: k.grantee}]
			held = slices.DeleteFunc(slices.Clone(held), func(p string) bool { return slices.Contains(lost, p) })
			heldGrant = slices.DeleteFunc(slices.Clone(heldGrant), func(p string) bool { return slices.Contains(lost, p) })
		}
		want, wantGrant := grantsOf(des[k], k)
		revoke, revokeOption, grant, grantOption := compareGrants(held, heldGrant, want, wantGrant)
		if len(revoke) > 0 {
			d.add(&Revoke{On: k.on, Column: k.column, Grantee: k.grantee, Privileges: revoke, FromDefaults: fromDefaults})
			if k.column == "" {
				revokedOnTable[k] = revoke
			}
		}
		if len(revokeOption) > 0 {
			d.add(&Revoke{On: k.on, Column: k.column, Grantee: k.grantee, Privileges: revokeOption, GrantOptionOnly: true, FromDefaults: fromDefaults})
		}
		if len(grant) > 0 {
			d.add(&Grant{On: k.on, Column: k.column, Grantee: k.grantee, Privileges: grant, Reason: reason})
		}
		if len(grantOption) > 0 {
			d.add(&Grant{On: k.on, Column: k.column, Grantee: k.grantee, Privileges: grantOption, WithGrantOption: true, Reason: reason})
		}
	}
	d.defaultPrivileges()
}

// privilegeManaged reports whether grants on the object are the diff's to
// change: objects of the managed schemas, and those schemas themselves.
func (d *differ) privilegeManaged(on schema.ObjectRef) bool {
	if on.Kind == schema.KindSchema {
		return d.managed[on.Name]
	}
	return d.managed[on.Schema]
}

// mapPrivilegeKey returns the key of a current entry under the names the
// desired realm gives its object (a renamed table or view, a renamed
// column).
func (d *differ) mapPrivilegeKey(p *schema.Privilege) privKey {
	k := privKey{on: p.On, column: p.Column, grantee: p.Grantee}
	if p.On.Kind == schema.KindTable || p.On.Kind == schema.KindView || p.On.Kind == schema.KindMaterializedView {
		q := p.On.Relation()
		n := d.mapTable(q)
		k.on.Schema, k.on.Name = n.Schema, n.Name
		if p.Column != "" {
			k.column = d.mapColumns(q, []string{p.Column})[0]
		}
	}
	return k
}

// grantsOf returns what an entry holds, or the defaults when there is
// none, sorted.
func grantsOf(p *schema.Privilege, k privKey) (held, grantable []string) {
	if p == nil {
		return schema.DefaultGrants(k.on, k.column, k.grantee), nil
	}
	return sortedSet(p.Privileges), sortedSet(p.Grantable)
}

// compareGrants returns what turns privileges held (heldGrant of them with
// grant option) into want (wantGrant): privileges to revoke, grant options
// to revoke, privileges to grant, and privileges to grant with grant
// option (some of which may be held already without it).
func compareGrants(held, heldGrant, want, wantGrant []string) (revoke, revokeOption, grant, grantOption []string) {
	for _, p := range held {
		if !slices.Contains(want, p) {
			revoke = append(revoke, p)
		}
	}
	for _, p := range heldGrant {
		if slices.Contains(want, p) && !slices.Contains(wantGrant, p) {
			revokeOption = append(revokeOption, p)
		}
	}
	for _, p := range want {
		switch {
		case slices.Contains(wantGrant, p):
			if !slices.Contains(heldGrant, p) {
				grantOption = append(grantOption, p)
			}
		case !slices.Contains(held, p):
			grant = append(grant, p)
		}
	}
	return revoke, revokeOption, grant, grantOption
}

// sortedSet returns a sorted copy of s without duplicates.
func sortedSet(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// recreatedObjects returns the objects of the desired realm that the
// changes drop and create again (a view recreated around a column type
// change, a function whose signature changes, a table or sequence
// dropped and created under the same name, a column dropped and added
// again): they lose their grants, which must then be made again.
func (d *differ) recreatedObjects() map[recreatedKey]bool {
	out := map[recreatedKey]bool{}
	dropped := map[schema.ObjectRef]bool{}
	created := map[schema.ObjectRef]bool{}
	var visit func(cs []Change, table schema.ObjectRef)
	visit = func(cs []Change, table schema.ObjectRef) {
		droppedCols := map[string]bool{}
		for _, c := range cs {
			switch c := c.(type) {
			case *RecreateView:
				out[recreatedKey{on: c.To.Ref()}] = true
			case *RecreateFunction:
				out[recreatedKey{on: c.To.Ref()}] = true
			case *CreateView:
				created[c.View.Ref()] = true
			case *DropView:
				dropped[c.View.Ref()] = true
			case *CreateFunction:
				created[c.Function.Ref()] = true
			case *DropFunction:
				dropped[c.Function.Ref()] = true
			case *CreateTable:
				created[tableRef(c.Table.QualifiedName())] = true
			case *DropTable:
				dropped[tableRef(c.Table.QualifiedName())] = true
			case *CreateSequence:
				created[schema.ObjectRef{Kind: schema.KindSequence, Schema: c.Sequence.Schema.Name, Name: c.Sequence.Name}] = true
			case *DropSequence:
				dropped[schema.ObjectRef{Kind: schema.KindSequence, Schema: c.Sequence.Schema.Name, Name: c.Sequence.Name}] = true
			case *ReplaceEnum:
				// A new type takes the old one's name.
				out[recreatedKey{on: typeRef(c.To.Schema.Name, c.To.Name)}] = true
			case *ReplaceDomain:
				out[recreatedKey{on: typeRef(c.To.Schema.Name, c.To.Name)}] = true
			case *CreateComposite:
				created[typeRef(c.Composite.Schema.Name, c.Composite.Name)] = true
			case *DropComposite:
				dropped[typeRef(c.Composite.Schema.Name, c.Composite.Name)] = true
			case *AlterTable:
				visit(c.Changes, tableRef(c.To.QualifiedName()))
			case *DropColumn:
				droppedCols[c.Column.Name] = true
			case *AddColumn:
				if droppedCols[c.Column.Name] {
					out[recreatedKey{on: table, column: c.Column.Name}] = true
				}
			}
		}
	}
	visit(d.changes, schema.ObjectRef{})
	for ref := range created {
		if dropped[ref] {
			out[recreatedKey{on: ref}] = true
		}
	}
	return out
}

func typeRef(schemaName, name string) schema.ObjectRef {
	return schema.ObjectRef{Kind: schema.KindType, Schema: schemaName, Name: name}
}

func tableRef(q schema.QualifiedName) schema.ObjectRef {
	return schema.ObjectRef{Kind: schema.KindTable, Schema: q.Schema, Name: q.Name}
}

// defKey identifies a DefaultPrivilege entry.
type defKey struct{ role, schema, objectType, grantee string }

func (k defKey) String() string {
	return k.role + "\x00" + k.schema + "\x00" + k.objectType + "\x00" + k.grantee
}

// defaultPrivileges compares the ALTER DEFAULT PRIVILEGES entries: those
// for all schemas, and those of the managed schemas that the desired realm
// keeps (an entry IN SCHEMA goes when its schema is dropped).
func (d *differ) defaultPrivileges() {
	cur := map[defKey]*schema.DefaultPrivilege{}
	des := map[defKey]*schema.DefaultPrivilege{}
	var keys []defKey
	seen := map[defKey]bool{}
	for _, side := range []struct {
		list []*schema.DefaultPrivilege
		m    map[defKey]*schema.DefaultPrivilege
	}{{d.from.DefaultPrivileges, cur}, {d.to.DefaultPrivileges, des}} {
		for _, p := range side.list {
			k := defKey{p.Role, p.Schema, p.ObjectType, p.Grantee}
			side.m[k] = p
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, func(a, b defKey) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		if k.schema != "" {
			if _, ok := d.to.Schema(k.schema); !ok || !d.managed[k.schema] {
				continue
			}
		}
		held, heldGrant := defaultGrantsOf(cur[k], k)
		want, wantGrant := defaultGrantsOf(des[k], k)
		revoke, revokeOption, grant, grantOption := compareGrants(held, heldGrant, want, wantGrant)
		if len(revoke) > 0 {
			d.add(&RevokeDefault{Role: k.role, Schema: k.schema, ObjectType: k.objectType, Grantee: k.grantee, Privileges: revoke})
		}
		if len(revokeOption) > 0 {
			d.add(&RevokeDefault{Role: k.role, Schema: k.schema, ObjectType: k.objectType, Grantee: k.grantee, Privileges: revokeOption, GrantOptionOnly: true})
		}
		if len(grant) > 0 {
			d.add(&GrantDefault{Role: k.role, Schema: k.schema, ObjectType: k.objectType, Grantee: k.grantee, Privileges: grant})
		}
		if len(grantOption) > 0 {
			d.add(&GrantDefault{Role: k.role, Schema: k.schema, ObjectType: k.objectType, Grantee: k.grantee, Privileges: grantOption, WithGrantOption: true})
		}
	}
}

// defaultGrantsOf returns what an entry gives, or what no entry gives.
func defaultGrantsOf(p *schema.DefaultPrivilege, k defKey) (held, grantable []string) {
	if p == nil {
		return schema.DefaultACLGrants(k.objectType, k.schema != "", k.grantee), nil
	}
	return sortedSet(p.Privileges), sortedSet(p.Grantable)
}
