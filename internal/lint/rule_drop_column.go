package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleDropColumn = &Rule{
	ID:          "drop-column",
	Category:    CategoryData,
	Severity:    Error,
	Summary:     "DROP COLUMN on an existing table: the column's data is lost, and deployed code that still reads or writes the column fails.",
	Alternative: "first deploy code that no longer uses the column (ORMs that list every column included), then drop it in a later migration and suppress the finding with -- schemactl:ignore drop-column <reason>",
	check:       checkDropColumn,
}

func checkDropColumn(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActDropColumn || !a.Destructive {
			continue
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("DROP COLUMN %s deletes the column's data from %s; deployed code that still uses it fails", effect.Name{Name: a.Column}, a.Target), "")
	}
}
