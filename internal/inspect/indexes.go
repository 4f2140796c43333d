package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// indexPartRow is one key column of an index, as indexes.sql gives it.
// JSON nulls leave fields empty: the slice is fresh for every row.
type indexPartRow struct {
	Column          string   `json:"column"`
	Expr            string   `json:"expr"`
	OpClassSchema   string   `json:"opclass_schema"`
	OpClass         string   `json:"opclass"` // "" for the default operator class
	OpClassParams   []string `json:"opclass_params"`
	CollationSchema string   `json:"collation_schema"`
	Collation       string   `json:"collation"` // "" for the default collation
	Desc            bool     `json:"desc"`
	NullsFirst      bool     `json:"nulls_first"`
}

// indexRow is an index as indexes.sql gives it.
type indexRow struct {
	tableOID         uint32
	name             string
	unique           bool
	method           string
	parts            []*schema.IndexPart
	include          []string
	predicate        string
	nullsNotDistinct bool
	storageParams    []schema.StorageParam
	comment          string
}

// readIndexes reads indexes. Those that back no constraint become Indexes
// of their table; the others wait for readConstraints.
func (in *inspector) readIndexes(ctx context.Context) error {
	var (
		oid, tableOID, constraintOID     uint32
		name, method, predicate, comment string
		unique, nullsNotDistinct, valid  bool
		parts                            []indexPartRow
		include, params                  []string
	)
	return in.query(ctx, "indexes.sql",
		[]any{&oid, &tableOID, &name, &constraintOID, &unique, &method, &parts, &include, &predicate,
			&nullsNotDistinct, &params, &valid, &comment},
		func() error {
			defer func() { parts, include, params = nil, nil, nil }()
			ti, ok := in.tables[tableOID]
			if !ok {
				return fmt.Errorf("index %s of unknown table %d", name, tableOID)
			}
			r := &indexRow{
				tableOID:         tableOID,
				name:             name,
				unique:           unique,
				method:           method,
				include:          include,
				predicate:        unwrapParens(predicate),
				nullsNotDistinct: nullsNotDistinct,
				storageParams:    storageParams(params),
				comment:          comment,
			}
			for _, p := range parts {
				r.parts = append(r.parts, indexPart(p))
			}
			if constraintOID != 0 {
				in.keyIndex[oid] = r
				return nil
			}
			if !valid {
				// A failed CREATE INDEX CONCURRENTLY leaves an index that is
				// maintained but never used; the model has no such state.
				in.addUnsupported("invalid index", schema.QualifiedName{Schema: ti.name.Schema, Name: name}.String())
			}
			ti.table.Indexes = append(ti.table.Indexes, &schema.Index{
				Name:             name,
				Unique:           unique,
				Method:           method,
				Parts:            r.parts,
				Include:          include,
				Predicate:        schema.Expr(r.predicate),
				NullsNotDistinct: nullsNotDistinct,
				StorageParams:    r.storageParams,
				Comment:          comment,
			})
			return nil
		})
}

// indexPart converts a key column of an index. NULLS FIRST and NULLS LAST
// are kept only where they differ from the default for the direction
// (ASC NULLS LAST, DESC NULLS FIRST).
func indexPart(p indexPartRow) *schema.IndexPart {
	part := &schema.IndexPart{
		Column:        p.Column,
		Expr:          schema.Expr(unwrapParens(p.Expr)),
		Collation:     sqlName(p.CollationSchema, p.Collation),
		OpClassParams: storageParams(p.OpClassParams),
		Desc:          p.Desc,
		NullsFirst:    !p.Desc && p.NullsFirst,
		NullsLast:     p.Desc && !p.NullsFirst,
	}
	if p.OpClass != "" {
		part.OpClass = sqlName(p.OpClassSchema, p.OpClass)
	}
	return part
}
