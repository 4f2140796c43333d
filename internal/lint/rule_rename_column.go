package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleRenameColumn = &Rule{
	ID:          "rename-column",
	Category:    CategoryData,
	Severity:    Warning,
	Summary:     "ALTER TABLE ... RENAME COLUMN on an existing table: deployed code that uses the old column name fails.",
	Alternative: "add the new column, write both, backfill, move readers to the new column, then drop the old one in a later migration",
	check:       checkRenameColumn,
}

func checkRenameColumn(c *stmtCtx, r *Rule) {
	if c.eff.Tag == "ALTER TYPE" {
		return // an attribute of a composite type
	}
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActRenameColumn || a.New {
			continue
		}
		to := ""
		if rs := c.stmt.Node().GetRenameStmt(); rs != nil {
			to = " to " + effect.Name{Name: rs.Newname}.String()
		}
		c.report(r, -1, a.Target, fmt.Sprintf("renaming column %s of %s%s breaks deployed code that uses the old name", effect.Name{Name: a.Column}, a.Target, to), "")
	}
}
