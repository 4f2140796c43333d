package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleConcurrentInTransaction = &Rule{
	ID:       "concurrent-in-transaction",
	Category: CategoryLock,
	Severity: Error,
	Summary: "A statement that cannot run in a transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, VACUUM, ...) placed where it runs in one: " +
		"a file the runner wraps in a transaction, an explicit BEGIN, or a no-transaction file that holds other statements. It fails at run time.",
	Alternative: "put the statement alone in a migration that runs outside a transaction: for sqlx a file whose first line is -- no-transaction, for goose -- +goose NO TRANSACTION, for dbmate -- migrate:up transaction:false",
	check:       checkConcurrentInTransaction,
}

func checkConcurrentInTransaction(c *stmtCtx, r *Rule) {
	if c.eff.Transactional || !c.inTx {
		return
	}
	what := commandWords(c.eff)
	var msg, hint string
	switch {
	case c.explicit:
		msg = fmt.Sprintf("%s cannot run inside a transaction block, and this one runs between BEGIN and COMMIT: it fails at run time", what)
		hint = "move it out of the BEGIN ... COMMIT block"
	case c.run.mode == TxFile:
		runner := c.run.f.Runner
		if c.run.assumed {
			runner = ""
		}
		switch runner {
		case "sqlx":
			hint = "move it to a file of its own whose first line is -- no-transaction"
		case "goose":
			hint = "move it to a migration of its own marked -- +goose NO TRANSACTION"
		case "dbmate":
			hint = "move it alone to a migration whose up section starts with -- migrate:up transaction:false"
		case "":
			runner = "the runner (--assume-in-transaction)"
			hint = "run it outside a transaction, alone"
		}
		msg = fmt.Sprintf("%s cannot run inside a transaction block, and %s runs this file in one transaction: it fails at run time", what, runner)
	default:
		msg = fmt.Sprintf("%s cannot run inside a transaction block, and this file holds other statements: %s sends the file as one query string, which PostgreSQL runs as one implicit transaction, so it fails at run time", what, c.runner())
		hint = "put it alone in a migration of its own"
	}
	c.report(r, -1, effect.Name{}, msg, hint)
}

// commandWords names a statement for messages, with CONCURRENTLY when it
// was given: "CREATE INDEX CONCURRENTLY", "DETACH PARTITION CONCURRENTLY".
func commandWords(e effect.Effect) string {
	for _, a := range e.Actions {
		if a.Concurrently {
			if a.Kind == effect.ActDetachPartition {
				return "DETACH PARTITION CONCURRENTLY"
			}
			return e.Tag + " CONCURRENTLY"
		}
	}
	return e.Tag
}
