package plan

import (
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// orderChanges returns the changes in the order the builder should visit
// them, which is the order of the statements within each phase: created
// types after the types they use, and dropped ones before; created tables
// after their partitioned parents; dropped tables before the tables they
// reference or are partitions of. Each such kind of change is sorted among
// the places its changes hold in diff's order; every other change keeps its
// place, so that comments, for instance, follow the order of their objects.
//
// It also returns the foreign keys that must be dropped explicitly because
// dropped tables reference each other in a cycle.
func orderChanges(changes []diff.Change) ([]diff.Change, []*diff.DropTable, []*schema.ForeignKey) {
	var (
		typeCreates, typeDrops []diff.Change
		tableCreates           []*diff.CreateTable
		tableDrops             []*diff.DropTable
	)
	for _, c := range changes {
		switch c := c.(type) {
		case *diff.CreateEnum, *diff.CreateDomain, *diff.CreateComposite:
			typeCreates = append(typeCreates, c)
		case *diff.DropEnum, *diff.DropDomain, *diff.DropComposite:
			typeDrops = append(typeDrops, c)
		case *diff.CreateTable:
			tableCreates = append(tableCreates, c)
		case *diff.DropTable:
			tableDrops = append(tableDrops, c)
		}
	}

	// Created types: enums, then domains and composites after what they use.
	sortedTypes := topoSort(kindOrder(typeCreates, diff.KindEnum, diff.KindDomain, diff.KindComposite), typeKey, typeDeps)

	// Dropped types: what uses a type is dropped first.
	dropped := kindOrder(typeDrops, diff.KindComposite, diff.KindDomain, diff.KindEnum)
	usedBy := map[string][]string{}
	for _, c := range dropped {
		for _, dep := range typeDeps(c) {
			usedBy[dep] = append(usedBy[dep], typeKey(c))
		}
	}
	sortedDrops := topoSort(dropped, typeKey, func(c diff.Change) []string { return usedBy[typeKey(c)] })

	// Created tables: a partition or a child (INHERITS) after its parent, a table after the
	// tables whose row type its columns use.
	sortedCreates := topoSort(tableCreates, func(c *diff.CreateTable) string { return c.Table.QualifiedName().String() },
		func(c *diff.CreateTable) []string {
			var deps []string
			if p := c.Table.PartitionOf; p != nil {
				deps = append(deps, p.Parent.String())
			}
			for _, p := range c.Table.Inherits {
				deps = append(deps, p.String())
			}
			for _, col := range c.Table.Columns {
				deps = append(deps, diff.BaseType(col.Type))
			}
			return deps
		})

	// Dropped tables: partitions, children and referencing tables first.
	dependants := map[string][]string{}
	for _, c := range tableDrops {
		t := c.Table
		key := t.QualifiedName().String()
		if p := t.PartitionOf; p != nil {
			dependants[p.Parent.String()] = append(dependants[p.Parent.String()], key)
		}
		for _, p := range t.Inherits {
			dependants[p.String()] = append(dependants[p.String()], key)
		}
		for _, fk := range t.ForeignKeys {
			if ref := fk.RefTable.String(); ref != key {
				dependants[ref] = append(dependants[ref], key)
			}
		}
	}
	sortedDropTables, cycleEdges := topoSortEdges(tableDrops, func(c *diff.DropTable) string { return c.Table.QualifiedName().String() },
		func(c *diff.DropTable) []string { return dependants[c.Table.QualifiedName().String()] })
	var fkSources []*diff.DropTable
	var fks []*schema.ForeignKey
	for _, c := range tableDrops {
		for _, fk := range c.Table.ForeignKeys {
			if cycleEdges[[2]string{c.Table.QualifiedName().String(), fk.RefTable.String()}] {
				fkSources = append(fkSources, c)
				fks = append(fks, fk)
			}
		}
	}

	out := make([]diff.Change, len(changes))
	var ti, di, ci, dti int
	for i, c := range changes {
		switch c.(type) {
		case *diff.CreateEnum, *diff.CreateDomain, *diff.CreateComposite:
			out[i] = sortedTypes[ti]
			ti++
		case *diff.DropEnum, *diff.DropDomain, *diff.DropComposite:
			out[i] = sortedDrops[di]
			di++
		case *diff.CreateTable:
			out[i] = sortedCreates[ci]
			ci++
		case *diff.DropTable:
			out[i] = sortedDropTables[dti]
			dti++
		default:
			out[i] = c
		}
	}
	return out, fkSources, fks
}

// kindOrder puts type changes in the order of kinds, keeping diff's order
// by name within each kind.
func kindOrder(cs []diff.Change, kinds ...diff.ObjectKind) []diff.Change {
	var out []diff.Change
	for _, want := range kinds {
		for _, c := range cs {
			if typeKind(c) == want {
				out = append(out, c)
			}
		}
	}
	return out
}

func typeKind(c diff.Change) diff.ObjectKind {
	switch c.(type) {
	case *diff.CreateEnum, *diff.DropEnum:
		return diff.KindEnum
	case *diff.CreateDomain, *diff.DropDomain:
		return diff.KindDomain
	}
	return diff.KindComposite
}

// typeKey is the name of the type a change creates or drops, as a column
// type names it.
func typeKey(c diff.Change) string {
	switch c := c.(type) {
	case *diff.CreateEnum:
		return c.Enum.QualifiedName().String()
	case *diff.DropEnum:
		return c.Enum.QualifiedName().String()
	case *diff.CreateDomain:
		return c.Domain.QualifiedName().String()
	case *diff.DropDomain:
		return c.Domain.QualifiedName().String()
	case *diff.CreateComposite:
		return c.Composite.QualifiedName().String()
	case *diff.DropComposite:
		return c.Composite.QualifiedName().String()
	}
	return ""
}

// typeDeps lists the types that the type of a change uses.
func typeDeps(c diff.Change) []string {
	var d *schema.Domain
	var comp *schema.Composite
	switch c := c.(type) {
	case *diff.CreateDomain:
		d = c.Domain
	case *diff.DropDomain:
		d = c.Domain
	case *diff.CreateComposite:
		comp = c.Composite
	case *diff.DropComposite:
		comp = c.Composite
	}
	switch {
	case d != nil:
		return []string{diff.BaseType(d.Type)}
	case comp != nil:
		deps := make([]string, len(comp.Fields))
		for i, f := range comp.Fields {
			deps[i] = diff.BaseType(f.Type)
		}
		return deps
	}
	return nil
}

// topoSort orders items so that each comes after the items it depends on
// (deps returns their keys; keys of other items are ignored), keeping the
// input order where nothing forces another. A cycle is broken where it is
// found; the order is still complete.
func topoSort[T any](items []T, key func(T) string, deps func(T) []string) []T {
	out, _ := topoSortEdges(items, key, deps)
	return out
}

// topoSortEdges is topoSort that also returns the dependency edges it
// ignored to break cycles, as {dependency key, key of the item that
// depends on it} pairs: the dependency then comes after that item.
func topoSortEdges[T any](items []T, key func(T) string, deps func(T) []string) ([]T, map[[2]string]bool) {
	index := make(map[string]int, len(items))
	for i, it := range items {
		index[key(it)] = i
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(items))
	out := make([]T, 0, len(items))
	cycles := map[[2]string]bool{}
	var visit func(i int)
	visit = func(i int) {
		state[i] = visiting
		for _, dk := range deps(items[i]) {
			j, ok := index[dk]
			if !ok || j == i {
				continue
			}
			switch state[j] {
			case unvisited:
				visit(j)
			case visiting:
				cycles[[2]string{dk, key(items[i])}] = true
			}
		}
		state[i] = done
		out = append(out, items[i])
	}
	for i := range items {
		if state[i] == unvisited {
			visit(i)
		}
	}
	return out, cycles
}
