package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// serialTypes maps a column type to the serial type that creates it.
var serialTypes = map[string]string{
	"smallint": schema.TypeSmallSerial,
	"integer":  schema.TypeSerial,
	"bigint":   schema.TypeBigSerial,
}

// readSequences reads sequences. The sequence of an identity column gives
// that column its options; the sequence that a serial column made is folded
// into the column (see serial); every other sequence is a Sequence.
func (in *inspector) readSequences(ctx context.Context) error {
	var (
		oid, ownerTable                             uint32
		ownerAttnum                                 int16
		schemaName, name, typ, ownerKind, comm      string
		start, increment, minValue, maxValue, cache int64
		cycle                                       bool
	)
	return in.query(ctx, "sequences.sql",
		[]any{&oid, &schemaName, &name, &typ, &start, &increment, &minValue, &maxValue, &cache, &cycle,
			&ownerKind, &ownerTable, &ownerAttnum, &comm},
		func() error {
			opts := schema.SequenceOptions{
				Start: ptr(start), Increment: ptr(increment),
				MinValue: ptr(minValue), MaxValue: ptr(maxValue),
				Cache: ptr(cache), Cycle: cycle,
			}
			seq := schema.QualifiedName{Schema: schemaName, Name: name}
			col := in.columns[attKey{ownerTable, ownerAttnum}]
			switch {
			case ownerKind == "i":
				// Identity sequences are implicit: the column carries their
				// options. Normalize clears those equal to the defaults.
				if col != nil && col.Identity != nil {
					col.Identity.Sequence = opts
				}
				return nil
			case ownerKind == "a" && col != nil &&
				serial(col, in.tables[ownerTable].name, seq, typ, opts, comm):
				return nil
			}
			s, ok := in.schemas[schemaName]
			if !ok {
				return fmt.Errorf("sequence %s in unselected schema", seq)
			}
			q := &schema.Sequence{Name: name, Type: typ, Options: opts, Comment: comm}
			if ownerKind == "a" {
				// The owner is a table of the sequence's schema, so it was
				// read, unless an extension owns it.
				ti, ok := in.tables[ownerTable]
				if !ok {
					in.addUnsupported("sequence owned by an extension's table", seq.String())
				} else {
					column, err := in.attName(ownerTable, ownerAttnum)
					if err != nil {
						return fmt.Errorf("owner of sequence %s: %w", seq, err)
					}
					q.OwnedBy = &schema.ColumnRef{Table: ti.name, Column: column}
				}
			}
			s.Sequences = append(s.Sequences, q)
			return nil
		})
}

// serial reports whether the sequence seq, of type typ with options opts
// and comment comm, owned by column c of table, is exactly what `c serial` (or smallserial, bigserial) creates,
// and if so turns c into a serial column: Type "serial", no default. That
// is when the sequence has the name PostgreSQL gives it
// (<table>_<column>_seq, in the table's schema), the column's type, default
// options and no comment, and the column is NOT NULL with the default
// nextval('<sequence>'::regclass). Otherwise the column keeps its nextval
// default and the sequence stays a Sequence owned by the column, which
// recreates the same state.
//
// PostgreSQL shortens the generated name when <table>_<column>_seq is
// longer than 63 bytes, or adds a digit when it is taken; such sequences
// are not recognized as serial and come back as sequences.
func serial(c *schema.Column, table, seq schema.QualifiedName, typ string, opts schema.SequenceOptions, comm string) bool {
	serialType, ok := serialTypes[c.Type]
	if !ok || typ != c.Type || comm != "" || c.Identity != nil || c.Generated != "" || !c.NotNull {
		return false
	}
	if seq.Schema != table.Schema || seq.Name != table.Name+"_"+c.Name+"_seq" {
		return false
	}
	opts.Normalize(typ)
	if opts != (schema.SequenceOptions{}) {
		return false
	}
	if c.Default != schema.Expr("nextval("+schema.QuoteLiteral(seq.String())+"::regclass)") {
		return false
	}
	c.Type = serialType
	c.Default = ""
	return true
}

func ptr[T any](v T) *T { return &v }
