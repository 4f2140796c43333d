package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemactl/schemactl/schema"
)

// Options control what Realms compares.
type Options struct {
	// Schemas names schemas to manage besides those the desired realm
	// declares (the --schema flag). A diff manages only the schemas of
	// the desired realm and these: objects of any other schema of the
	// current realm are left alone, and a schema named here that the
	// desired realm lacks is dropped with everything in it.
	Schemas []string
	// ManagePrivileges manages grants and default privileges even when
	// the desired realm declares none (the --manage-privileges flag):
	// then every grant of the managed schemas that it lacks is revoked.
	// Without it, and with no privilege declared, grants are left alone.
	ManagePrivileges bool
	// ManageRoles creates and alters the roles the desired realm declares
	// (the --manage-roles flag), comparing them with the current realm's
	// Roles, which the caller reads for them (inspect.Roles). Roles the
	// desired realm does not declare are left alone and no role is dropped.
	ManageRoles bool
	// CreatingRole is the role that will run the plan (current_user of
	// the target database), "" when unknown. The objects the plan creates
	// take the current realm's ALTER DEFAULT PRIVILEGES entries FOR ROLE
	// it, so their grants are compared from what those entries give.
	CreatingRole string
}

// Realms returns the changes that turn realm from into realm to. A nil realm
// is an empty one. The order is deterministic: schemas and extensions first,
// then each schema's sequences, enums, domains, composites and tables, every
// list sorted by name (package plan decides the order of execution). The
// realms are not modified; they need not be normalized.
func Realms(from, to *schema.Realm, opts Options) ([]Change, error) {
	if from == nil {
		from = &schema.Realm{}
	}
	if to == nil {
		to = &schema.Realm{}
	}
	d := &differ{
		opts:          opts,
		from:          from,
		to:            to,
		managed:       map[string]bool{},
		tableRenames:  map[schema.QualifiedName]schema.QualifiedName{},
		columnRenames: map[schema.QualifiedName]map[string]string{},
		replacedKeys:  map[schema.QualifiedName][][]string{},
		replacedTypes: map[string]bool{},
	}
	for _, s := range to.Schemas {
		d.managed[s.Name] = true
	}
	for _, name := range opts.Schemas {
		d.managed[name] = true
	}
	if err := d.run(); err != nil {
		return nil, err
	}
	return d.changes, nil
}

type differ struct {
	opts     Options
	from, to *schema.Realm
	managed  map[string]bool
	changes  []Change

	// tableRenames maps the current name of each renamed table to its new
	// name; columnRenames maps, per current table name, each renamed
	// column's current name to its new one. Lookups only.
	tableRenames  map[schema.QualifiedName]schema.QualifiedName
	columnRenames map[schema.QualifiedName]map[string]string
	// replacedKeys lists, per desired table name, the column sets of the
	// primary keys, unique constraints and unique indexes that the plan
	// drops: foreign keys that rely on them must be dropped and added again.
	replacedKeys map[schema.QualifiedName][][]string
	// replacedTypes holds the names (unqualified, to be cautious) of the
	// enums and domains that the plan replaces through a new type: indexes
	// and checks whose expressions mention them are rebuilt.
	replacedTypes map[string]bool
	tables        []*tableDiff
	// invalidated maps objects of the current realm that the plan drops
	// or recreates (see invalidKey) to the reason, so that the views that
	// use them are recreated too.
	invalidated map[string]string
	// fnRecreate maps the functions of the current realm that are dropped
	// and created again (by schema-qualified functionKey) to the reason;
	// nil until functions first runs (see recreatedFunctions).
	fnRecreate map[string]string
}

func (d *differ) add(cs ...Change) { d.changes = append(d.changes, cs...) }

func (d *differ) run() error {
	fromSchemas := sorted(d.from.Schemas, schemaName)
	toSchemas := sorted(d.to.Schemas, schemaName)

	for _, ts := range toSchemas {
		fs, ok := d.from.Schema(ts.Name)
		if !ok {
			d.add(&CreateSchema{Schema: ts})
			continue
		}
		if fs.Comment != ts.Comment {
			d.add(&CommentOn{Object: Object{Kind: KindSchema, Name: schema.QualifiedName{Name: ts.Name}}, Comment: ts.Comment})
		}
	}
	d.extensions()
	d.roles()

	// Tables are matched first, in every schema, so that renames are known
	// before anything that refers to a table is compared.
	for _, ts := range toSchemas {
		fs, _ := d.from.Schema(ts.Name)
		if err := d.matchTables(fs, ts); err != nil {
			return err
		}
	}
	for _, fs := range fromSchemas {
		if d.managed[fs.Name] {
			if _, ok := d.to.Schema(fs.Name); !ok {
				if err := d.matchTables(fs, nil); err != nil {
					return err
				}
			}
		}
	}

	for _, ts := range toSchemas {
		fs, _ := d.from.Schema(ts.Name)
		if err := d.schemaObjects(fs, ts); err != nil {
			return err
		}
	}
	for _, fs := range fromSchemas {
		if !d.managed[fs.Name] {
			continue
		}
		if _, ok := d.to.Schema(fs.Name); !ok {
			if err := d.schemaObjects(fs, nil); err != nil {
				return err
			}
		}
	}
	if err := d.diffTables(); err != nil {
		return err
	}
	if err := d.views(); err != nil {
		return err
	}
	d.triggers()
	d.privileges()
	for _, fs := range fromSchemas {
		if !d.managed[fs.Name] {
			continue
		}
		if _, ok := d.to.Schema(fs.Name); !ok {
			d.add(&DropSchema{Schema: fs})
		}
	}
	return nil
}

// extensions compares the extensions. Every extension of the desired realm
// is managed; one of the current realm only when its schema is managed, so
// that extensions in pg_catalog (plpgsql) or in schemas the diff does not
// manage are left alone.
func (d *differ) extensions() {
	for _, te := range sorted(d.to.Extensions, extensionName) {
		fe, ok := d.from.Extension(te.Name)
		if !ok {
			d.add(&CreateExtension{Extension: te})
			continue
		}
		// Version "" is the default version on both sides: inspect clears
		// a version equal to the server's default, so an extension that
		// is behind (or ahead of) the default still has its version set.
		if te.Version != fe.Version || (te.Schema != "" && te.Schema != fe.Schema) {
			d.add(&AlterExtension{From: fe, To: te})
		}
		if te.Comment != fe.Comment {
			d.add(&CommentOn{Object: Object{Kind: KindExtension, Name: schema.QualifiedName{Name: te.Name}}, Comment: te.Comment})
		}
	}
	for _, fe := range sorted(d.from.Extensions, extensionName) {
		if _, ok := d.to.Extension(fe.Name); !ok && d.managed[fe.Schema] {
			d.add(&DropExtension{Extension: fe})
		}
	}
}

// schemaObjects compares the objects of a schema other than tables. fs is
// nil for a created schema, ts for a dropped one.
func (d *differ) schemaObjects(fs, ts *schema.Schema) error {
	if fs == nil {
		fs = &schema.Schema{Name: ts.Name}
	}
	if ts == nil {
		ts = &schema.Schema{Name: fs.Name}
	}
	d.sequences(fs, ts)
	if err := d.enums(fs, ts); err != nil {
		return err
	}
	if err := d.domains(fs, ts); err != nil {
		return err
	}
	if err := d.composites(fs, ts); err != nil {
		return err
	}
	d.functions(fs, ts)
	return nil
}

// mapTable returns the name that the current table q has in the desired
// realm (its new name when it is renamed).
func (d *differ) mapTable(q schema.QualifiedName) schema.QualifiedName {
	if n, ok := d.tableRenames[q]; ok {
		return n
	}
	return q
}

// mapColumns returns the desired names of columns of the current table q.
func (d *differ) mapColumns(q schema.QualifiedName, cols []string) []string {
	m := d.columnRenames[q]
	if len(m) == 0 || len(cols) == 0 {
		return cols
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		if n, ok := m[c]; ok {
			c = n
		}
		out[i] = c
	}
	return out
}

// mapColumnRef returns the desired name of a column reference of the
// current realm.
func (d *differ) mapColumnRef(r *schema.ColumnRef) *schema.ColumnRef {
	if r == nil {
		return nil
	}
	return &schema.ColumnRef{Table: d.mapTable(r.Table), Column: d.mapColumns(r.Table, []string{r.Column})[0]}
}

// sorted returns a copy of items sorted by name; the realms are never
// reordered in place.
func sorted[T any](items []T, name func(T) string) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(name(a), name(b)) })
	return out
}

func schemaName(s *schema.Schema) string       { return s.Name }
func extensionName(e *schema.Extension) string { return e.Name }
func tableName(t *schema.Table) string         { return t.Name }
func enumName(e *schema.Enum) string           { return e.Name }
func domainName(d *schema.Domain) string       { return d.Name }
func compositeName(c *schema.Composite) string { return c.Name }
func sequenceName(q *schema.Sequence) string   { return q.Name }
func keyName(k *schema.Key) string             { return k.Name }
func indexName(i *schema.Index) string         { return i.Name }
func fkName(f *schema.ForeignKey) string       { return f.Name }
func checkName(c *schema.Check) string         { return c.Name }
func excludeName(x *schema.Exclude) string     { return x.Name }
func fieldName(f *schema.Field) string         { return f.Name }

func qualified(s *schema.Schema, name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: s.Name, Name: name}
}

// BaseType returns the type that a column type names, without array
// brackets: "public.status" for "public.status[]". Package plan uses it too,
// to order types by what they use.
func BaseType(typ string) string {
	typ = strings.TrimSpace(typ)
	for strings.HasSuffix(typ, "[]") {
		typ = strings.TrimSpace(strings.TrimSuffix(typ, "[]"))
	}
	return typ
}

// usesType reports whether column type typ is the type q or an array of it.
func usesType(typ string, q schema.QualifiedName) bool {
	return BaseType(typ) == q.String()
}

// errorf wraps fmt.Errorf so that every error of the package starts the same way.
func errorf(format string, args ...any) error {
	return fmt.Errorf("diff: "+format, args...)
}
