package lint

import (
	"fmt"

	"github.com/schemactl/schemactl/internal/effect"
)

var ruleDropSchema = &Rule{
	ID:          "drop-schema",
	Category:    CategoryData,
	Severity:    Error,
	Summary:     "DROP SCHEMA of a schema that existed before the migration: with CASCADE every object in it is dropped, data included; without it the statement fails unless the schema is empty.",
	Alternative: "drop the schema's objects one by one in reviewed migrations, then the empty schema without CASCADE",
	check:       checkDropSchema,
}

func checkDropSchema(c *stmtCtx, r *Rule) {
	for _, a := range c.eff.Actions {
		if a.Kind != effect.ActDrop || a.TargetKind != effect.KindSchema || c.run.newSchemas[a.Target.Name] {
			continue
		}
		msg := fmt.Sprintf("DROP SCHEMA %s breaks deployed code that uses it, and fails unless the schema is empty", a.Target)
		if a.Destructive {
			msg = fmt.Sprintf("DROP SCHEMA %s CASCADE drops every table, view and function in the schema, with their data", a.Target)
		}
		c.report(r, -1, effect.Name{}, msg, "")
	}
}
