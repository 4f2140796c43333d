package inspect

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// readColumns reads the columns of every table. A partition's columns all
// come from its parent and are left out of the model; when a partition gave
// one its own default or NOT NULL, which the model cannot say, that is
// reported. Rows come unordered; each table's columns are put in attnum
// order at the end.
func (in *inspector) readColumns(ctx context.Context) error {
	var (
		tableOID, collationOID                      uint32
		attnum                                      int16
		name, typ, collSchema, coll, def, generated string
		generatedKind, identity, comment            string
		notNull, inherited, differs, fromParent     bool
	)
	type numbered struct {
		attnum int16
		column *schema.Column
	}
	byTable := map[*schema.Table][]numbered{}
	err := in.query(ctx, "columns.sql",
		[]any{&tableOID, &attnum, &name, &typ, &collationOID, &collSchema, &coll, &notNull, &def, &generated,
			&generatedKind, &identity, &inherited, &differs, &comment, &fromParent},
		func() error {
			ti, ok := in.tables[tableOID]
			if !ok {
				return fmt.Errorf("column %s of unknown table %d", name, tableOID)
			}
			in.attrs[attKey{tableOID, attnum}] = attr{name: name, collation: collationOID}
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
				Inherited: fromParent,
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
			byTable[ti.table] = append(byTable[ti.table], numbered{attnum, c})
			in.columns[attKey{tableOID, attnum}] = c
			return nil
		})
	if err != nil {
		return err
	}
	for t, cols := range byTable {
		slices.SortFunc(cols, func(a, b numbered) int { return cmp.Compare(a.attnum, b.attnum) })
		t.Columns = make([]*schema.Column, len(cols))
		for i, c := range cols {
			t.Columns[i] = c.column
		}
	}
	return nil
}
