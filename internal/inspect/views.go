package inspect

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// viewDep is one element of the deps JSON array of views.sql.
type viewDep struct {
	Kind   string `json:"kind"`
	Schema string `json:"schema"`
	Name   string `json:"name"`
	Column string `json:"column"`
	Args   string `json:"args"`
}

// readViews reads views and materialized views. The columns of a
// materialized view are recorded in attrs, since indexes.sql gives the
// columns of its indexes by attnum, and the view itself in matviews, where
// readIndexes finds it.
func (in *inspector) readViews(ctx context.Context) error {
	var (
		oid                                  uint32
		schemaName, name, definition, commen string
		materialized, populated              bool
		options                              []string
		attnums                              []int16
		colNames, colTypes, colComments      []string
		colCollations                        []uint32
		deps                                 []viewDep
	)
	return in.query(ctx, "views.sql",
		[]any{&oid, &schemaName, &name, &materialized, &definition, &options, &populated, &commen,
			&attnums, &colNames, &colTypes, &colCollations, &colComments, &deps},
		func() error {
			defer func() {
				options, attnums, colNames, colTypes, colCollations, colComments, deps = nil, nil, nil, nil, nil, nil, nil
			}()
			s, ok := in.schemas[schemaName]
			if !ok {
				return fmt.Errorf("view %s.%s in unselected schema", schemaName, name)
			}
			if len(colNames) != len(attnums) || len(colTypes) != len(attnums) ||
				len(colCollations) != len(attnums) || len(colComments) != len(attnums) {
				return fmt.Errorf("view %s: inconsistent column arrays", schema.QualifiedName{Schema: schemaName, Name: name})
			}
			v := &schema.View{
				Name:         name,
				Materialized: materialized,
				Query:        viewQuery(definition),
				Comment:      commen,
				WithNoData:   materialized && !populated,
			}
			for i, n := range colNames {
				v.Columns = append(v.Columns, &schema.ViewColumn{Name: n, Type: colTypes[i], Comment: colComments[i]})
			}
			for _, p := range storageParams(options) {
				switch {
				case !materialized && p.Name == "check_option":
					v.CheckOption = strings.ToUpper(p.Value)
				case !materialized && p.Name == "security_barrier":
					v.SecurityBarrier = reloptionBool(p.Value)
				case !materialized && p.Name == "security_invoker":
					v.SecurityInvoker = reloptionBool(p.Value)
				default:
					v.StorageParams = append(v.StorageParams, p)
				}
			}
			if !materialized && len(v.StorageParams) > 0 {
				// Views have no other options today; one a later
				// PostgreSQL adds would otherwise be lost silently.
				in.addUnsupported("view option", schema.QualifiedName{Schema: schemaName, Name: name}.String())
				v.StorageParams = nil
			}
			for _, d := range deps {
				v.DependsOn = append(v.DependsOn, viewDepRef(d))
			}
			slices.SortFunc(v.DependsOn, func(a, b schema.ObjectRef) int { return strings.Compare(a.String(), b.String()) })
			v.DependsOn = slices.Compact(v.DependsOn)
			s.Views = append(s.Views, v)
			if materialized {
				for i, n := range attnums {
					in.attrs[attKey{oid, n}] = attr{name: colNames[i], collation: colCollations[i]}
				}
				in.matviews[oid] = &matviewInfo{view: v, name: schema.QualifiedName{Schema: schemaName, Name: name}}
			}
			return nil
		})
}

// A matviewInfo is a materialized view that readIndexes may add indexes to.
type matviewInfo struct {
	view *schema.View
	name schema.QualifiedName
}

// viewDepRef turns a dependency row into a reference.
func viewDepRef(d viewDep) schema.ObjectRef {
	r := schema.ObjectRef{Kind: schema.ObjectKind(d.Kind), Schema: d.Schema, Name: d.Name}
	switch r.Kind {
	case schema.KindColumn:
		r.Column = d.Column
	case schema.KindFunction, schema.KindProcedure:
		r.Args = d.Args
	}
	return r
}

// viewQuery returns pg_get_viewdef's text without the blank it starts
// with and the semicolon it ends with, so that the plan can write it after
// AS and end the statement itself.
func viewQuery(def string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(def), ";"))
}

// reloptionBool reads a boolean reloption as PostgreSQL's parse_bool does
// for the spellings it stores ("true", "on", "1", "yes" and prefixes).
func reloptionBool(v string) bool {
	v = strings.ToLower(v)
	switch {
	case v == "":
		return true // WITH (security_barrier) is stored as =true; kept for safety
	case strings.HasPrefix("true", v), strings.HasPrefix("yes", v), v == "on", v == "1":
		return true
	}
	return false
}
