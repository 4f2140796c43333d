package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var rulePreferText = &Rule{
	ID:          "prefer-text",
	Category:    CategoryType,
	Severity:    Info,
	Summary:     "A column declared varchar(n): lowering the limit later means a scan or a rewrite under ACCESS EXCLUSIVE, and text with a CHECK is as fast.",
	Alternative: "text, with CHECK (char_length(col) <= n) when a limit is needed: a CHECK can be replaced NOT VALID and validated without blocking",
	check:       checkPreferText,
}

func checkPreferText(c *stmtCtx, r *Rule) {
	for _, ct := range c.columnTypes() {
		if ct.name != "varchar" || len(ct.mods) == 0 {
			continue // varchar without a limit is text under another name
		}
		c.report(r, typePos(c, ct), effect.Name{}, fmt.Sprintf("column %s of %s is %s", effect.Name{Name: ct.column}, ct.table, ct.spelling()), "")
	}
}
