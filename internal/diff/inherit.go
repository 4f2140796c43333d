package diff

import "github.com/schemactl/schemactl/schema"

// Table inheritance (INHERITS). The changes are part of AlterTable.
type (
	// AddInherit is ALTER TABLE ... INHERIT Parent: Table (desired) becomes
	// a child of Parent, which must have no column or inherited check that
	// Table lacks; the AlterTable adds them before.
	AddInherit struct {
		Table  *schema.Table
		Parent schema.QualifiedName
	}
	// DropInherit is ALTER TABLE ... NO INHERIT Parent: Table (current)
	// stops being a child of Parent and keeps, as its own, the columns and
	// checks it had from it.
	DropInherit struct {
		Table  *schema.Table
		Parent schema.QualifiedName
	}
)

func (*AddInherit) change()  {}
func (*DropInherit) change() {}

// inheritChanges compares the parents of a kept table. Parents are an
// ordered list (the order of INHERITS, which orders the columns a new table
// takes from them) but INHERIT appends: past the first difference, the
// current parents are dropped and the desired ones added in order.
func (d *differ) inheritChanges(td *tableDiff) []Change {
	ft, tt := td.from, td.to
	n := 0
	for n < len(ft.Inherits) && n < len(tt.Inherits) && d.mapTable(ft.Inherits[n]) == tt.Inherits[n] {
		n++
	}
	var cs []Change
	for _, p := range ft.Inherits[n:] {
		cs = append(cs, &DropInherit{Table: ft, Parent: p})
	}
	for _, p := range tt.Inherits[n:] {
		cs = append(cs, &AddInherit{Table: tt, Parent: p})
	}
	return cs
}

// keptParents returns the desired parents of a kept table that it has in
// the current realm too: changes to their columns and checks reach the
// table by themselves.
func (d *differ) keptParents(td *tableDiff) []*schema.Table {
	var out []*schema.Table
	for _, fp := range td.from.Inherits {
		q := d.mapTable(fp)
		for _, tp := range td.to.Inherits {
			if tp == q {
				if t, ok := d.to.Table(q); ok {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// keptParentColumn returns the column name of the first kept parent of a
// kept child that has it on both sides, desired and current.
func (d *differ) keptParentColumn(td *tableDiff, name string) (to, from *schema.Column, ok bool) {
	for _, fq := range td.from.Inherits {
		fp, ok1 := d.from.Table(fq)
		tp, ok2 := d.to.Table(d.mapTable(fq))
		if !ok1 || !ok2 || !contains(td.to.Inherits, tp.QualifiedName()) {
			continue
		}
		tc, ok1 := tp.Column(name)
		fc, ok2 := fp.Column(d.mapColumnsBack(fq, name))
		if ok1 && ok2 {
			return tc, fc, true
		}
	}
	return nil, nil, false
}

// mapColumnsBack returns the current name of the column of current table q
// that has the desired name name.
func (d *differ) mapColumnsBack(q schema.QualifiedName, name string) string {
	for from, to := range d.columnRenames[q] {
		if to == name {
			return from
		}
	}
	return name
}

func contains(qs []schema.QualifiedName, q schema.QualifiedName) bool {
	for _, x := range qs {
		if x == q {
			return true
		}
	}
	return false
}

// inheritedAdd reports whether an inherited column or check (has tells
// whether a parent holds it) that a kept child lacks reaches it from a kept
// parent, which adds it to its children: the child must not add it too.
// For a new parent, the child adds it itself before INHERIT, which
// requires it.
func (d *differ) inheritedAdd(td *tableDiff, has func(*schema.Table) bool) bool {
	for _, p := range d.keptParents(td) {
		if has(p) {
			return true
		}
	}
	return false
}

// inheritedColumnChanges masks the changes of a column that a kept child
// has from a parent on both sides: its type and collation change on the
// parent, and a change of the parent's NOT NULL or default reaches it too,
// so the child does not make the same change itself.
func (d *differ) inheritedColumnChanges(td *tableDiff, fc, tc *schema.Column, what ColumnChange) ColumnChange {
	if !fc.Inherited || !tc.Inherited {
		return what
	}
	what &^= ChangeType | ChangeCollation
	pt, pf, ok := d.keptParentColumn(td, tc.Name)
	if !ok {
		return what
	}
	if pf.NotNull != pt.NotNull && pt.NotNull == tc.NotNull {
		what &^= ChangeNotNull
	}
	if pf.Default != pt.Default && pt.Default == tc.Default {
		what &^= ChangeDefault
	}
	return what
}
