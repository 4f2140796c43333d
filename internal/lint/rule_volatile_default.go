package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleVolatileDefault = &Rule{
	ID:          "volatile-default",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a serial's nextval()), a stored generated column or an identity column: the table is rewritten while ACCESS EXCLUSIVE is held.",
	Alternative: "add the column without a default (or with a constant or now() default, stored once without a rewrite), backfill existing rows in batches, then ALTER COLUMN ... SET DEFAULT",
	check:       checkVolatileDefault,
}

func checkVolatileDefault(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActAddColumn || !a.Rewrite || a.New {
			continue
		}
		hint := ""
		if a.Generated || a.Identity {
			hint = "a stored generated or identity column has no online form: add a plain column, fill it in batches (and keep it filled with a trigger), or add it when the table is created"
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD COLUMN %s rewrites %s while holding %s (%s): %s",
			effect.Name{Name: a.Column}, a.Target, a.Lock, a.Lock.Impact(), a.Reason), hint)
	}
}
