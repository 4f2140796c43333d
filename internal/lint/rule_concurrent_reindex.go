package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleConcurrentReindex = &Rule{
	ID:          "concurrent-reindex",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "REINDEX without CONCURRENTLY: it holds SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index it rebuilds (queries that would use the index wait).",
	Alternative: "REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction",
	check:       checkConcurrentReindex,
}

func checkConcurrentReindex(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActReindex || a.Concurrently || c.isNew(a.Target) {
			continue
		}
		table := effect.Name{}
		switch a.TargetKind {
		case effect.KindTable:
			table = a.Target
		case effect.KindIndex:
			if ix, ok := c.before.Index(a.Target); ok {
				if c.isNew(ix.Table) {
					continue
				}
				table = ix.Table
			}
		}
		what := a.Target.String()
		switch a.TargetKind {
		case effect.KindSchema:
			what = "every table of schema " + a.Target.String()
		case effect.KindDatabase:
			what = "every table of the database"
		}
		msg := fmt.Sprintf("REINDEX rebuilds the indexes of %s while holding SHARE on each table (blocks writes) and ACCESS EXCLUSIVE on each index (blocks the queries that would use it)", what)
		c.report(r, -1, table, msg, "")
	}
}
