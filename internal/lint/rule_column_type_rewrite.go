package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleColumnTypeRewrite = &Rule{
	ID:          "column-type-rewrite",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "ALTER COLUMN ... TYPE that rewrites the table and all its indexes while ACCESS EXCLUSIVE is held.",
	Alternative: "a change PostgreSQL makes without a rewrite (varchar(n) to a larger n or to text, numeric(p,s) to a larger p at the same scale, cidr to inet, ...); otherwise add a new column, backfill it in batches, and switch over in a later migration",
	check:       checkColumnTypeRewrite,
}

func checkColumnTypeRewrite(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActAlterColumnType || !a.Rewrite || a.New {
			continue
		}
		col := effect.Name{Name: a.Column}
		var msg string
		if a.FromType == "" {
			msg = fmt.Sprintf("ALTER COLUMN %s TYPE %s may rewrite %s and its indexes while holding %s (%s): the column's current type is unknown (it is not in the linted files; --url reads it), so a rewrite is assumed",
				col, a.ToType, a.Target, a.Lock, a.Lock.Impact())
		} else {
			msg = fmt.Sprintf("ALTER COLUMN %s TYPE %s rewrites %s and its indexes while holding %s (%s): %s",
				col, a.ToType, a.Target, a.Lock, a.Lock.Impact(), a.Reason)
		}
		c.report(r, c.at(a), a.Target, msg, "")
	}
}
