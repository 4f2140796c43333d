package inspect

import (
	"context"
	"fmt"

	"github.com/schemactl/schemactl/schema"
)

// readEnums reads enum types with their values in sort order.
func (in *inspector) readEnums(ctx context.Context) error {
	var (
		schemaName, name, comment string
		values                    []string
	)
	return in.query(ctx, "enums.sql", []any{&schemaName, &name, &values, &comment}, func() error {
		defer func() { values = nil }()
		s, ok := in.schemas[schemaName]
		if !ok {
			return fmt.Errorf("enum %s.%s in unselected schema", schemaName, name)
		}
		s.Enums = append(s.Enums, &schema.Enum{Name: name, Values: values, Comment: comment})
		return nil
	})
}

// domainCheckRow is a CHECK constraint of a domain, as domains.sql gives it.
type domainCheckRow struct {
	Name     string `json:"name"`
	Expr     string `json:"expr"`
	NotValid bool   `json:"not_valid"`
	Comment  string `json:"comment"`
}

// readDomains reads domains with their checks.
func (in *inspector) readDomains(ctx context.Context) error {
	var (
		schemaName, name, typ, collSchema, coll, def, comment string
		notNull                                               bool
		checks                                                []domainCheckRow
	)
	return in.query(ctx, "domains.sql",
		[]any{&schemaName, &name, &typ, &collSchema, &coll, &notNull, &def, &checks, &comment},
		func() error {
			defer func() { checks = nil }()
			s, ok := in.schemas[schemaName]
			if !ok {
				return fmt.Errorf("domain %s.%s in unselected schema", schemaName, name)
			}
			d := &schema.Domain{
				Name:      name,
				Type:      typ,
				Collation: sqlName(collSchema, coll),
				NotNull:   notNull,
				Default:   schema.Expr(def),
				Comment:   comment,
			}
			for _, c := range checks {
				d.Checks = append(d.Checks, &schema.Check{
					Name:     c.Name,
					Expr:     schema.Expr(unwrapParens(c.Expr)),
					NotValid: c.NotValid,
					Comment:  c.Comment,
				})
			}
			s.Domains = append(s.Domains, d)
			return nil
		})
}

// fieldRow is an attribute of a composite type, as composites.sql gives it.
type fieldRow struct {
	Name            string `json:"name"`
	Type            string `json:"type"`
	CollationSchema string `json:"collation_schema"`
	Collation       string `json:"collation"`
	Comment         string `json:"comment"`
}

// readComposites reads composite types with their fields in order.
func (in *inspector) readComposites(ctx context.Context) error {
	var (
		schemaName, name, comment string
		fields                    []fieldRow
	)
	return in.query(ctx, "composites.sql", []any{&schemaName, &name, &fields, &comment}, func() error {
		defer func() { fields = nil }()
		s, ok := in.schemas[schemaName]
		if !ok {
			return fmt.Errorf("composite type %s.%s in unselected schema", schemaName, name)
		}
		c := &schema.Composite{Name: name, Comment: comment}
		for _, f := range fields {
			c.Fields = append(c.Fields, &schema.Field{
				Name:      f.Name,
				Type:      f.Type,
				Collation: sqlName(f.CollationSchema, f.Collation),
				Comment:   f.Comment,
			})
		}
		s.Composites = append(s.Composites, c)
		return nil
	})
}
