package lint

import "fmt"

var ruleTransactionNesting = &Rule{
	ID:       "transaction-nesting",
	Category: CategoryMigration,
	Severity: Warning,
	Summary: "BEGIN inside a transaction block (an explicit one, or the one the runner wraps the file in), or COMMIT/ROLLBACK where no BEGIN of the file opened one. " +
		"PostgreSQL has no nested transactions: the inner BEGIN only warns, and the first COMMIT ends the runner's transaction early, so the statements after it, " +
		"and the runner's own bookkeeping, run outside it (a ROLLBACK discards the migration while the runner records it as applied).",
	Alternative: "leave transactions to the runner; where part of a migration must commit on its own, put it in a migration of its own (SAVEPOINT for a nested unit)",
	check:       checkTransactionNesting,
}

func checkTransactionNesting(c *stmtCtx, r *Rule) {
	switch c.eff.Tag {
	case "BEGIN", "START TRANSACTION":
		switch {
		case c.explicit:
			c.report(r, -1, zeroName, fmt.Sprintf("%s inside a transaction block that an earlier BEGIN opened: PostgreSQL only warns, and the first COMMIT ends both", c.eff.Tag), "")
		case c.inTx && c.run.mode == TxFile:
			c.report(r, -1, zeroName, fmt.Sprintf("%s in a file that %s runs in a transaction: PostgreSQL only warns, and the file's COMMIT then commits %s's transaction before it ends it", c.eff.Tag, c.runnerTx(), c.runner()),
				"remove BEGIN and COMMIT: "+c.runner()+" already runs the file in one transaction")
		}
	case "COMMIT", "ROLLBACK":
		switch {
		case c.explicit:
			return
		case c.inTx && c.run.mode == TxFile:
			what := "commits"
			if c.eff.Tag == "ROLLBACK" {
				what = "rolls back"
			}
			c.report(r, -1, zeroName, fmt.Sprintf("%s in a file that %s runs in a transaction: it %s %s's transaction, so the statements after it and %s's own bookkeeping run outside one", c.eff.Tag, c.runnerTx(), what, c.runner(), c.runner()),
				"remove it: "+c.runner()+" commits the file's transaction itself")
		case c.run.mode == TxAutocommit:
			c.report(r, -1, zeroName, fmt.Sprintf("%s with no transaction open: the statements before it have each committed on their own already, so they were never one transaction", c.eff.Tag),
				"BEGIN before the statements that must succeed or fail together, or drop the COMMIT")
		}
	}
}

// runnerTx names who wraps the file in a transaction, for messages.
func (c *stmtCtx) runnerTx() string {
	if c.run.assumed {
		return "the runner (--assume-in-transaction)"
	}
	return c.runner()
}
