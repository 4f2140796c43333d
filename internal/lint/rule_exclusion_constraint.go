package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleExclusionConstraint = &Rule{
	ID:          "exclusion-constraint",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "An EXCLUDE constraint added to an existing table: its index is built from a full scan while ACCESS EXCLUSIVE is held, and PostgreSQL has no CONCURRENTLY or USING INDEX form for it.",
	Alternative: "declare exclusion constraints when the table is created; on a big table, schedule the change for a quiet period with a short lock_timeout",
	check:       checkExclusionConstraint,
}

func checkExclusionConstraint(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		k := a.Constraint
		if a.New || k == nil || k.Type != effect.ConstraintExclusion {
			continue
		}
		if a.Kind != effect.ActAddConstraint && a.Kind != effect.ActAddColumn {
			continue
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD CONSTRAINT %sEXCLUDE builds its index on %s from a full scan while holding %s (%s)",
			nameWord(k.Name), a.Target, a.Lock, a.Lock.Impact()), "")
	}
}
