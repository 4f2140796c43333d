package diff

import (
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// Objects the plan creates start with PostgreSQL's built-in grants as
// changed by the ALTER DEFAULT PRIVILEGES entries that exist when they are
// created: the current realm's entries for the role that runs the plan
// (Options.CreatingRole), since the plan's own entries run after its
// creates. Their grants are compared from there, so that an entry of the
// live database neither leaves a grant the desired realm lacks nor makes a
// second plan find one.

// createdObjects returns the objects that the plan creates, new or again:
// schemas, tables, views, sequences (also those of new serial columns),
// functions and types.
func (d *differ) createdObjects() map[schema.ObjectRef]bool {
	out := map[schema.ObjectRef]bool{}
	serials := func(t *schema.Table, cols []*schema.Column) {
		for _, c := range cols {
			switch c.Type {
			case schema.TypeSmallSerial, schema.TypeSerial, schema.TypeBigSerial:
				out[schema.ObjectRef{Kind: schema.KindSequence, Schema: t.Schema.Name, Name: schema.SerialSequenceName(t.Name, c.Name)}] = true
			}
		}
	}
	for _, c := range d.changes {
		switch c := c.(type) {
		case *CreateSchema:
			out[schema.ObjectRef{Kind: schema.KindSchema, Name: c.Schema.Name}] = true
		case *CreateTable:
			out[tableRef(c.Table.QualifiedName())] = true
			serials(c.Table, c.Table.Columns)
		case *AlterTable:
			var added []*schema.Column
			for _, sc := range c.Changes {
				if ac, ok := sc.(*AddColumn); ok {
					added = append(added, ac.Column)
				}
			}
			serials(c.To, added)
		case *CreateView:
			out[c.View.Ref()] = true
		case *RecreateView:
			out[c.To.Ref()] = true
		case *CreateSequence:
			out[schema.ObjectRef{Kind: schema.KindSequence, Schema: c.Sequence.Schema.Name, Name: c.Sequence.Name}] = true
		case *CreateFunction:
			out[c.Function.Ref()] = true
		case *RecreateFunction:
			out[c.To.Ref()] = true
		case *CreateEnum:
			out[typeRef(c.Enum.Schema.Name, c.Enum.Name)] = true
		case *ReplaceEnum:
			out[typeRef(c.To.Schema.Name, c.To.Name)] = true
		case *CreateDomain:
			out[typeRef(c.Domain.Schema.Name, c.Domain.Name)] = true
		case *ReplaceDomain:
			out[typeRef(c.To.Schema.Name, c.To.Name)] = true
		case *CreateComposite:
			out[typeRef(c.Composite.Schema.Name, c.Composite.Name)] = true
		}
	}
	return out
}

// defaultObjectType returns the ALTER DEFAULT PRIVILEGES object type that
// covers objects of kind k ("" for none).
func defaultObjectType(k schema.ObjectKind) string {
	switch k {
	case schema.KindTable, schema.KindView, schema.KindMaterializedView:
		return "TABLES"
	case schema.KindSequence:
		return "SEQUENCES"
	case schema.KindFunction, schema.KindProcedure:
		return "FUNCTIONS"
	case schema.KindType:
		return "TYPES"
	case schema.KindSchema:
		return "SCHEMAS"
	}
	return ""
}

// creationDefaults returns the current realm's default privilege entries
// that apply to an object the plan creates: those of the creating role for
// the object's type, for all schemas and for the object's schema.
func (d *differ) creationDefaults(on schema.ObjectRef) []*schema.DefaultPrivilege {
	role, typ := d.opts.CreatingRole, defaultObjectType(on.Kind)
	if role == "" || typ == "" {
		return nil
	}
	var out []*schema.DefaultPrivilege
	for _, p := range d.from.DefaultPrivileges {
		if p.Role == role && p.ObjectType == typ && (p.Schema == "" || (on.Kind != schema.KindSchema && p.Schema == on.Schema)) {
			out = append(out, p)
		}
	}
	return out
}

// creationGrants returns what grantee holds on object on (column, when
// set) right after the plan creates it: the built-in defaults, replaced by
// an entry for all schemas and added to by one IN SCHEMA. Columns take
// none.
func (d *differ) creationGrants(on schema.ObjectRef, column, grantee string) (held, grantable []string) {
	held = schema.DefaultGrants(on, column, grantee)
	if column != "" {
		return held, nil
	}
	entries := d.creationDefaults(on)
	for _, p := range entries {
		if p.Grantee == grantee && p.Schema == "" {
			held, grantable = slices.Clone(p.Privileges), slices.Clone(p.Grantable)
		}
	}
	for _, p := range entries {
		if p.Grantee == grantee && p.Schema != "" {
			held = append(held, p.Privileges...)
			grantable = append(grantable, p.Grantable...)
		}
	}
	return sortedSet(held), sortedSet(grantable)
}

// creationGrantees returns the grantees whose privileges on an object the
// plan creates default privilege entries change (an entry with no
// privileges takes away a built-in default).
func (d *differ) creationGrantees(on schema.ObjectRef) []string {
	var out []string
	for _, p := range d.creationDefaults(on) {
		if !slices.Contains(out, p.Grantee) {
			out = append(out, p.Grantee)
		}
	}
	slices.Sort(out)
	return out
}
