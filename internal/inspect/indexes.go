package inspect

import (
	"context"
	"fmt"
	"strconv"

	"github.com/schemactl/schemactl/schema"
)

// defaultCollation is the oid of the "default" collation (pg_collation.h).
const defaultCollation = 100

// indexRow is an index as readIndexes resolved it.
type indexRow struct {
	name             string
	method           string
	parts            []*schema.IndexPart
	include          []string
	predicate        string
	nullsNotDistinct bool
	storageParams    []schema.StorageParam
	comment          string
}

// indexArrays are the per-column arrays of an indexes.sql row. The lookup
// arrays are nil when no column needs them.
type indexArrays struct {
	attnums          []int16
	options          []int16
	collations       []uint32
	collationSchemas []string
	collationNames   []string
	opclassSchemas   []string
	opclasses        []string
	exprs            []string
	exprCollations   []uint32
	params           map[string][]string
}

// readIndexes reads indexes. Those that back no constraint become Indexes
// of their table; the others wait for readConstraints.
func (in *inspector) readIndexes(ctx context.Context) error {
	var (
		oid, tableOID, constraintOID     uint32
		name, method, predicate, comment string
		keyCount                         int16
		unique, nullsNotDistinct, valid  bool
		arr                              indexArrays
		storage                          []string
	)
	return in.query(ctx, "indexes.sql",
		[]any{&oid, &tableOID, &name, &constraintOID, &unique, &method, &keyCount,
			&arr.attnums, &arr.options, &arr.collations, &arr.collationSchemas, &arr.collationNames,
			&arr.opclassSchemas, &arr.opclasses, &arr.exprs, &arr.exprCollations, &arr.params,
			&predicate, &nullsNotDistinct, &storage, &valid, &comment},
		func() error {
			defer func() { arr, storage = indexArrays{}, nil }()
			ti, ok := in.tables[tableOID]
			mv := in.matviews[tableOID]
			if !ok && mv == nil {
				return fmt.Errorf("index %s of unknown table %d", name, tableOID)
			}
			parts, err := in.indexParts(tableOID, int(keyCount), &arr)
			if err != nil {
				return fmt.Errorf("index %s: %w", name, err)
			}
			include, err := in.attNames(tableOID, arr.attnums[keyCount:])
			if err != nil {
				return fmt.Errorf("index %s: %w", name, err)
			}
			r := &indexRow{
				name:             name,
				method:           method,
				parts:            parts,
				include:          include,
				predicate:        unwrapParens(predicate),
				nullsNotDistinct: nullsNotDistinct,
				storageParams:    storageParams(storage),
				comment:          comment,
			}
			if constraintOID != 0 {
				in.keyIndex[oid] = r
				return nil
			}
			owner := schema.QualifiedName{}
			if mv != nil {
				owner = mv.name
			} else {
				owner = ti.name
			}
			if !valid {
				// A failed CREATE INDEX CONCURRENTLY leaves an index that is
				// maintained but never used; the model has no such state.
				in.addUnsupported("invalid index", schema.QualifiedName{Schema: owner.Schema, Name: name}.String())
			}
			idx := &schema.Index{
				Name:             name,
				Unique:           unique,
				Method:           method,
				Parts:            parts,
				Include:          include,
				Predicate:        schema.Expr(r.predicate),
				NullsNotDistinct: nullsNotDistinct,
				StorageParams:    r.storageParams,
				Comment:          comment,
			}
			if mv != nil {
				// A materialized view's indexes are the view's own.
				mv.view.Indexes = append(mv.view.Indexes, idx)
			} else {
				ti.table.Indexes = append(ti.table.Indexes, idx)
			}
			return nil
		})
}

// indexParts resolves the key columns of an index. A collation is kept only
// when it differs from the column's own or, for an expression, from the
// default of the expression's type (the catalog does not keep the
// collation that the expression derives from its inputs, so an expression
// over a "C" column reads back with COLLATE "C"; that spelling means the
// same). NULLS FIRST and NULLS LAST are kept only where they differ from
// the default for the direction (ASC NULLS LAST, DESC NULLS FIRST).
func (in *inspector) indexParts(table uint32, keyCount int, arr *indexArrays) ([]*schema.IndexPart, error) {
	if len(arr.attnums) < keyCount || len(arr.options) != keyCount || len(arr.collations) != keyCount {
		return nil, fmt.Errorf("inconsistent catalog arrays for %d key columns", keyCount)
	}
	parts := make([]*schema.IndexPart, keyCount)
	for n := range keyCount {
		part := &schema.IndexPart{}
		var own uint32 // the collation the column or expression has by itself
		if attnum := arr.attnums[n]; attnum != 0 {
			a, ok := in.attrs[attKey{table, attnum}]
			if !ok {
				return nil, fmt.Errorf("column %d of %s not found", attnum, in.tableName(table))
			}
			part.Column, own = a.name, a.collation
		} else {
			if n >= len(arr.exprs) || n >= len(arr.exprCollations) {
				return nil, fmt.Errorf("expression %d missing", n+1)
			}
			part.Expr = schema.Expr(unwrapParens(arr.exprs[n]))
			own = arr.exprCollations[n]
		}
		if coll := arr.collations[n]; coll != 0 && coll != own {
			switch {
			case n < len(arr.collationNames) && arr.collationNames[n] != "":
				part.Collation = sqlName(arr.collationSchemas[n], arr.collationNames[n])
			case coll == defaultCollation:
				part.Collation = schema.QuoteIdent("default")
			default:
				return nil, fmt.Errorf("name of collation %d missing", coll)
			}
		}
		if n < len(arr.opclasses) && arr.opclasses[n] != "" {
			part.OpClass = sqlName(arr.opclassSchemas[n], arr.opclasses[n])
		}
		part.OpClassParams = storageParams(arr.params[strconv.Itoa(n+1)])
		desc, nullsFirst := arr.options[n]&1 != 0, arr.options[n]&2 != 0
		part.Desc = desc
		part.NullsFirst = !desc && nullsFirst
		part.NullsLast = desc && !nullsFirst
		parts[n] = part
	}
	return parts, nil
}
