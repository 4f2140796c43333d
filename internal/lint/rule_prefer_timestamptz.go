package lint

import (
	"fmt"
	"strings"

	"github.com/schemactl/schemactl/internal/effect"
)

var rulePreferTimestamptz = &Rule{
	ID:          "prefer-timestamptz",
	Category:    CategoryType,
	Severity:    Info,
	Summary:     "A column declared timestamp (without time zone): the value does not say which time zone it is in, so sessions and applications in other time zones read it wrong.",
	Alternative: "timestamptz (timestamp with time zone), which stores an instant and converts it to each session's time zone",
	check:       checkPreferTimestamptz,
}

func checkPreferTimestamptz(c *stmtCtx, r *Rule) {
	for _, ct := range c.columnTypes() {
		if ct.name != "timestamp" {
			continue
		}
		what := ct.spelling()
		if !strings.Contains(strings.ToLower(what), "without time zone") {
			what += " (without time zone)"
		}
		c.report(r, typePos(c, ct), effect.Name{}, fmt.Sprintf("column %s of %s is %s", effect.Name{Name: ct.column}, ct.table, what), "")
	}
}
