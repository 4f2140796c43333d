package schema

import (
	"slices"
	"strings"
)

// Link sets every back-reference (Schema.Realm, Table.Schema, Column.Table,
// ...). Decoders and inspectors call it once the realm is built; code that
// assembles a realm by hand must call it too.
func (r *Realm) Link() {
	for _, s := range r.Schemas {
		s.Realm = r
		for _, t := range s.Tables {
			t.Schema = s
			for _, c := range t.Columns {
				c.Table = t
			}
			if t.PrimaryKey != nil {
				t.PrimaryKey.Table = t
			}
			for _, k := range t.Uniques {
				k.Table = t
			}
			for _, i := range t.Indexes {
				i.Table = t
			}
			for _, fk := range t.ForeignKeys {
				fk.Table = t
			}
			for _, x := range t.Excludes {
				x.Table = t
			}
		}
		for _, e := range s.Enums {
			e.Schema = s
		}
		for _, d := range s.Domains {
			d.Schema = s
		}
		for _, c := range s.Composites {
			c.Schema = s
		}
		for _, q := range s.Sequences {
			q.Schema = s
		}
		for _, v := range s.Views {
			v.Schema = s
		}
		for _, f := range s.Functions {
			f.Schema = s
		}
	}
}

// Schema returns the schema with the given name.
func (r *Realm) Schema(name string) (*Schema, bool) {
	for _, s := range r.Schemas {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// Table returns the table with the given qualified name.
func (r *Realm) Table(q QualifiedName) (*Table, bool) {
	s, ok := r.Schema(q.Schema)
	if !ok {
		return nil, false
	}
	return s.Table(q.Name)
}

// Extension returns the extension with the given name.
func (r *Realm) Extension(name string) (*Extension, bool) {
	for _, e := range r.Extensions {
		if e.Name == name {
			return e, true
		}
	}
	return nil, false
}

// Table returns the table with the given name.
func (s *Schema) Table(name string) (*Table, bool) { return find(s.Tables, name, tableName) }

// Enum returns the enum with the given name.
func (s *Schema) Enum(name string) (*Enum, bool) { return find(s.Enums, name, enumName) }

// Domain returns the domain with the given name.
func (s *Schema) Domain(name string) (*Domain, bool) { return find(s.Domains, name, domainName) }

// Composite returns the composite type with the given name.
func (s *Schema) Composite(name string) (*Composite, bool) {
	return find(s.Composites, name, compositeName)
}

// Sequence returns the sequence with the given name.
func (s *Schema) Sequence(name string) (*Sequence, bool) {
	return find(s.Sequences, name, sequenceName)
}

// Column returns the column with the given name.
func (t *Table) Column(name string) (*Column, bool) { return find(t.Columns, name, columnName) }

// Index returns the index (not a constraint's) with the given name.
func (t *Table) Index(name string) (*Index, bool) { return find(t.Indexes, name, indexName) }

// QualifiedName returns the table's schema-qualified name.
func (t *Table) QualifiedName() QualifiedName { return QualifiedName{t.Schema.Name, t.Name} }

// QualifiedName returns the enum's schema-qualified name.
func (e *Enum) QualifiedName() QualifiedName { return QualifiedName{e.Schema.Name, e.Name} }

// QualifiedName returns the domain's schema-qualified name.
func (d *Domain) QualifiedName() QualifiedName { return QualifiedName{d.Schema.Name, d.Name} }

// QualifiedName returns the composite type's schema-qualified name.
func (c *Composite) QualifiedName() QualifiedName { return QualifiedName{c.Schema.Name, c.Name} }

// QualifiedName returns the sequence's schema-qualified name.
func (q *Sequence) QualifiedName() QualifiedName { return QualifiedName{q.Schema.Name, q.Name} }

func find[T any](items []T, name string, nameOf func(T) string) (T, bool) {
	for _, it := range items {
		if nameOf(it) == name {
			return it, true
		}
	}
	var zero T
	return zero, false
}

func tableName(t *Table) string         { return t.Name }
func enumName(e *Enum) string           { return e.Name }
func domainName(d *Domain) string       { return d.Name }
func compositeName(c *Composite) string { return c.Name }
func sequenceName(q *Sequence) string   { return q.Name }
func columnName(c *Column) string       { return c.Name }
func indexName(i *Index) string         { return i.Name }

// Normalize puts a realm in its canonical order: schemas, extensions and all
// named objects sorted by name. Columns, enum values, composite fields and
// the parts of keys and indexes keep their order, which is meaningful.
// It also clears sequence options that equal their defaults, and drops
// the default precision from time types (WithoutDefaultPrecision).
func (r *Realm) Normalize() {
	sortByName(r.Schemas, func(s *Schema) string { return s.Name })
	sortByName(r.Extensions, func(e *Extension) string { return e.Name })
	sortByName(r.Roles, func(o *Role) string { return o.Name })
	sortByName(r.Privileges, func(p *Privilege) string {
		return p.On.String() + "\x00" + p.Column + "\x00" + p.Grantee
	})
	sortByName(r.DefaultPrivileges, func(p *DefaultPrivilege) string {
		return p.Role + "\x00" + p.Schema + "\x00" + p.ObjectType + "\x00" + p.Grantee
	})
	for _, s := range r.Schemas {
		s.normalizeTypes()
		sortByName(s.Tables, tableName)
		sortByName(s.Enums, enumName)
		sortByName(s.Domains, domainName)
		sortByName(s.Composites, compositeName)
		sortByName(s.Sequences, sequenceName)
		sortByName(s.Views, viewName)
		// Overloads share a name: their identity arguments order them.
		slices.SortStableFunc(s.Functions, func(a, b *Function) int {
			if c := strings.Compare(a.Name, b.Name); c != 0 {
				return c
			}
			return strings.Compare(a.IdentityArgs(), b.IdentityArgs())
		})
		for _, v := range s.Views {
			sortByName(v.Indexes, indexName)
			sortByName(v.Triggers, triggerName)
		}
		for _, t := range s.Tables {
			sortByName(t.Triggers, triggerName)
			sortByName(t.Policies, policyName)
			sortByName(t.Uniques, func(k *Key) string { return k.Name })
			sortByName(t.Indexes, indexName)
			sortByName(t.ForeignKeys, func(fk *ForeignKey) string { return fk.Name })
			sortByName(t.Checks, func(c *Check) string { return c.Name })
			sortByName(t.Excludes, func(x *Exclude) string { return x.Name })
			for _, c := range t.Columns {
				if c.Identity != nil {
					c.Identity.Sequence.Normalize(IdentityType(c.Type))
				}
			}
		}
		for _, d := range s.Domains {
			sortByName(d.Checks, func(c *Check) string { return c.Name })
		}
		for _, q := range s.Sequences {
			if q.Type == "" {
				q.Type = "bigint"
			}
			q.Options.Normalize(q.Type)
		}
	}
	r.Link()
}

func sortByName[T any](items []T, nameOf func(T) string) {
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(nameOf(a), nameOf(b)) })
}

// IdentityType returns the sequence type behind an identity column of the
// given column type.
func IdentityType(columnType string) string {
	switch columnType {
	case "smallint", "int2":
		return "smallint"
	case "integer", "int", "int4":
		return "integer"
	}
	return "bigint"
}

// Normalize clears the options that equal PostgreSQL's defaults for a
// sequence of type typ ("smallint", "integer" or "bigint"), so that a
// sequence declared with only some options equals the same sequence read
// back from the catalog, where every option is set.
func (o *SequenceOptions) Normalize(typ string) {
	inc := int64(1)
	if o.Increment != nil {
		inc = *o.Increment
	}
	typeMax := int64(1<<63 - 1)
	switch IdentityType(typ) {
	case "smallint":
		typeMax = 1<<15 - 1
	case "integer":
		typeMax = 1<<31 - 1
	}
	defMin, defMax := int64(1), typeMax
	if inc < 0 {
		defMin, defMax = -typeMax-1, -1
	}
	clearIf := func(p **int64, def int64) {
		if *p != nil && **p == def {
			*p = nil
		}
	}
	clearIf(&o.Increment, 1)
	clearIf(&o.MinValue, defMin)
	clearIf(&o.MaxValue, defMax)
	clearIf(&o.Cache, 1)
	// The start defaults to minvalue when ascending and maxvalue when
	// descending, whatever they are.
	start := defMin
	if o.MinValue != nil {
		start = *o.MinValue
	}
	if inc < 0 {
		start = defMax
		if o.MaxValue != nil {
			start = *o.MaxValue
		}
	}
	clearIf(&o.Start, start)
}
