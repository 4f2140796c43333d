package rehearsal

import (
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// planTables lists the tables whose definition the statements of stmts
// change (both names of a renamed table), or reports false when one of
// them does anything else (a type, a view, a trigger, a grant, ...) or
// names a table it cannot place: then the rehearsal copies the whole
// schema. It reads the diff's changes, which the plan already has, so
// that deciding costs nothing on a large schema.
func planTables(stmts []plan.Statement) (map[schema.QualifiedName]bool, bool) {
	tables := map[schema.QualifiedName]bool{}
	ok := true
	add := func(t *schema.Table) {
		if t == nil || t.Schema == nil {
			ok = false
			return
		}
		tables[t.QualifiedName()] = true
	}
	for _, s := range stmts {
		switch c := s.Source.(type) {
		case nil:
			// SET lock_timeout, which the plan adds.
		case *diff.CreateTable:
			add(c.Table)
		case *diff.DropTable:
			add(c.Table)
		case *diff.RenameTable:
			add(c.From)
			add(c.To)
		case *diff.AlterTable:
			add(c.From)
			add(c.To)
		case *diff.SetLogged:
			add(c.Table)
		case *diff.AttachPartition:
			add(c.Table)
		case *diff.DetachPartition:
			add(c.Table)
		case *diff.AddColumn:
			add(c.Column.Table)
		case *diff.DropColumn:
			add(c.Column.Table)
		case *diff.RenameColumn:
			add(c.From.Table)
			add(c.To.Table)
		case *diff.AlterColumn:
			add(c.From.Table)
			add(c.To.Table)
		case *diff.AddPrimaryKey:
			add(c.Key.Table)
		case *diff.DropPrimaryKey:
			add(c.Key.Table)
		case *diff.RenameConstraint:
			add(c.Table)
		case *diff.AddUnique:
			add(c.Key.Table)
		case *diff.DropUnique:
			add(c.Key.Table)
		case *diff.AddForeignKey:
			add(c.ForeignKey.Table)
		case *diff.DropForeignKey:
			add(c.ForeignKey.Table)
		case *diff.AlterForeignKey:
			add(c.From.Table)
			add(c.To.Table)
		case *diff.ValidateForeignKey:
			add(c.ForeignKey.Table)
		case *diff.AddCheck:
			add(c.Table)
		case *diff.DropCheck:
			add(c.Table)
		case *diff.ValidateCheck:
			add(c.Table)
		case *diff.AddExclude:
			add(c.Exclude.Table)
		case *diff.DropExclude:
			add(c.Exclude.Table)
		case *diff.CreateIndex:
			add(c.Index.Table)
		case *diff.DropIndex:
			add(c.Index.Table)
		case *diff.RenameIndex:
			add(c.From.Table)
			add(c.To.Table)
		case *diff.CommentOn:
			switch c.Object.Kind {
			case diff.KindTable, diff.KindColumn, diff.KindConstraint:
				tables[c.Object.Name] = true
			default:
				ok = false
			}
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
	}
	return tables, len(tables) > 0
}
