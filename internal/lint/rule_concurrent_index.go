package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleConcurrentIndex = &Rule{
	ID:          "concurrent-index",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "CREATE INDEX without CONCURRENTLY on an existing table: the build holds SHARE on the table, which blocks writes until it ends.",
	Alternative: "CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction (for sqlx, a file of its own whose first line is -- no-transaction)",
	check:       checkConcurrentIndex,
}

func checkConcurrentIndex(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		// ON ONLY a partitioned table builds nothing (Scan is false), and
		// IF NOT EXISTS on an existing index takes no lock.
		if a.Kind != effect.ActCreateIndex || a.Concurrently || !a.Scan || a.New || a.Lock == effect.LockNone {
			continue
		}
		msg := fmt.Sprintf("CREATE INDEX takes %s on %s and %s while it reads the whole table to build the index", a.Lock, a.Target, a.Lock.Impact())
		hint := ""
		if t, ok := c.before.Table(a.Target); ok && t.Kind == effect.KindPartitioned {
			// PostgreSQL (up to 17 at least) cannot build an index on a
			// partitioned table CONCURRENTLY.
			hint = "a partitioned table cannot be indexed CONCURRENTLY: CREATE INDEX ON ONLY the parent, CREATE INDEX CONCURRENTLY on each partition, then ALTER INDEX ... ATTACH PARTITION each of them"
		}
		c.report(r, -1, a.Target, msg, hint)
	}
}
