package lint

import (
	"fmt"
	"strings"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleAddRequiredColumn = &Rule{
	ID:          "add-required-column",
	Category:    CategoryData,
	Severity:    Error,
	Summary:     "ADD COLUMN ... NOT NULL without a default on an existing table: the statement fails as soon as the table holds a row, and deployed code that inserts without the column fails afterwards.",
	Alternative: "give the column a constant DEFAULT (PostgreSQL 11+ stores it once, without a rewrite), or add it nullable, backfill it, and set NOT NULL online (see set-not-null)",
	check:       checkAddRequiredColumn,
}

func checkAddRequiredColumn(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		// DEFAULT NULL is no default: the existing rows get NULL and the
		// NOT NULL fails just the same.
		if a.Kind != effect.ActAddColumn || a.New || !a.NotNull || a.Default != "" && !nullDefault(a.Default) || a.Identity || a.Generated {
			continue
		}
		c.report(r, c.at(a), a.Target, fmt.Sprintf("ADD COLUMN %s NOT NULL without a default fails on %s if it holds any row, and breaks deployed code that inserts without the column",
			effect.Name{Name: a.Column}, a.Target), "")
	}
}

// nullDefault reports whether a deparsed default is the NULL constant,
// possibly cast (NULL::bigint).
func nullDefault(def string) bool {
	d := strings.ToUpper(strings.TrimSpace(def))
	d, _, _ = strings.Cut(d, "::")
	return strings.TrimSpace(strings.Trim(d, "()")) == "NULL"
}
