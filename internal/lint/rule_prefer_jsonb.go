package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var rulePreferJSONB = &Rule{
	ID:          "prefer-jsonb",
	Category:    CategoryType,
	Severity:    Info,
	Summary:     "A column declared json: the text is stored as given and reparsed by every operator, and json has no equality operator, so it cannot be indexed, compared, or used in DISTINCT or GROUP BY.",
	Alternative: "jsonb",
	check:       checkPreferJSONB,
}

func checkPreferJSONB(c *stmtCtx, r *Rule) {
	for _, ct := range c.columnTypes() {
		if ct.name != "json" {
			continue
		}
		c.report(r, typePos(c, ct), effect.Name{}, fmt.Sprintf("column %s of %s is %s", effect.Name{Name: ct.column}, ct.table, ct.spelling()), "")
	}
}
