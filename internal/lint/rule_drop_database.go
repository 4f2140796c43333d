package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleDropDatabase = &Rule{
	ID:          "drop-database",
	Category:    CategoryData,
	Severity:    Error,
	Summary:     "DROP DATABASE: a whole database and all its data are deleted.",
	Alternative: "drop databases by hand, never from a migration",
	check:       checkDropDatabase,
}

func checkDropDatabase(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind == effect.ActDropDatabase {
			c.report(r, -1, effect.Name{}, fmt.Sprintf("DROP DATABASE %s deletes the whole database", effect.Name{Name: a.Target.Name}), "")
		}
	}
}
