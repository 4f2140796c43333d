package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var rulePreferBigint = &Rule{
	ID:          "prefer-bigint",
	Category:    CategoryType,
	Severity:    Info,
	Summary:     "A column declared smallint or integer: counters and keys outgrow 2 or 4 bytes, and widening the column later rewrites the table.",
	Alternative: "bigint (8 bytes; the saving of integer is usually lost to alignment)",
	check:       checkPreferBigint,
}

func checkPreferBigint(c *stmtCtx, r *Rule) {
	for _, ct := range c.columnTypes() {
		limit := ""
		switch ct.name {
		case "int2":
			limit = "32,767"
		case "int4":
			limit = "2,147,483,647"
		default:
			continue
		}
		c.report(r, typePos(c, ct), effect.Name{}, fmt.Sprintf("column %s of %s is %s, which overflows at %s; widening it later rewrites the table", effect.Name{Name: ct.column}, ct.table, ct.spelling(), limit), "")
	}
}

// typePos returns the offset of a column type for a finding.
func typePos(c *stmtCtx, ct columnType) int {
	if ct.pos >= c.stmt.Start && ct.pos < c.stmt.End {
		return ct.pos
	}
	return -1
}

func (ct columnType) spelling() string {
	if ct.text != "" {
		return ct.text
	}
	return ct.name
}
