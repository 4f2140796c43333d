package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleTruncate = &Rule{
	ID:          "truncate",
	Category:    CategoryData,
	Severity:    Error,
	Summary:     "TRUNCATE of a table that existed before the migration: every row is deleted, under ACCESS EXCLUSIVE.",
	Alternative: "DELETE in batches when only some rows must go; if emptying the table in production is intended, suppress the finding with -- schemactl:ignore truncate <reason>",
	check:       checkTruncate,
}

func checkTruncate(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActTruncate || !a.Destructive {
			continue
		}
		msg := fmt.Sprintf("TRUNCATE deletes every row of %s", a.Target)
		for _, n := range c.eff.Notes {
			if len(n) > 7 && n[:7] == "CASCADE" {
				msg += "; CASCADE also empties every table with a foreign key to it"
				break
			}
		}
		c.report(r, c.at(a), a.Target, msg, "")
	}
}
