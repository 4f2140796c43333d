package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// Foreign key actions and match types by their pg_constraint letters.
var (
	fkActions = map[string]string{
		"a": schema.NoAction,
		"r": schema.Restrict,
		"c": schema.Cascade,
		"n": schema.SetNull,
		"d": schema.SetDefault,
	}
	fkMatches = map[string]string{
		"s": schema.MatchSimple,
		"f": schema.MatchFull,
		"p": schema.MatchPartial,
	}
)

// readConstraints reads primary keys, unique, foreign key, check and
// exclusion constraints. Keys and exclusion constraints take their columns
// and options from the index readIndexes kept for them.
func (in *inspector) readConstraints(ctx context.Context) error {
	var (
		oid, tableOID, indexOID, refOID           uint32
		name, kind, refSchema, refTable           string
		matchType, onUpdate, onDelete, checkExpr  string
		unsupported, comment                      string
		deferrable, deferred, notValid, noInherit bool
		fromParent                                bool
		attnums, refAttnums, onDeleteAttnums      []int16
		refNames, operatorSchemas, operators      []string
	)
	return in.query(ctx, "constraints.sql",
		[]any{&oid, &tableOID, &name, &kind, &indexOID, &deferrable, &deferred, &notValid,
			&attnums, &refSchema, &refTable, &refOID, &refAttnums, &refNames, &matchType, &onUpdate, &onDelete,
			&onDeleteAttnums, &checkExpr, &noInherit, &operatorSchemas, &operators,
			&unsupported, &comment, &fromParent},
		func() error {
			defer func() {
				attnums, refAttnums, onDeleteAttnums = nil, nil, nil
				refNames, operatorSchemas, operators = nil, nil, nil
			}()
			ti, ok := in.tables[tableOID]
			if !ok {
				return fmt.Errorf("constraint %s of unknown table %d", name, tableOID)
			}
			t := ti.table
			if unsupported != "" {
				in.addUnsupported(unsupported, schema.QuoteIdent(name)+" on "+ti.name.String())
				return nil
			}
			switch kind {
			case "p", "u":
				idx, ok := in.keyIndex[indexOID]
				if !ok {
					return fmt.Errorf("index of constraint %s on %s not found", name, ti.name)
				}
				k := &schema.Key{
					Name:              name,
					Include:           idx.include,
					NullsNotDistinct:  idx.nullsNotDistinct,
					Deferrable:        deferrable,
					InitiallyDeferred: deferred,
					StorageParams:     idx.storageParams,
					Comment:           comment,
				}
				for _, p := range idx.parts {
					k.Columns = append(k.Columns, p.Column)
				}
				if idx.comment != "" {
					// The model keeps the constraint's comment, not its index's.
					in.addUnsupported("comment on the index of a constraint",
						schema.QualifiedName{Schema: ti.name.Schema, Name: idx.name}.String())
				}
				if kind == "p" {
					t.PrimaryKey = k
				} else {
					t.Uniques = append(t.Uniques, k)
				}
			case "x":
				idx, ok := in.keyIndex[indexOID]
				if !ok {
					return fmt.Errorf("index of constraint %s on %s not found", name, ti.name)
				}
				if len(operators) != len(idx.parts) {
					return fmt.Errorf("constraint %s on %s: %d operators for %d elements",
						name, ti.name, len(operators), len(idx.parts))
				}
				x := &schema.Exclude{
					Name:              name,
					Method:            idx.method,
					Include:           idx.include,
					Predicate:         schema.Expr(idx.predicate),
					StorageParams:     idx.storageParams,
					Deferrable:        deferrable,
					InitiallyDeferred: deferred,
					Comment:           comment,
				}
				if idx.comment != "" {
					in.addUnsupported("comment on the index of a constraint",
						schema.QualifiedName{Schema: ti.name.Schema, Name: idx.name}.String())
				}
				for i, p := range idx.parts {
					x.Elements = append(x.Elements, &schema.ExcludeElement{
						IndexPart: *p,
						Operator:  operatorName(operatorSchemas[i], operators[i]),
					})
				}
				t.Excludes = append(t.Excludes, x)
			case "f":
				columns, err := in.attNames(tableOID, attnums)
				if err != nil {
					return fmt.Errorf("foreign key %s: %w", name, err)
				}
				onDeleteColumns, err := in.attNames(tableOID, onDeleteAttnums)
				if err != nil {
					return fmt.Errorf("foreign key %s: %w", name, err)
				}
				refColumns := refNames
				if refColumns == nil {
					if refColumns, err = in.attNames(refOID, refAttnums); err != nil {
						return fmt.Errorf("foreign key %s: %w", name, err)
					}
				}
				fk := &schema.ForeignKey{
					Name:              name,
					Columns:           columns,
					RefTable:          schema.QualifiedName{Schema: refSchema, Name: refTable},
					RefColumns:        refColumns,
					Match:             fkMatches[matchType],
					OnDelete:          fkActions[onDelete],
					OnDeleteColumns:   onDeleteColumns,
					OnUpdate:          fkActions[onUpdate],
					Deferrable:        deferrable,
					InitiallyDeferred: deferred,
					NotValid:          notValid,
					Comment:           comment,
				}
				if fk.Match == "" || fk.OnDelete == "" || fk.OnUpdate == "" {
					return fmt.Errorf("foreign key %s on %s: unknown match %q or action %q/%q",
						name, ti.name, matchType, onUpdate, onDelete)
				}
				t.ForeignKeys = append(t.ForeignKeys, fk)
			case "c":
				t.Checks = append(t.Checks, &schema.Check{
					Name:      name,
					Expr:      schema.Expr(unwrapParens(checkExpr)),
					NoInherit: noInherit,
					NotValid:  notValid,
					Comment:   comment,
					Inherited: fromParent,
				})
			}
			return nil
		})
}

// operatorName spells an exclusion operator as it follows WITH: bare when
// it lives in pg_catalog, OPERATOR(schema.op) otherwise.
func operatorName(schemaName, op string) string {
	if schemaName == "pg_catalog" {
		return op
	}
	return "OPERATOR(" + schema.QuoteIdent(schemaName) + "." + op + ")"
}
