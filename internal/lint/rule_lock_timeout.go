package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleLockTimeout = &Rule{
	ID:       "lock-timeout",
	Category: CategoryLock,
	Severity: Warning,
	Summary: "A statement that takes a lock blocking writes (SHARE or stronger, ACCESS EXCLUSIVE included) on an existing table with no lock_timeout set before it: " +
		"while it waits for the lock behind a long query, every later query on the table queues behind it. Reported once per file, at the first such statement.",
	Alternative: "SET lock_timeout = '5s' at the top of the migration (SET LOCAL inside a transaction), and retry the migration when it times out",
	check:       checkLockTimeout,
}

func checkLockTimeout(c *stmtCtx, r *Rule) {
	if c.run.timeoutReported || c.run.lockTimeoutActive(c) {
		return
	}
	var worst effect.Relation
	for _, rel := range c.eff.Relations {
		if rel.New || !rel.Lock.BlocksWrites() {
			continue
		}
		if rel.Lock > worst.Lock {
			worst = rel
		}
	}
	if worst.Lock == effect.LockNone {
		return
	}
	c.run.timeoutReported = true
	on := worst.Name.String()
	switch worst.Kind {
	case effect.KindDatabase:
		on = "every table of the database"
	case effect.KindSchema:
		on = "every table of schema " + effect.Name{Name: worst.Name.Schema}.String()
		if c.eff.Tag == "DROP SCHEMA" {
			on += " (and on the views and tables elsewhere that depend on them)"
		}
	case effect.KindDomain:
		on = "every table with a column of domain " + worst.Name.String()
	}
	msg := fmt.Sprintf("%s takes %s on %s with no lock_timeout set: while it waits for the lock, every other query on it queues behind it", c.eff.Tag, worst.Lock, on)
	rel := worst.Name
	if worst.Kind == effect.KindDatabase || worst.Kind == effect.KindSchema || worst.Kind == effect.KindDomain {
		rel = effect.Name{}
	}
	c.report(r, -1, rel, msg, "")
}
