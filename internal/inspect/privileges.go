package inspect

import (
	"context"
	"fmt"
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// privilegeKinds maps privileges.sql's kind to the kind of the object.
var privilegeKinds = map[string]schema.ObjectKind{
	"schema":            schema.KindSchema,
	"table":             schema.KindTable,
	"view":              schema.KindView,
	"materialized view": schema.KindMaterializedView,
	"sequence":          schema.KindSequence,
	"function":          schema.KindFunction,
	"procedure":         schema.KindProcedure,
	"type":              schema.KindType,
}

// defaultACLTypes maps pg_default_acl.defaclobjtype to the words of ALTER
// DEFAULT PRIVILEGES.
var defaultACLTypes = map[string]string{
	"r": "TABLES",
	"S": "SEQUENCES",
	"f": "FUNCTIONS",
	"T": "TYPES",
	"n": "SCHEMAS",
}

// readPrivileges reads the grants on the selected schemas and their
// objects that differ from PostgreSQL's defaults (see schema.Privilege).
// It runs after the steps that read the objects: a grant on an object the
// model leaves out is left out with it, except on the sequence of a serial
// column, which the column stands for (schema.Realm.Has knows it).
func (in *inspector) readPrivileges(ctx context.Context) error {
	var (
		kind, schemaName, name, args, column, grantee string
		held, heldGrantable, dflt, dfltGrantable      []string
	)
	return in.query(ctx, "privileges.sql",
		[]any{&kind, &schemaName, &name, &args, &column, &grantee, &held, &heldGrantable, &dflt, &dfltGrantable},
		func() error {
			defer func() { held, heldGrantable, dflt, dfltGrantable = nil, nil, nil, nil }()
			if slices.Equal(held, dflt) && slices.Equal(heldGrantable, dfltGrantable) {
				return nil
			}
			ref := schema.ObjectRef{Schema: schemaName, Name: name, Args: args}
			if kind == "column" {
				ref.Kind = in.relationKind(schemaName, name)
			} else {
				k, ok := privilegeKinds[kind]
				if !ok {
					return fmt.Errorf("privilege on %s %s.%s: unknown kind", kind, schemaName, name)
				}
				ref.Kind = k
			}
			if ref.Kind == schema.KindSchema {
				ref = schema.ObjectRef{Kind: schema.KindSchema, Name: schemaName}
			}
			if !in.realm.Has(ref, column) {
				return nil
			}
			in.realm.Privileges = append(in.realm.Privileges, &schema.Privilege{
				On: ref, Column: column, Grantee: grantee, Privileges: held, Grantable: heldGrantable,
			})
			return nil
		})
}

// relationKind returns the kind of the relation schemaName.name: a table,
// a view or a materialized view.
func (in *inspector) relationKind(schemaName, name string) schema.ObjectKind {
	if s, ok := in.realm.Schema(schemaName); ok {
		if v, ok := s.View(name); ok {
			return v.Kind()
		}
	}
	return schema.KindTable
}

// readDefaultPrivileges reads the ALTER DEFAULT PRIVILEGES entries of the
// selected schemas and those for all schemas.
func (in *inspector) readDefaultPrivileges(ctx context.Context) error {
	var (
		role, schemaName, objType, grantee       string
		held, heldGrantable, dflt, dfltGrantable []string
	)
	return in.query(ctx, "default_privileges.sql",
		[]any{&role, &schemaName, &objType, &grantee, &held, &heldGrantable, &dflt, &dfltGrantable},
		func() error {
			defer func() { held, heldGrantable, dflt, dfltGrantable = nil, nil, nil, nil }()
			if slices.Equal(held, dflt) && slices.Equal(heldGrantable, dfltGrantable) {
				return nil
			}
			t, ok := defaultACLTypes[objType]
			if !ok {
				return fmt.Errorf("default privileges of %s: unknown object type %q", role, objType)
			}
			in.realm.DefaultPrivileges = append(in.realm.DefaultPrivileges, &schema.DefaultPrivilege{
				Role: role, Schema: schemaName, ObjectType: t, Grantee: grantee,
				Privileges: held, Grantable: heldGrantable,
			})
			return nil
		})
}
