package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// partKeyRow is one part of a partition key, as tables.sql gives it.
// JSON nulls leave fields empty: the slice is fresh for every row.
type partKeyRow struct {
	Column          string `json:"column"`
	OpClassSchema   string `json:"opclass_schema"`
	OpClass         string `json:"opclass"` // "" for the default operator class
	CollationSchema string `json:"collation_schema"`
	Collation       string `json:"collation"` // "" for the default collation
}

// readTables reads tables and partitions with their partition keys and
// bounds, their parents (INHERITS) and their row level security switches.
func (in *inspector) readTables(ctx context.Context) error {
	var (
		oid, parentOID                           uint32
		schemaName, name, strategy, exprs        string
		parentSchema, parentName, bound, comment string
		unlogged, rowSecurity, forceRowSecurity  bool
		parts                                    []partKeyRow
		inheritSchemas, inheritNames             []string
	)
	return in.query(ctx, "tables.sql",
		[]any{&oid, &schemaName, &name, &unlogged, &strategy, &parts, &exprs,
			&parentOID, &parentSchema, &parentName, &bound, &comment,
			&rowSecurity, &forceRowSecurity, &inheritSchemas, &inheritNames},
		func() error {
			s, ok := in.schemas[schemaName]
			if !ok {
				return fmt.Errorf("table %s.%s in unselected schema", schemaName, name)
			}
			t := &schema.Table{Name: name, Unlogged: unlogged, Comment: comment,
				RowSecurity: rowSecurity, ForceRowSecurity: forceRowSecurity}
			for i := range inheritNames {
				t.Inherits = append(t.Inherits, schema.QualifiedName{Schema: inheritSchemas[i], Name: inheritNames[i]})
			}
			if strategy != "" {
				key, err := partitionKey(strategy, parts, exprs)
				if err != nil {
					return fmt.Errorf("partition key of %s: %w",
						schema.QualifiedName{Schema: schemaName, Name: name}, err)
				}
				t.PartitionKey = key
			}
			if parentOID != 0 {
				t.PartitionOf = &schema.PartitionOf{
					Parent: schema.QualifiedName{Schema: parentSchema, Name: parentName},
					Bound:  bound,
				}
			}
			s.Tables = append(s.Tables, t)
			in.tables[oid] = &tableInfo{table: t, name: schema.QualifiedName{Schema: schemaName, Name: name}}
			parts, inheritSchemas, inheritNames = nil, nil, nil
			return nil
		})
}

// partitionKey builds a partition key from the catalog's strategy letter,
// its parts and the list of its expressions.
func partitionKey(strategy string, parts []partKeyRow, exprs string) (*schema.PartitionKey, error) {
	key := &schema.PartitionKey{}
	switch strategy {
	case "r":
		key.Strategy = "RANGE"
	case "l":
		key.Strategy = "LIST"
	case "h":
		key.Strategy = "HASH"
	default:
		return nil, fmt.Errorf("unknown partition strategy %q", strategy)
	}
	// pg_get_expr prints the expression list with ", " between items;
	// commas inside an item are always within parentheses, brackets or
	// quotes.
	var exprList []string
	if exprs != "" {
		exprList = splitTopLevel(exprs)
	}
	for _, p := range parts {
		part := &schema.PartitionPart{
			Column:    p.Column,
			Collation: sqlName(p.CollationSchema, p.Collation),
		}
		if p.OpClass != "" {
			part.OpClass = sqlName(p.OpClassSchema, p.OpClass)
		}
		if p.Column == "" {
			if len(exprList) == 0 {
				return nil, fmt.Errorf("fewer expressions than expression parts in %q", exprs)
			}
			part.Expr = schema.Expr(unwrapParens(exprList[0]))
			exprList = exprList[1:]
		}
		key.Parts = append(key.Parts, part)
	}
	if len(exprList) != 0 {
		return nil, fmt.Errorf("more expressions than expression parts in %q", exprs)
	}
	return key, nil
}
