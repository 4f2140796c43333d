package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// policyCommands maps pg_policy.polcmd to the command a policy is FOR.
var policyCommands = map[string]string{
	"*": "ALL",
	"r": "SELECT",
	"a": "INSERT",
	"w": "UPDATE",
	"d": "DELETE",
}

// readPolicies reads the row level security policies of every table.
// Whether row level security is on is a table property (tables.sql).
func (in *inspector) readPolicies(ctx context.Context) error {
	var (
		tableOID                                 uint32
		name, command, using, withCheck, comment string
		permissive                               bool
		roles                                    []string
	)
	return in.query(ctx, "policies.sql",
		[]any{&tableOID, &name, &permissive, &command, &roles, &using, &withCheck, &comment},
		func() error {
			defer func() { roles = nil }()
			ti, ok := in.tables[tableOID]
			if !ok {
				return fmt.Errorf("policy %s of unknown table %d", name, tableOID)
			}
			cmd, ok := policyCommands[command]
			if !ok {
				return fmt.Errorf("policy %s on %s: unknown command %q", name, ti.name, command)
			}
			ti.table.Policies = append(ti.table.Policies, &schema.Policy{
				Name:        name,
				Restrictive: !permissive,
				Command:     cmd,
				Roles:       roles,
				Using:       schema.Expr(unwrapParens(using)),
				WithCheck:   schema.Expr(unwrapParens(withCheck)),
				Comment:     comment,
			})
			return nil
		})
}
