package inspect_test

import (
	"testing"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/schema"
)

// TestNewerServerFeatures checks what inspect reads of catalog entries that
// only newer servers write, each case on the versions that have it (and
// skipped, saying so, below).
func TestNewerServerFeatures(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name:     "MAINTAIN privilege",
		minMajor: 17, minWhy: "the MAINTAIN privilege",
		sql: `
DO $$ BEGIN CREATE ROLE insp_ver_m NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (a integer);
GRANT MAINTAIN, SELECT ON t TO insp_ver_m;`,
		want: &schema.Realm{
			Schemas: []*schema.Schema{{Name: "public", Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{col("a", "integer")}}}}},
			Privileges: []*schema.Privilege{{
				On: schema.ObjectRef{Kind: schema.KindTable, Schema: "public", Name: "t"}, Grantee: "insp_ver_m", Privileges: []string{"MAINTAIN", "SELECT"},
			}},
		},
	}, {
		// PostgreSQL 18 keeps NOT NULL as constraints (contype 'n') in
		// pg_constraint: they are the columns' NOT NULL, never checks.
		name:     "NOT NULL constraints",
		minMajor: 18, minWhy: "NOT NULL as pg_constraint rows",
		sql: `
CREATE TABLE t (a integer NOT NULL, b integer CONSTRAINT b_required NOT NULL, c integer CHECK (c > 0));
ALTER TABLE t ALTER COLUMN c SET NOT NULL;`,
		want: public(&schema.Table{
			Name:    "t",
			Columns: []*schema.Column{notNull("a", "integer"), notNull("b", "integer"), notNull("c", "integer")},
			Checks:  []*schema.Check{{Name: "t_c_check", Expr: "c > 0"}},
		}),
	}, {
		name:     "virtual generated columns and NOT ENFORCED constraints",
		minMajor: 18, minWhy: "virtual generated columns, NOT ENFORCED",
		sql: `
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE t (
	a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL,
	CONSTRAINT loose CHECK (a > 0) NOT ENFORCED,
	CONSTRAINT loose_fk FOREIGN KEY (a) REFERENCES p NOT ENFORCED
);`,
		want: public(
			&schema.Table{Name: "p", Columns: []*schema.Column{notNull("id", "integer")}, PrimaryKey: &schema.Key{Name: "p_pkey", Columns: []string{"id"}}},
			&schema.Table{Name: "t", Columns: []*schema.Column{col("a", "integer")}},
		),
		wantUnsupported: []inspect.Unsupported{
			{Kind: "NOT ENFORCED constraint", Name: "loose on public.t"},
			{Kind: "NOT ENFORCED constraint", Name: "loose_fk on public.t"},
			{Kind: "virtual generated column", Name: "public.t.b"},
		},
	}})
}
