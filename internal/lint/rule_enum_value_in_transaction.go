package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleEnumValueInTransaction = &Rule{
	ID:       "enum-value-in-transaction",
	Category: CategoryLock,
	Severity: Error,
	Summary: "An enum value added by ALTER TYPE ... ADD VALUE and used in the same transaction: PostgreSQL refuses the use (\"unsafe use of new value\") until the transaction that added it commits, " +
		"unless the type itself was created in that transaction. (Before PostgreSQL 12, ADD VALUE could not run in a transaction block at all.)",
	Alternative: "add the enum value in a migration of its own, committed before the migration that uses it",
	check:       checkEnumValueInTransaction,
}

func checkEnumValueInTransaction(c *stmtCtx, r *Rule) {
	if !c.inTx || len(c.run.enumAdds) == 0 {
		return
	}
	var lits map[string]bool
	for _, add := range c.run.enumAdds {
		if add.tx != c.txID || c.run.l.state.NewType(add.value.Type) {
			continue
		}
		if lits == nil {
			lits = stringLiterals(c.stmt)
		}
		if !lits[add.value.Value] {
			continue
		}
		c.report(r, -1, effect.Name{}, fmt.Sprintf("%s uses '%s', which ALTER TYPE %s ADD VALUE added earlier in the same transaction: PostgreSQL rejects it (unsafe use of new value) until that transaction commits",
			c.eff.Tag, add.value.Value, add.value.Type), "")
	}
}
