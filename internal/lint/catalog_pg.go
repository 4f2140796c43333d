package lint

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/effect"
)

// Catalog queries, one per object kind (style §2.5); each file opens with
// its purpose, parameters, order and minimum PostgreSQL version.
//
//go:embed queries/*.sql
var queries embed.FS

func mustQuery(name string) string {
	b, err := queries.ReadFile("queries/" + name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Beginner opens transactions; *pgx.Conn and *pgxpool.Pool satisfy it.
type Beginner interface {
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
}

// A DBCatalog is an effect.Catalog read from a live database: tables with
// their columns, CHECK and foreign key constraints, partitions and size
// estimates, and indexes. It is what `lint --url` lints against.
type DBCatalog struct {
	tables    map[effect.Name]effect.TableInfo
	indexes   map[effect.Name]effect.IndexInfo
	blockSize int64
}

// Table implements effect.Catalog.
func (c *DBCatalog) Table(n effect.Name) (effect.TableInfo, bool) {
	t, ok := c.tables[n]
	return t, ok
}

// Index implements effect.Catalog.
func (c *DBCatalog) Index(n effect.Name) (effect.IndexInfo, bool) {
	ix, ok := c.indexes[n]
	return ix, ok
}

// BlockSize returns the server's block size (8192 unless PostgreSQL was
// built otherwise), which turns relpages into bytes.
func (c *DBCatalog) BlockSize() int64 { return c.blockSize }

// Len returns the number of relations the catalog knows.
func (c *DBCatalog) Len() int { return len(c.tables) }

type tableRow struct {
	SchemaName    string  `db:"schema_name"`
	Name          string  `db:"name"`
	Kind          string  `db:"kind"`
	Rows          float64 `db:"rows"`
	Pages         int64   `db:"pages"`
	ParentSchema  string  `db:"parent_schema"`
	ParentName    string  `db:"parent_name"`
	DefaultSchema string  `db:"default_schema"`
	DefaultName   string  `db:"default_name"`
	BlockSize     int64   `db:"block_size"`
}

type columnRow struct {
	SchemaName string `db:"schema_name"`
	TableName  string `db:"table_name"`
	Name       string `db:"name"`
	Type       string `db:"type"`
	NotNull    bool   `db:"not_null"`
}

type constraintRow struct {
	SchemaName string   `db:"schema_name"`
	TableName  string   `db:"table_name"`
	Name       string   `db:"name"`
	Type       string   `db:"type"`
	Valid      bool     `db:"valid"`
	NotNullCol string   `db:"not_null_column"`
	RefSchema  string   `db:"ref_schema"`
	RefTable   string   `db:"ref_table"`
	Columns    []string `db:"columns"`
}

type indexRow struct {
	SchemaName  string `db:"schema_name"`
	Name        string `db:"name"`
	TableSchema string `db:"table_schema"`
	TableName   string `db:"table_name"`
	IsUnique    bool   `db:"is_unique"`
	IsPrimary   bool   `db:"is_primary"`
}

var relKinds = map[string]effect.Kind{
	"r": effect.KindTable, "p": effect.KindPartitioned, "v": effect.KindView,
	"m": effect.KindMatView, "S": effect.KindSequence, "f": effect.KindForeign,
}

// LoadCatalog reads the tables, columns, constraints and indexes of the
// given schemas (nil: every schema but PostgreSQL's own) with one catalog
// query per kind, inside one REPEATABLE READ READ ONLY transaction so that
// the picture is consistent. It reads only system catalogs, which takes no
// lock on any table: a migration holding ACCESS EXCLUSIVE does not block it.
func LoadCatalog(ctx context.Context, db Beginner, schemas []string) (*DBCatalog, error) {
	if schemas == nil {
		schemas = []string{}
	}
	tx, err := db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only; nothing to keep
	// An empty search_path makes format_type() qualify every type outside
	// pg_catalog, so that a type name is never ambiguous.
	if _, err := tx.Exec(ctx, "SET LOCAL search_path = ''"); err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	c := &DBCatalog{tables: map[effect.Name]effect.TableInfo{}, indexes: map[effect.Name]effect.IndexInfo{}, blockSize: 8192}

	tables, err := collect[tableRow](ctx, tx, "tables.sql", schemas)
	if err != nil {
		return nil, err
	}
	for _, r := range tables {
		n := effect.Name{Schema: r.SchemaName, Name: r.Name}
		t := effect.TableInfo{Name: n, Kind: relKinds[r.Kind], Rows: r.Rows, Pages: r.Pages, Sized: true}
		if r.ParentName != "" {
			t.Parent = effect.Name{Schema: r.ParentSchema, Name: r.ParentName}
		}
		if r.DefaultName != "" {
			t.DefaultPartition = effect.Name{Schema: r.DefaultSchema, Name: r.DefaultName}
		}
		c.tables[n] = t
		if r.BlockSize > 0 {
			c.blockSize = r.BlockSize
		}
	}

	columns, err := collect[columnRow](ctx, tx, "columns.sql", schemas)
	if err != nil {
		return nil, err
	}
	for _, r := range columns {
		n := effect.Name{Schema: r.SchemaName, Name: r.TableName}
		if t, ok := c.tables[n]; ok {
			t.Columns = append(t.Columns, effect.ColumnInfo{Name: r.Name, Type: r.Type, NotNull: r.NotNull})
			c.tables[n] = t
		}
	}

	constraints, err := collect[constraintRow](ctx, tx, "constraints.sql", schemas)
	if err != nil {
		return nil, err
	}
	for _, r := range constraints {
		n := effect.Name{Schema: r.SchemaName, Name: r.TableName}
		t, ok := c.tables[n]
		if !ok {
			continue
		}
		switch r.Type {
		case "c":
			t.Checks = append(t.Checks, effect.CheckInfo{Name: r.Name, NotNullColumn: r.NotNullCol, Valid: r.Valid})
		case "f":
			t.ForeignKeys = append(t.ForeignKeys, effect.ForeignKeyInfo{Name: r.Name, Columns: r.Columns,
				References: effect.Name{Schema: r.RefSchema, Name: r.RefTable}, Valid: r.Valid})
		}
		c.tables[n] = t
	}

	indexes, err := collect[indexRow](ctx, tx, "indexes.sql", schemas)
	if err != nil {
		return nil, err
	}
	for _, r := range indexes {
		n := effect.Name{Schema: r.SchemaName, Name: r.Name}
		c.indexes[n] = effect.IndexInfo{Name: n, Table: effect.Name{Schema: r.TableSchema, Name: r.TableName}, Unique: r.IsUnique, Primary: r.IsPrimary}
	}
	return c, nil
}

// collect runs one catalog query and scans its rows by column name.
func collect[T any](ctx context.Context, tx pgx.Tx, file string, schemas []string) ([]T, error) {
	rows, err := tx.Query(ctx, mustQuery(file), schemas)
	if err != nil {
		return nil, fmt.Errorf("read catalog (%s): %w", file, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[T])
	if err != nil {
		return nil, fmt.Errorf("read catalog (%s): %w", file, err)
	}
	return out, nil
}
