package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleDropTable = &Rule{
	ID:          "drop-table",
	Category:    CategoryData,
	Severity:    Error,
	Summary:     "DROP TABLE of a table that existed before the migration: its rows are lost, and deployed code that still uses it fails.",
	Alternative: "first deploy code that no longer uses the table and keep a backup; then drop it and suppress the finding with -- schemactl:ignore drop-table <reason>",
	check:       checkDropTable,
}

func checkDropTable(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActDrop || !a.Destructive || a.TargetKind != effect.KindTable && a.TargetKind != effect.KindPartitioned {
			continue
		}
		msg := fmt.Sprintf("DROP TABLE %s deletes the table and all its rows; deployed code that still uses it fails", a.Target)
		if t, ok := c.before.Table(a.Target); ok && t.Kind == effect.KindPartitioned {
			msg += "; every partition is dropped too"
		}
		c.report(r, -1, a.Target, msg, "")
	}
}
