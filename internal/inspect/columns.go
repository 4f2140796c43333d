package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// readColumns reads the columns of every table in attnum order. A
// partition's columns all come from its parent and are left out; when a
// partition gave one its own default or NOT NULL, which the model cannot
// say, that is reported.
func (in *inspector) readColumns(ctx context.Context) error {
	var (
		tableOID                                    uint32
		attnum                                      int16
		name, typ, collSchema, coll, def, generated string
		generatedKind, identity, comment            string
		notNull, inherited, differs                 bool
	)
	return in.query(ctx, "columns.sql",
		[]any{&tableOID, &attnum, &name, &typ, &collSchema, &coll, &notNull, &def, &generated,
			&generatedKind, &identity, &inherited, &differs, &comment},
		func() error {
			ti, ok := in.tables[tableOID]
			if !ok {
				return fmt.Errorf("column %s of unknown table %d", name, tableOID)
			}
			colName := ti.name.String() + "." + schema.QuoteIdent(name)
			if inherited {
				if differs {
					in.addUnsupported("partition column option", colName)
				}
				return nil
			}
			if generatedKind == "v" {
				// PostgreSQL >= 18: computed on read, stored nowhere.
				in.addUnsupported("virtual generated column", colName)
				return nil
			}
			c := &schema.Column{
				Name:      name,
				Type:      typ,
				Collation: sqlName(collSchema, coll),
				NotNull:   notNull,
				Default:   schema.Expr(def),
				Comment:   comment,
			}
			if generatedKind == "s" {
				c.Generated = schema.Expr(unwrapParens(generated))
			}
			switch identity {
			case "a":
				c.Identity = &schema.Identity{Always: true}
			case "d":
				c.Identity = &schema.Identity{Always: false}
			}
			ti.table.Columns = append(ti.table.Columns, c)
			in.columns[attKey{tableOID, attnum}] = c
			return nil
		})
}
