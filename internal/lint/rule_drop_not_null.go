package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleDropNotNull = &Rule{
	ID:          "drop-not-null",
	Category:    CategoryData,
	Severity:    Warning,
	Summary:     "ALTER COLUMN ... DROP NOT NULL on an existing column: deployed code that assumes the column always has a value may break on the first NULL.",
	Alternative: "make sure every reader handles NULL before the migration runs",
	check:       checkDropNotNull,
}

func checkDropNotNull(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActDropNotNull || a.New {
			continue
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("DROP NOT NULL lets %s.%s hold NULL; deployed code that assumes a value may break", a.Target, effect.Name{Name: a.Column}), "")
	}
}
