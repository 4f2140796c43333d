package inspect

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/schema"
)

// readSchemas reads the selected schemas and fixes the list of names that
// every later query takes as $1.
func (in *inspector) readSchemas(ctx context.Context) error {
	requested := in.requested
	if requested == nil {
		requested = []string{}
	}
	rows, err := in.tx.Query(ctx, query("schemas.sql"), requested)
	if err != nil {
		return err
	}
	var name, comment string
	_, err = pgx.ForEachRow(rows, []any{&name, &comment}, func() error {
		s := &schema.Schema{Name: name, Comment: comment}
		in.realm.Schemas = append(in.realm.Schemas, s)
		in.schemas[name] = s
		in.names = append(in.names, name)
		return nil
	})
	return err
}

// readExtensions reads the extensions installed in the selected schemas.
// The version and the comment are kept only when they differ from what
// CREATE EXTENSION gives by itself (the default version, the comment of the
// control file), so that a realm does not depend on the server's
// extension files unless the user chose something else.
func (in *inspector) readExtensions(ctx context.Context) error {
	var name, schemaName, version, defaultVersion, comment, defaultComment string
	return in.query(ctx, "extensions.sql",
		[]any{&name, &schemaName, &version, &defaultVersion, &comment, &defaultComment},
		func() error {
			e := &schema.Extension{Name: name, Schema: schemaName, Version: version, Comment: comment}
			if version == defaultVersion {
				e.Version = ""
			}
			if comment == defaultComment {
				e.Comment = ""
			}
			in.realm.Extensions = append(in.realm.Extensions, e)
			return nil
		})
}
