package state

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/schema"
)

// A Runner is the bookkeeping of the migration tool that runs a directory
// (sqlx's _sqlx_migrations, goose's goose_db_version, ...). A replay
// creates the runner's table before the first script and writes the rows
// the runner writes around each one, so that a migration that reads,
// updates or deletes them runs as it does in production. The table is the
// runner's, not the schema's: it is left out of the replay's state.
type Runner struct {
	// Name names the runner ("sqlx"), for the cache key.
	Name string
	// Table is the bookkeeping table's name. The runners create it
	// unqualified, or qualified by current_schema(), so it lives in the
	// first schema of the search_path that exists (public by default).
	Table string
	// Setup returns the statements that create the table, and the rows the
	// runner writes when it creates it. table is the table's quoted,
	// schema-qualified name.
	Setup func(table string) []Statement
	// Before returns the statements the runner sends before script i (nil
	// for none); After the ones it sends once script i ran for elapsed.
	Before func(table string, i int) []Statement
	After  func(table string, i int, elapsed time.Duration) []Statement
	// Keep keeps the table in the replay's state, for a user who asks for
	// it by name.
	Keep bool
}

// A Statement is SQL with its parameters ($1, ...).
type Statement struct {
	SQL  string
	Args []any
}

// cacheKey is what of r changes the replay's state.
func (r *Runner) cacheKey() string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("runner %s %s keep=%t", r.Name, r.Table, r.Keep)
}

// runnerTable is a runner's table once created: where it lives.
type runnerTable struct {
	r      *Runner
	schema string
	quoted string
}

// setup creates r's table on conn, in the schema the runner would use.
func (r *Runner) setup(ctx context.Context, conn *pgx.Conn) (*runnerTable, error) {
	if r == nil {
		return nil, nil
	}
	var schemaName *string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schemaName); err != nil {
		return nil, fmt.Errorf("%s bookkeeping table: %w", r.Name, err)
	}
	t := &runnerTable{r: r, schema: "public"}
	if schemaName != nil {
		t.schema = *schemaName
	}
	t.quoted = pgx.Identifier{t.schema, r.Table}.Sanitize()
	if err := t.exec(ctx, conn, r.Setup(t.quoted)); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *runnerTable) before(ctx context.Context, conn *pgx.Conn, i int) error {
	if t == nil || t.r.Before == nil {
		return nil
	}
	return t.exec(ctx, conn, t.r.Before(t.quoted, i))
}

func (t *runnerTable) after(ctx context.Context, conn *pgx.Conn, i int, elapsed time.Duration) error {
	if t == nil || t.r.After == nil {
		return nil
	}
	return t.exec(ctx, conn, t.r.After(t.quoted, i, elapsed))
}

func (t *runnerTable) exec(ctx context.Context, conn *pgx.Conn, stmts []Statement) error {
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s.SQL, s.Args...); err != nil {
			return fmt.Errorf("%s bookkeeping (%s): %w", t.r.Name, t.quoted, err)
		}
	}
	return nil
}

// filter removes the runner's table from realm, unless the user asked to
// keep it. A migration may have moved or dropped it; then there is nothing
// to remove.
func (t *runnerTable) filter(realm *schema.Realm) {
	if t == nil || t.r.Keep {
		return
	}
	RemoveTable(realm, t.schema, t.r.Table)
}

// RemoveTable removes the table schemaName.name from realm, if it is
// there.
func RemoveTable(realm *schema.Realm, schemaName, name string) {
	for _, s := range realm.Schemas {
		if s.Name != schemaName {
			continue
		}
		for i, tb := range s.Tables {
			if tb.Name == name {
				s.Tables = append(s.Tables[:i:i], s.Tables[i+1:]...)
				return
			}
		}
	}
}
