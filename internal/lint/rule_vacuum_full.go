package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleVacuumFull = &Rule{
	ID:          "vacuum-full",
	Category:    CategoryLock,
	Severity:    Warning,
	SizeMatters: true,
	Summary:     "VACUUM FULL or CLUSTER: the table is copied anew while ACCESS EXCLUSIVE is held, blocking reads and writes for the whole copy.",
	Alternative: "pg_repack or pg_squeeze rebuild a table online; a plain VACUUM (without FULL) takes no blocking lock",
	check:       checkVacuumFull,
}

func checkVacuumFull(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActVacuumFull && a.Kind != effect.ActCluster || c.isNew(a.Target) {
			continue
		}
		verb := "VACUUM FULL"
		if a.Kind == effect.ActCluster {
			verb = "CLUSTER"
		}
		what, rel := a.Target.String(), a.Target
		if a.TargetKind == effect.KindDatabase {
			what, rel = "every table of the database", effect.Name{}
			if a.Kind == effect.ActCluster {
				what = "every clustered table of the database"
			}
		}
		c.report(r, c.at(a), rel, fmt.Sprintf("%s writes a new copy of %s while holding %s (%s)", verb, what, effect.AccessExclusive, effect.AccessExclusive.Impact()), "")
	}
}
