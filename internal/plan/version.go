package plan

import (
	"fmt"
	"slices"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// A VersionError reports a desired state that the target server cannot
// hold: the changes ask for something a newer PostgreSQL brought.
type VersionError struct {
	Object  string // what asks for it, e.g. `unique constraint "t_c_key" on public.t`
	Feature string // e.g. "NULLS NOT DISTINCT"
	Min     int    // the first major version that has it
	Server  int    // the target's major version
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("%s uses %s, which needs PostgreSQL %d or later; the target server is PostgreSQL %d",
		e.Object, e.Feature, e.Min, e.Server)
}

// checkVersion refuses changes that a server of version (server_version_num;
// 0, unknown, checks nothing: a dump or a migration file may run anywhere)
// cannot carry out, naming the first object and the minimum version. The
// desired state was made canonical by a dev server that may be newer than
// the target (when none of the target's version is installed), so the plan
// must not assume the target takes whatever the dev server took.
func checkVersion(changes []diff.Change, version int) error {
	if version == 0 {
		return nil
	}
	server := version / 10000
	var first *VersionError
	need := func(min int, feature, object string) {
		if server < min && first == nil {
			first = &VersionError{Object: object, Feature: feature, Min: min, Server: server}
		}
	}
	var walk func(c diff.Change)
	key := func(k *schema.Key, on schema.QualifiedName) {
		if k != nil && k.NullsNotDistinct {
			need(15, "UNIQUE NULLS NOT DISTINCT", fmt.Sprintf("unique constraint %s on %s", schema.QuoteIdent(k.Name), on))
		}
	}
	index := func(i *schema.Index, on string) {
		if i != nil && i.NullsNotDistinct {
			need(15, "NULLS NOT DISTINCT", fmt.Sprintf("index %s on %s", schema.QuoteIdent(i.Name), on))
		}
	}
	fk := func(f *schema.ForeignKey, on schema.QualifiedName) {
		if f != nil && len(f.OnDeleteColumns) > 0 {
			need(15, "ON DELETE SET NULL/SET DEFAULT with a column list", fmt.Sprintf("foreign key %s on %s", schema.QuoteIdent(f.Name), on))
		}
	}
	table := func(t *schema.Table) {
		for _, k := range t.Uniques {
			key(k, t.QualifiedName())
		}
		for _, i := range t.Indexes {
			index(i, t.QualifiedName().String())
		}
		for _, f := range t.ForeignKeys {
			fk(f, t.QualifiedName())
		}
	}
	view := func(v *schema.View) {
		if v == nil {
			return
		}
		if v.SecurityInvoker && !v.Materialized {
			need(15, "security_invoker", "view "+v.QualifiedName().String())
		}
		for _, i := range v.Indexes {
			index(i, v.QualifiedName().String())
		}
	}
	function := func(f *schema.Function) {
		if f != nil && f.SQLBody != "" {
			need(14, "a SQL-standard body (BEGIN ATOMIC or RETURN)", string(f.Kind())+" "+f.Signature())
		}
	}
	privileges := func(privs []string, what string) {
		if slices.Contains(privs, "MAINTAIN") {
			need(17, "the MAINTAIN privilege", what)
		}
	}
	walk = func(c diff.Change) {
		switch c := c.(type) {
		case *diff.CreateTable:
			table(c.Table)
		case *diff.AlterTable:
			for _, sc := range c.Changes {
				switch sc := sc.(type) {
				case *diff.AddUnique:
					key(sc.Key, c.To.QualifiedName())
				case *diff.CreateIndex:
					index(sc.Index, c.To.QualifiedName().String())
				case *diff.AddForeignKey:
					fk(sc.ForeignKey, c.To.QualifiedName())
				case *diff.AlterForeignKey:
					fk(sc.To, c.To.QualifiedName())
				}
			}
		case *diff.CreateIndex:
			if c.Index.Table != nil {
				index(c.Index, c.Index.Table.QualifiedName().String())
			}
		case *diff.CreateView:
			view(c.View)
		case *diff.ReplaceView:
			view(c.To)
		case *diff.RecreateView:
			view(c.To)
		case *diff.AlterView:
			view(c.To)
		case *diff.CreateFunction:
			function(c.Function)
		case *diff.ReplaceFunction:
			function(c.To)
		case *diff.RecreateFunction:
			function(c.To)
		case *diff.Grant:
			privileges(c.Privileges, "a grant to "+c.Grantee+" on "+c.On.String())
		case *diff.GrantDefault:
			privileges(c.Privileges, "default privileges for "+c.Grantee+" on "+c.ObjectType)
		}
	}
	for _, c := range changes {
		walk(c)
		if first != nil {
			return first
		}
	}
	return nil
}
