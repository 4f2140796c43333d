package lint

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleTruncate = &Rule{
	ID:       "truncate",
	Category: CategoryData,
	Severity: Error,
	Summary: "TRUNCATE ... CASCADE of an existing table, which also empties every table with a foreign key to it (and the tables referencing those) without naming them; " +
		"or TRUNCATE of a table that a known foreign key references, which PostgreSQL refuses unless the referencing table is truncated in the same statement. " +
		"A TRUNCATE that names every table it empties is not flagged.",
	Alternative: "name every table to empty in one TRUNCATE, without CASCADE: the statement then says what it deletes, and fails instead of emptying a table nobody listed",
	check:       checkTruncate,
}

func checkTruncate(c *stmtCtx, r *Rule) {
	ts := c.stmt.Node().GetTruncateStmt()
	if ts == nil {
		return
	}
	cascade := ts.Behavior == pg_query.DropBehavior_DROP_CASCADE
	named := map[effect.Name]bool{}
	for _, a := range c.eff.Actions {
		if a.Kind == effect.ActTruncate {
			named[a.Target] = true
		}
	}
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActTruncate {
			continue
		}
		refs := c.run.l.referencing(c.before, a.Target)
		var others []string
		for _, n := range refs {
			if !named[n] {
				others = append(others, n.String())
			}
		}
		switch {
		case cascade && a.Destructive:
			msg := fmt.Sprintf("TRUNCATE ... CASCADE empties %s and every table with a foreign key to it, and the tables referencing those, without naming them", a.Target)
			if len(others) > 0 {
				msg += " (known: " + strings.Join(others, ", ") + ")"
			} else if _, ok := c.run.l.base.(referencedBy); ok {
				msg += " (none does today; CASCADE also empties any that a later migration adds)"
			} else {
				msg += " (none is known to lint; --url reads the database's foreign keys)"
			}
			c.report(r, c.at(a), a.Target, msg, "")
		case !cascade && len(others) > 0:
			c.report(r, c.at(a), a.Target, fmt.Sprintf("TRUNCATE %s fails: %s %s a foreign key to it and %s not truncated in the same statement",
				a.Target, strings.Join(others, ", "), plural(len(others), "has", "have"), plural(len(others), "is", "are")),
				fmt.Sprintf("name the referencing tables in the same TRUNCATE (TRUNCATE %s, %s) if their rows must go too, or DELETE the rows that may go", a.Target, strings.Join(others, ", ")))
		}
	}
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
