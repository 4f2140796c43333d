package plan

import (
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// inheritsClause renders INHERITS (parents), in order: the order of the
// parents is the order of the columns the table takes from them.
func inheritsClause(parents []schema.QualifiedName) string {
	names := make([]string, len(parents))
	for i, p := range parents {
		names[i] = qname(p)
	}
	return "INHERITS (" + strings.Join(names, ", ") + ")"
}

// inheritedColumnOptions gives the columns a new table takes from its
// parents the NOT NULL and default it has of its own: INHERITS copies the
// parent's, and CREATE TABLE cannot name an inherited column without
// declaring it (a declaration would merge, and hide whether it is local).
func (b *builder) inheritedColumnOptions(c *diff.CreateTable, t *schema.Table) {
	q := t.QualifiedName()
	for _, col := range t.Columns {
		if !col.Inherited {
			continue
		}
		pc := parentColumn(t, col.Name)
		alter := "ALTER TABLE " + qname(q) + " ALTER COLUMN " + ident(col.Name) + " "
		name := q.String() + "." + ident(col.Name)
		switch {
		case col.Default != "" && col.Default != pc.Default:
			b.add(phAlterTable, c, "set the default of inherited column "+name, alter+"SET DEFAULT "+string(col.Default))
		case col.Default == "" && pc.Default != "":
			b.add(phAlterTable, c, "drop the default inherited column "+name+" has from its parent", alter+"DROP DEFAULT")
		}
		if col.NotNull && !pc.NotNull {
			b.add(phAlterTable, c, "make inherited column "+name+" NOT NULL", alter+"SET NOT NULL")
		}
	}
}

// parentColumn returns the column of the first parent of t that has one
// named name (an empty column when the realm lacks the parents).
func parentColumn(t *schema.Table, name string) *schema.Column {
	if t.Schema != nil && t.Schema.Realm != nil {
		for _, p := range t.Inherits {
			if pt, ok := t.Schema.Realm.Table(p); ok {
				if c, ok := pt.Column(name); ok {
					return c
				}
			}
		}
	}
	return &schema.Column{}
}

// inheritChange plans ALTER TABLE ... INHERIT and NO INHERIT. NO INHERIT
// comes early (phDetach), before a parent the plan drops and before the
// drops of columns the table kept from it; INHERIT comes late (phAttach),
// once the table has the columns and checks of its new parent, which it
// requires.
func (b *builder) inheritChange(q schema.QualifiedName, c diff.Change) {
	switch c := c.(type) {
	case *diff.AddInherit:
		b.add(phAttach, c, "make "+q.String()+" inherit from "+c.Parent.String(),
			"ALTER TABLE "+qname(q)+" INHERIT "+qname(c.Parent))
	case *diff.DropInherit:
		cur := c.Table.QualifiedName() // NO INHERIT runs before the renames
		b.add(phDetach, c, "make "+cur.String()+" stop inheriting from "+c.Parent.String()+", keeping the columns it has from it",
			"ALTER TABLE "+qname(cur)+" NO INHERIT "+qname(c.Parent))
	}
}

// dropInheritedColumn drops a column a table had from a parent. When the
// parent drops the column too, PostgreSQL drops it from the children that
// do not declare it themselves, and only those: IF EXISTS covers both, and
// the statement runs after the parent's (phAlterTable follows phDropColumn).
func (b *builder) dropInheritedColumn(q schema.QualifiedName, c *diff.DropColumn) {
	s := b.add(phAlterTable, c, "drop column "+ident(c.Column.Name)+" of "+q.String()+", unless dropping it from the parent dropped it already",
		"ALTER TABLE "+qname(q)+" DROP COLUMN IF EXISTS "+ident(c.Column.Name))
	s.Destructive = c.Column.Generated == ""
}

// dropInheritedCheck drops a check a table had from a parent, after the
// parent's own drop, which may have dropped it already.
func (b *builder) dropInheritedCheck(q schema.QualifiedName, c *diff.DropCheck) {
	b.add(phAlterTable, c, "drop check "+ident(c.Check.Name)+" of "+q.String()+", unless dropping it from the parent dropped it already",
		"ALTER TABLE "+qname(q)+" DROP CONSTRAINT IF EXISTS "+ident(c.Check.Name))
}
