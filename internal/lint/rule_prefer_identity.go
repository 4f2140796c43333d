package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var rulePreferIdentity = &Rule{
	ID:          "prefer-identity",
	Category:    CategoryType,
	Severity:    Info,
	Summary:     "A serial, smallserial or bigserial column: the sequence it creates is a separate object with its own privileges and ownership, and the column's default can be changed by mistake.",
	Alternative: "bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT), the SQL-standard form since PostgreSQL 10",
	check:       checkPreferIdentity,
}

func checkPreferIdentity(c *stmtCtx, r *Rule) {
	for _, ct := range c.columnTypes() {
		if ct.name != "serial" && ct.name != "bigserial" && ct.name != "smallserial" {
			continue
		}
		c.report(r, typePos(c, ct), effect.Name{}, fmt.Sprintf("column %s of %s is %s; an identity column does the same with the sequence tied to the column", effect.Name{Name: ct.column}, ct.table, ct.spelling()), "")
	}
}
