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
	Summary: "A CHECK or FOREIGN KEY added to an existing table without NOT VALID: every row is checked while the lock is held (ACCESS EXCLUSIVE for a CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key). " +
		"Also: VALIDATE CONSTRAINT in the same transaction as the ADD ... NOT VALID (the ADD's lock is still held, so NOT VALID gains nothing), " +
		"and ALTER DOMAIN ... ADD CONSTRAINT or VALIDATE CONSTRAINT, which check every column of the domain while holding SHARE (writes wait) on each table that uses it.",
	Alternative: "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later transaction: validation holds only SHARE UPDATE EXCLUSIVE, which lets reads and writes go on",
	check:       checkConstraintNotValid,
}

// notValidAdd is a constraint added NOT VALID to an existing table, with
// the transaction that added it and the lock that transaction holds.
type notValidAdd struct {
	table effect.Name
	name  string
	tx    int
	lock  effect.Lock
	line  int
}

func checkConstraintNotValid(c *stmtCtx, r *Rule) {
	if c.eff.Tag == "ALTER DOMAIN" {
		checkDomainConstraint(c, r)
		return
	}
	for _, a := range c.eff.Actions {
		k := a.Constraint
		if a.New || k == nil {
			continue
		}
		if a.Kind == effect.ActValidateConstraint {
			checkValidateSameTx(c, r, a)
			continue
		}
		if k.NotValid || k.Type != effect.ConstraintCheck && k.Type != effect.ConstraintForeignKey {
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

// checkValidateSameTx reports a VALIDATE CONSTRAINT that runs in the
// transaction whose ADD CONSTRAINT ... NOT VALID added the constraint: that
// transaction still holds the ADD's lock, so the validation's scan blocks
// what it would block without NOT VALID.
func checkValidateSameTx(c *stmtCtx, r *Rule, a effect.Action) {
	if !c.inTx {
		return
	}
	for _, add := range c.run.notValid {
		if add.table != a.Target || add.name != a.Constraint.Name || add.tx != c.txID {
			continue
		}
		why := "the file runs in one transaction"
		switch {
		case c.explicit:
			why = "both are between one BEGIN and COMMIT"
		case c.run.mode == TxOneQuery:
			why = c.runner() + " sends the file as one query string, which PostgreSQL runs as one implicit transaction"
		case c.run.assumed || c.run.f.Runner == "":
			why = "assume-in-transaction: the runner runs the file in one transaction"
		default:
			why = c.run.f.Runner + " runs the file in one transaction"
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("VALIDATE CONSTRAINT %s runs in the same transaction as the ADD CONSTRAINT ... NOT VALID on line %d (%s): that transaction still holds %s on %s (%s), so the validation scans every row under it and NOT VALID gains nothing",
			effect.Name{Name: add.name}, add.line, why, add.lock, a.Target, add.lock.Impact()),
			"commit between the two: VALIDATE CONSTRAINT in a later migration (or after COMMIT), where it holds only SHARE UPDATE EXCLUSIVE")
		return
	}
}

// checkDomainConstraint reports ALTER DOMAIN ... ADD CONSTRAINT (without
// NOT VALID) and VALIDATE CONSTRAINT: PostgreSQL checks every column of
// the domain holding SHARE on each table that uses it (observed on
// PostgreSQL 15 for both), so on a domain NOT VALID defers the scan but
// does not spare the write-blocking lock.
func checkDomainConstraint(c *stmtCtx, r *Rule) {
	ad := c.stmt.Node().GetAlterDomainStmt()
	if ad == nil || len(c.eff.Actions) == 0 || c.run.l.state.NewType(c.eff.Actions[0].Target) {
		return
	}
	dom := c.eff.Actions[0].Target
	hint := "put the CHECK on the table columns instead of the domain (ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later transaction), or make the change while the domain's tables are small"
	switch ad.Subtype {
	case "C":
		con := ad.Def.GetConstraint()
		if con == nil || con.SkipValidation {
			return
		}
		c.report(r, -1, effect.Name{}, fmt.Sprintf("ALTER DOMAIN %s ADD CONSTRAINT checks every column of type %s while holding SHARE on each table that uses it (blocks writes)", dom, dom), hint)
	case "V":
		c.report(r, -1, effect.Name{}, fmt.Sprintf("ALTER DOMAIN %s VALIDATE CONSTRAINT checks every column of type %s while holding SHARE on each table that uses it (blocks writes): unlike a table's VALIDATE, NOT VALID on a domain defers the scan but not the lock", dom, dom), hint)
	}
}

// nameWord returns `name ` for a constraint's name, or "" when unnamed.
func nameWord(n string) string {
	if n == "" {
		return ""
	}
	return effect.Name{Name: n}.String() + " "
}
