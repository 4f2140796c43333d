package inspect

import (
	"context"

	"github.com/schemactl/schemactl/schema"
)

// readUnsupported lists the objects that the model cannot represent.
func (in *inspector) readUnsupported(ctx context.Context) error {
	var kind, schemaName, name, onSchema, onName, signature string
	return in.query(ctx, "unsupported.sql",
		[]any{&kind, &schemaName, &name, &onSchema, &onName, &signature},
		func() error {
			var full string
			switch {
			case signature != "":
				// regprocedure and regoperator text, already quoted and
				// qualified by the server.
				full = signature
			case onName != "":
				full = schema.QuoteIdent(name) + " on " + schema.QualifiedName{Schema: onSchema, Name: onName}.String()
			default:
				full = schema.QualifiedName{Schema: schemaName, Name: name}.String()
			}
			in.addUnsupported(kind, full)
			return nil
		})
}
