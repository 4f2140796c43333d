package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleUniqueConstraintIndex = &Rule{
	ID:          "unique-constraint-index",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "A UNIQUE or PRIMARY KEY constraint added to an existing table without USING INDEX: its index is built from a full scan while ACCESS EXCLUSIVE is held.",
	Alternative: "CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE ... ADD CONSTRAINT name UNIQUE (or PRIMARY KEY) USING INDEX index_name, which takes the lock only for a moment",
	check:       checkUniqueConstraintIndex,
}

func checkUniqueConstraintIndex(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		k := a.Constraint
		if a.New || k == nil || k.UsingIndex != "" || k.Type != effect.ConstraintUnique && k.Type != effect.ConstraintPrimaryKey {
			continue
		}
		if a.Kind != effect.ActAddConstraint && a.Kind != effect.ActAddColumn {
			continue
		}
		what := "ADD CONSTRAINT " + nameWord(k.Name) + string(k.Type)
		if a.Kind == effect.ActAddColumn {
			what = fmt.Sprintf("ADD COLUMN %s %s", a.Column, k.Type)
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("%s builds a unique index on %s from a full scan while holding %s (%s)", what, a.Target, a.Lock, a.Lock.Impact()), "")
	}
}
