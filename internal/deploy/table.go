package deploy

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/migrate"
)

// A Table is a runner's bookkeeping table in a database: where the runner
// looks for it (the first schema of the search_path that exists, as every
// runner creates it unqualified or in current_schema()), and whether it
// exists yet.
type Table struct {
	Schema, Name string
	// Quoted is the schema-qualified, quoted name.
	Quoted string
	Exists bool
	// Database is current_database(), which lock keys are made from.
	Database string
}

// locate finds the table of the runner of facts on conn.
func locate(ctx context.Context, conn *pgx.Conn, facts *migrate.Facts) (*Table, error) {
	var schema *string
	t := &Table{Name: facts.Runner.Table, Schema: "public"}
	if err := conn.QueryRow(ctx, "SELECT current_schema(), current_database()").Scan(&schema, &t.Database); err != nil {
		return nil, fmt.Errorf("find the %s table: %w", facts.Runner.Name, err)
	}
	if schema != nil {
		t.Schema = *schema
	}
	t.Quoted = pgx.Identifier{t.Schema, t.Name}.Sanitize()
	if err := conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", t.Quoted).Scan(&t.Exists); err != nil {
		return nil, fmt.Errorf("find the %s table: %w", facts.Runner.Name, err)
	}
	return t, nil
}

// A Row is one migration as the runner's table records it, in common
// terms.
type Row struct {
	Version string
	// AppliedAt is when it ran; zero when the runner keeps no time.
	AppliedAt time.Time
	// Duration is how long it took; negative when the runner keeps none
	// (or, for sqlx, had not written it yet: -1 until the commit).
	Duration time.Duration
	// Checksum is what the runner recorded of the file; nil for none.
	Checksum []byte
	// OK is false for a failed or dirty migration.
	OK bool
}

// readRows reads the table's rows (none when it does not exist).
func readRows(ctx context.Context, conn *pgx.Conn, facts *migrate.Facts, t *Table) ([]Row, error) {
	if !t.Exists {
		return nil, nil
	}
	rows, err := conn.Query(ctx, fmt.Sprintf(facts.Applied, t.Quoted))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.Quoted, err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var at *time.Time
		var ns *int64
		if err := rows.Scan(&r.Version, &at, &ns, &r.Checksum, &r.OK); err != nil {
			return nil, fmt.Errorf("read %s: %w", t.Quoted, err)
		}
		if at != nil {
			r.AppliedAt = *at
		}
		r.Duration = -1
		if ns != nil && *ns >= 0 {
			r.Duration = time.Duration(*ns)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", t.Quoted, err)
	}
	return out, nil
}
