package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleConcurrentIndexDrop = &Rule{
	ID:          "concurrent-index-drop",
	Category:    CategoryLock,
	Severity:    Warning,
	Summary:     "DROP INDEX without CONCURRENTLY: it takes ACCESS EXCLUSIVE on the index's table, so every query on the table waits for it.",
	Alternative: "DROP INDEX CONCURRENTLY, outside a transaction: it waits for queries using the index instead of blocking them",
	check:       checkConcurrentIndexDrop,
}

func checkConcurrentIndexDrop(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActDropIndex || a.Concurrently || c.isNew(a.Target) {
			continue
		}
		table := effect.Name{}
		if ix, ok := c.before.Index(a.Target); ok {
			if c.isNew(ix.Table) {
				continue
			}
			table = ix.Table
		}
		var msg string
		if table.IsZero() {
			msg = fmt.Sprintf("DROP INDEX takes %s on %s and on its table, which %s of the table", a.Lock, a.Target, a.Lock.Impact())
		} else {
			msg = fmt.Sprintf("DROP INDEX takes %s on %s and on its table %s, which %s of the table", a.Lock, a.Target, table, a.Lock.Impact())
		}
		c.report(r, -1, table, msg, "")
	}
}
