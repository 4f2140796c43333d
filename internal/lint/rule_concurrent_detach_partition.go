package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleConcurrentDetachPartition = &Rule{
	ID:          "concurrent-detach-partition",
	Category:    CategoryLock,
	Severity:    Warning,
	Summary:     "DETACH PARTITION without CONCURRENTLY: it takes ACCESS EXCLUSIVE on the partitioned table, so every query on any partition waits.",
	Alternative: "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+), outside a transaction; it is refused while the table has a DEFAULT partition",
	check:       checkConcurrentDetachPartition,
}

func checkConcurrentDetachPartition(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActDetachPartition || a.Concurrently || a.New {
			continue
		}
		part := "the partition"
		if len(a.Relations) > 0 {
			part = "partition " + a.Relations[0].String()
		}
		msg := fmt.Sprintf("DETACH PARTITION takes %s on %s and on %s: reads and writes of every partition wait", a.Lock, a.Target, part)
		hint := ""
		if t, ok := c.before.Table(a.Target); ok && !t.DefaultPartition.IsZero() {
			hint = fmt.Sprintf("DETACH PARTITION CONCURRENTLY (PostgreSQL 14+) is refused while %s has a DEFAULT partition (%s); detach that one first, or accept the lock with a short lock_timeout", a.Target, t.DefaultPartition)
		}
		c.report(r, c.at(a), a.Target, msg, hint)
	}
}
