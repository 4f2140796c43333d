package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleSetNotNull = &Rule{
	ID:          "set-not-null",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "SET NOT NULL on an existing column: every row is checked for NULL while ACCESS EXCLUSIVE is held, unless a validated CHECK (col IS NOT NULL) already proves it.",
	Alternative: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (no blocking lock); then SET NOT NULL, which PostgreSQL 12+ proves from the validated CHECK without a scan; then DROP CONSTRAINT c",
	check:       checkSetNotNull,
}

func checkSetNotNull(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.New || !a.Scan {
			continue
		}
		switch {
		case a.Kind == effect.ActSetNotNull:
			msg := fmt.Sprintf("SET NOT NULL on %s.%s checks every row for NULL while holding %s (%s)", a.Target, effect.Name{Name: a.Column}, a.Lock, a.Lock.Impact())
			if _, known := c.before.Table(a.Target); !known {
				msg += "; lint cannot see a validated CHECK that would spare the scan (the table is not in the linted files; --url reads it)"
			}
			ck := effect.Name{Name: a.Target.Name + "_" + a.Column + "_not_null"}
			if t, ok := c.before.Table(a.Target); ok {
				for _, k := range t.Checks {
					if k.NotNullColumn == a.Column && !k.Valid {
						// The CHECK exists but is NOT VALID: validating it is the
						// missing step.
						hint := fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s first (no blocking lock); SET NOT NULL then needs no scan (PostgreSQL 12+)", a.Target, effect.Name{Name: k.Name})
						c.report(r, c.at(a), a.Target, msg, hint)
						return
					}
				}
			}
			hint := fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID; ALTER TABLE %s VALIDATE CONSTRAINT %s; then SET NOT NULL, which PostgreSQL 12+ proves from the validated CHECK without a scan; then DROP CONSTRAINT %s",
				a.Target, ck, effect.Name{Name: a.Column}, a.Target, ck, ck)
			c.report(r, c.at(a), a.Target, msg, hint)
		case a.Kind == effect.ActAddConstraint && a.Constraint != nil && a.Constraint.Type == effect.ConstraintPrimaryKey && a.Constraint.UsingIndex != "":
			c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD PRIMARY KEY USING INDEX makes nullable key columns of %s NOT NULL, checking every row while holding %s (%s)", a.Target, a.Lock, a.Lock.Impact()),
				"make the key columns NOT NULL first, through a validated CHECK (col IS NOT NULL)")
		}
	}
}
