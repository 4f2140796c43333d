package inspect

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/schema"
)

// Querier runs a query; *pgx.Conn, *pgxpool.Pool and pgx.Tx satisfy it.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Roles reads the roles called names that exist on the server behind conn,
// sorted by name: the current side of the roles a desired state declares
// (diff.Options.ManageRoles). A name with no role is absent from the result.
func Roles(ctx context.Context, conn Querier, names []string) ([]*schema.Role, error) {
	if len(names) == 0 {
		return nil, nil
	}
	rows, err := conn.Query(ctx, query("roles.sql"), names)
	if err != nil {
		return nil, fmt.Errorf("inspect roles: %w", err)
	}
	type roleRow struct {
		Name     string   `db:"name"`
		Login    bool     `db:"login"`
		Inherit  bool     `db:"inherit"`
		MemberOf []string `db:"member_of"`
		Comment  string   `db:"comment"`
	}
	read, err := pgx.CollectRows(rows, pgx.RowToStructByName[roleRow])
	if err != nil {
		return nil, fmt.Errorf("inspect roles: %w", err)
	}
	roles := make([]*schema.Role, len(read))
	for i, r := range read {
		roles[i] = &schema.Role{Name: r.Name, Login: r.Login, Inherit: r.Inherit, MemberOf: r.MemberOf, Comment: r.Comment}
		if len(r.MemberOf) == 0 {
			roles[i].MemberOf = nil
		}
	}
	return roles, nil
}
