package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleRenameTable = &Rule{
	ID:          "rename-table",
	Category:    CategoryData,
	Severity:    Warning,
	Summary:     "ALTER TABLE ... RENAME TO or SET SCHEMA of an existing table, view or sequence: deployed code that uses the old name fails.",
	Alternative: "rename in steps: after the rename, keep a view under the old name (CREATE VIEW old AS SELECT * FROM new, updatable for simple tables) until no deployed code uses it",
	check:       checkRenameTable,
}

func checkRenameTable(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActRename && a.Kind != effect.ActSetSchema || a.New || a.Target.IsZero() {
			continue
		}
		switch a.TargetKind {
		case effect.KindIndex, effect.KindSchema, effect.KindDatabase:
			continue
		case effect.KindUnknown:
			if c.eff.Tag != "ALTER TABLE" {
				continue // a trigger, policy, type or function rename
			}
		}
		if c.eff.Tag == "ALTER TRIGGER" || c.eff.Tag == "ALTER POLICY" || c.eff.Tag == "ALTER RULE" {
			continue
		}
		to := "a new name"
		if len(c.eff.Creates) > 0 {
			to = c.eff.Creates[0].String()
		}
		c.report(r, -1, a.Target, fmt.Sprintf("renaming %s %s to %s breaks deployed code that uses the old name", a.TargetKind, a.Target, to), "")
	}
}
