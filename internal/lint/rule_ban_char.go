package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleBanChar = &Rule{
	ID:          "ban-char",
	Category:    CategoryType,
	Severity:    Info,
	Summary:     "A column declared char(n) or character(n): values are padded with spaces, which are ignored by some comparisons and kept by others, and it saves no space over text.",
	Alternative: "text (with a CHECK on the length if one is needed)",
	check:       checkBanChar,
}

func checkBanChar(c *stmtCtx, r *Rule) {
	for _, ct := range c.columnTypes() {
		// The keyword CHAR parses to pg_catalog.bpchar; a quoted "char" is
		// PostgreSQL's one-byte internal type, which is not flagged.
		// pg_catalog."char" is the same one-byte type. Unquoted CHAR,
		// CHARACTER and NCHAR parse to bpchar, so a last name part "char"
		// was always quoted.
		if ct.name != "bpchar" || len(ct.names) > 0 && ct.names[len(ct.names)-1] == "char" {
			continue
		}
		c.report(r, typePos(c, ct), effect.Name{}, fmt.Sprintf("column %s of %s is %s, which pads values with spaces", effect.Name{Name: ct.column}, ct.table, ct.spelling()), "")
	}
}
