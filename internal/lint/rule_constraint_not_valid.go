package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleConstraintNotValid = &Rule{
	ID:          "constraint-not-valid",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "A CHECK or FOREIGN KEY added to an existing table without NOT VALID: every row is checked while the lock is held (ACCESS EXCLUSIVE for a CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key).",
	Alternative: "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later transaction: validation holds only SHARE UPDATE EXCLUSIVE, which lets reads and writes go on",
	check:       checkConstraintNotValid,
}

func checkConstraintNotValid(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		k := a.Constraint
		if a.New || k == nil || k.NotValid || k.Type != effect.ConstraintCheck && k.Type != effect.ConstraintForeignKey {
			continue
		}
		switch a.Kind {
		case effect.ActAddConstraint:
			if k.Type == effect.ConstraintCheck {
				c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD CONSTRAINT %sCHECK takes %s on %s and checks every row while holding it (%s)",
					nameWord(k.Name), a.Lock, a.Target, a.Lock.Impact()), "")
			} else {
				c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD CONSTRAINT %sFOREIGN KEY takes %s on %s and on %s and checks every row while holding them (%s of both)",
					nameWord(k.Name), a.Lock, a.Target, k.References, a.Lock.Impact()), "")
			}
		case effect.ActAddColumn:
			// A column constraint cannot be NOT VALID; PostgreSQL checks the
			// existing rows (all NULL or the default) with a full scan.
			c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD COLUMN %s with an inline %s checks every row of %s while holding %s (%s)",
				a.Column, k.Type, a.Target, a.Lock, a.Lock.Impact()),
				"add the column first, then ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT in a later transaction")
		}
	}
}

// nameWord returns `name ` for a constraint's name, or "" when unnamed.
func nameWord(n string) string {
	if n == "" {
		return ""
	}
	return effect.Name{Name: n}.String() + " "
}
