package lint

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemactl/schemactl/internal/effect"
)

// A referencedBy catalog can say which tables have a foreign key to a
// table: an effect.Catalog answers lookups by name only, and TRUNCATE needs
// the reverse direction. DBCatalog implements it.
type referencedBy interface {
	ReferencedBy(effect.Name) []effect.Name
}

// ReferencedBy returns the tables with a foreign key to n, in no
// particular order.
func (c *DBCatalog) ReferencedBy(n effect.Name) []effect.Name {
	var out []effect.Name
	for name, t := range c.tables {
		for _, fk := range t.ForeignKeys {
			if fk.References == n {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// noteTables remembers the tables a statement creates or alters, which
// may be given foreign keys that the base catalog does not know.
func (l *Linter) noteTables(s effect.Statement) {
	n := s.Node()
	if n == nil {
		return
	}
	switch {
	case n.GetCreateStmt() != nil:
		l.touched[rangeVar(n.GetCreateStmt().Relation)] = true
	case n.GetAlterTableStmt() != nil:
		l.touched[rangeVar(n.GetAlterTableStmt().Relation)] = true
	case n.GetRenameStmt() != nil:
		rs := n.GetRenameStmt()
		if rs.RenameType == pg_query.ObjectType_OBJECT_TABLE && rs.Relation != nil {
			to := rangeVar(rs.Relation)
			to.Name = rs.Newname
			l.touched[to] = true
		}
	case n.GetAlterObjectSchemaStmt() != nil:
		as := n.GetAlterObjectSchemaStmt()
		if as.ObjectType == pg_query.ObjectType_OBJECT_TABLE && as.Relation != nil {
			l.touched[effect.Name{Schema: as.Newschema, Name: as.Relation.Relname}] = true
		}
	}
}

// referencing returns the tables that, in cat (the catalog as it is before
// the statement), have a foreign key to t, other than t itself, sorted.
func (l *Linter) referencing(cat effect.Catalog, t effect.Name) []effect.Name {
	cands := map[effect.Name]bool{}
	if rb, ok := l.base.(referencedBy); ok {
		for _, n := range rb.ReferencedBy(t) {
			cands[n] = true
		}
	}
	for n := range l.touched {
		cands[n] = true
	}
	var out []effect.Name
	for n := range cands {
		if n == t {
			continue
		}
		info, ok := cat.Table(n)
		if !ok {
			continue
		}
		for _, fk := range info.ForeignKeys {
			if fk.References == t {
				out = append(out, n)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b effect.Name) int { return strings.Compare(a.String(), b.String()) })
	return out
}
