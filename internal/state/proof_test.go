package state

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/bigschema"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// An exprForm is one expression PostgreSQL stores, as the SQL that creates
// it in the schema {s}. The common types and table columns come from
// formTable.
type exprForm struct {
	name string
	sql  string
}

// notInHCL says, for a form, why its HCL side is not checked: the HCL
// codec does not carry the object yet.
var notInHCL = map[string]string{
	"policy_using_varchar_in": "hclschema does not encode policies yet (the desired state drops them)",
}

// formTable creates {s}.t with a column of each type the forms use, and
// extra (constraints, or more columns).
func formTable(extra string) string {
	sql := "CREATE TABLE {s}.t (id bigint, status varchar(10), name text, n numeric, m {s}.mood, c char(3), si smallint, " +
		"amount numeric(10,2), tags text[], vs varchar[], j jsonb, d date, ts timestamptz, t2 timestamp, iv interval, " +
		"b boolean, email varchar, deleted_at timestamptz"
	if extra != "" {
		sql += ", " + extra
	}
	return sql + ");"
}

func check(expr string) string { return formTable("CHECK (" + expr + ")") }

// exprForms are the expression forms of issue 10: every one must survive
// inspect → HCL → diff, and a SQL desired state equal to the database,
// with no statement.
var exprForms = []exprForm{
	// IN on each kind of column; varchar is the case of the issue.
	{"varchar_in", check("status IN ('a', 'b')")},
	{"varchar_not_in", check("status NOT IN ('a', 'b')")},
	{"varchar_in_or_null", check("email IN ('a', 'b') OR email IS NULL")},
	{"varchar_in_one", check("status IN ('a')")},
	{"text_in", check("name IN ('a', 'b')")},
	{"numeric_in", check("n IN (1, 2.5)")},
	{"numeric_typmod_in", check("amount IN (1, 2.50)")},
	{"enum_in", check("m IN ('sad', 'ok')")},
	{"char_in", check("c IN ('a', 'b')")},
	{"smallint_in", check("si IN (1, 2)")},
	{"varchar_in_columns", check("status IN (name, 'x')")},
	// ANY / ALL with arrays.
	{"varchar_any_array", check("status = ANY (ARRAY['a', 'b'])")},
	{"varchar_all_array", check("status <> ALL (ARRAY['a', 'b'])")},
	{"text_any_literal", check("name = ANY ('{a,b}')")},
	{"char_any_array", check("c = ANY (ARRAY['a', 'b'])")},
	{"numeric_all", check("n > ALL (ARRAY[-1, 0])")},
	{"varchar_any_varchar_array", check("status = ANY (ARRAY['a', 'b']::varchar[])")},
	// Casts of literals.
	{"cast_literal_int", check("id > '5'::integer")},
	{"cast_varchar_typmod", check("status::varchar(3) = 'x'")},
	{"cast_text_literal", check("name <> CAST(1 AS text)")},
	{"cast_numeric_typmod", check("amount > 1.5::numeric(4,1)")},
	// BETWEEN.
	{"between_numeric", check("n BETWEEN 1 AND 10")},
	{"between_varchar", check("status BETWEEN 'a' AND 'c'")},
	{"not_between_symmetric", check("id NOT BETWEEN SYMMETRIC 10 AND 1")},
	// LIKE and friends.
	{"like_any_text", check("name LIKE ANY (ARRAY['a%', 'b%'])")},
	{"like_any_varchar", check("status LIKE ANY (ARRAY['a%', 'b%'])")},
	{"ilike_varchar", check("email ILIKE '%@example.com'")},
	{"similar_to", check("status SIMILAR TO 'a%'")},
	// IS DISTINCT FROM.
	{"is_distinct_from", check("status IS DISTINCT FROM 'x'")},
	{"is_not_distinct_from", check("name IS NOT DISTINCT FROM status")},
	// Row comparisons.
	{"row_comparison", check("(id, name) > (1, 'a')")},
	{"row_comparison_varchar", check("ROW(status, email) <> ROW('a', 'b')")},
	// COLLATE.
	{"collate_text", check(`name COLLATE "C" > 'a'`)},
	{"collate_varchar", check(`status COLLATE "C" > 'a'`)},
	// JSON operators.
	{"json_arrow", check("j -> 'a' IS NOT NULL")},
	{"json_arrow_text", check("j ->> 'a' = 'x'")},
	{"json_contains", check(`j @> '{"a": 1}'`)},
	{"json_key_exists", check("j ? 'a'")},
	{"json_any_key", check("j ?| ARRAY['a', 'b']")},
	{"json_path_in", check("(j #>> '{a,b}') IN ('x', 'y')")},
	// CASE, nested function calls, COALESCE/NULLIF.
	{"case", check("CASE WHEN id > 0 THEN status ELSE name END <> ''")},
	{"case_simple_varchar", check("CASE status WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 0 END > 0")},
	{"nested_functions", check("length(lower(trim(name))) > 0")},
	{"coalesce_varchar", check("COALESCE(status, '') <> ''")},
	{"nullif_varchar", check("NULLIF(status, '') IS NOT NULL")},
	{"concat", check("(name || status) <> ''")},
	{"substring", check("substring(name from 1 for 2) <> 'zz'")},
	// Negative numerics.
	{"negative_numeric", check("n > -1.5")},
	{"negative_int", check("id > -1")},
	{"negative_in", check("n IN (-1, -2.5)")},
	{"negated_expression", check("-(n) < 100")},
	// Date, time and interval arithmetic.
	{"date_plus_interval", check("d + interval '1 day' > '2000-01-01'")},
	{"timestamptz_minus_interval", check("ts - interval '1 hour' > '2000-01-01 00:00:00+00'")},
	{"interval_compare", check("iv < interval '1 day 02:00'")},
	{"timestamptz_literal", check("ts > '2020-01-01 00:00:00+00'")},
	{"at_time_zone", check("ts AT TIME ZONE 'UTC' > '2020-01-01'")},
	{"extract", check("extract(year from d) > 2000")},
	{"date_trunc", check("date_trunc('day', ts) <= ts")},
	{"current_date", check("d > current_date - 36500")},
	{"timestamp_cast", check("t2::date >= '2000-01-01'::date")},
	// Arrays and regular expressions.
	{"array_literal", check("tags <> ARRAY['x', 'y']")},
	{"array_varchar", check("vs @> ARRAY['a']::varchar[]")},
	{"array_length", check("cardinality(tags) < 10")},
	{"regex", check("status ~ '^a'")},
	{"regex_not_icase", check("name !~* 'x'")},
	{"boolean", check("b IS NOT FALSE OR id > 0")},
	// Defaults.
	{"default_now", formTable("created_at timestamptz DEFAULT now()")},
	{"default_current_timestamp", formTable("created_at timestamptz DEFAULT CURRENT_TIMESTAMP")},
	{"default_gen_random_uuid", formTable("uid uuid DEFAULT gen_random_uuid()")},
	{"default_nextval", "CREATE SEQUENCE {s}.counter; " + formTable("num bigint DEFAULT nextval('{s}.counter')")},
	{"default_empty_text_array", formTable("labels text[] DEFAULT '{}'::text[]")},
	{"default_varchar_array", formTable("codes varchar(5)[] DEFAULT ARRAY['a', 'b']::varchar(5)[]")},
	{"default_varchar", formTable("kind varchar(10) DEFAULT 'x'")},
	{"default_interval", formTable("ttl interval DEFAULT interval '1 day'")},
	{"default_now_plus_interval", formTable("expires_at timestamptz DEFAULT now() + interval '30 days'")},
	{"default_jsonb", formTable(`meta jsonb DEFAULT '{"a": [1, 2]}'`)},
	{"default_negative", formTable("balance numeric DEFAULT -1.5")},
	{"default_enum", formTable("mood {s}.mood DEFAULT 'ok'")},
	// Index expressions and partial index predicates.
	{"index_lower_email", formTable("") + " CREATE INDEX ON {s}.t (lower(email));"},
	{"index_partial_varchar_in", formTable("") + " CREATE INDEX ON {s}.t (id) WHERE status IN ('a', 'b');"},
	{"index_partial_is_null", formTable("") + " CREATE INDEX ON {s}.t (email) WHERE deleted_at IS NULL;"},
	{"index_json_expression", formTable("") + " CREATE INDEX ON {s}.t ((j ->> 'a'), (coalesce(status, '')));"},
	{"index_unique_partial", formTable("") + " CREATE UNIQUE INDEX ON {s}.t (lower(name)) WHERE NOT b;"},
	// Generated columns.
	{"generated_arithmetic", formTable("doubled numeric GENERATED ALWAYS AS (amount * 2) STORED")},
	{"generated_lower", formTable("email_lower text GENERATED ALWAYS AS (lower(email)) STORED")},
	{"generated_case_varchar_in", formTable("active boolean GENERATED ALWAYS AS (CASE WHEN status IN ('a', 'b') THEN true ELSE false END) STORED")},
	// Domain checks.
	{"domain_varchar_in", "CREATE DOMAIN {s}.code AS varchar(10) CHECK (VALUE IN ('a', 'b')); " + formTable("code {s}.code")},
	{"domain_regex", `CREATE DOMAIN {s}.email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$'); ` + formTable("address {s}.email")},
	{"domain_default", "CREATE DOMAIN {s}.positive AS numeric DEFAULT 1 CHECK (VALUE > -0.5); " + formTable("p {s}.positive")},
	// Exclusion constraints and partition keys.
	{"exclude_expression_predicate", formTable("EXCLUDE USING gist (int8range(id, id + 10) WITH &&) WHERE (status IN ('a', 'b'))")},
	// Policies and views.
	{"policy_using_varchar_in", formTable("") + " ALTER TABLE {s}.t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON {s}.t USING (status IN ('a', 'b')) WITH CHECK (email NOT IN ('x'));"},
	{"view_where_varchar_in", formTable("") + " CREATE VIEW {s}.v AS SELECT id, status FROM {s}.t WHERE status IN ('a', 'b');"},
	{"partition_key_expression", "CREATE TABLE {s}.p (id bigint, name varchar(20), CHECK (name IN ('a', 'b'))) PARTITION BY LIST (lower(name)); " +
		"CREATE TABLE {s}.p_a PARTITION OF {s}.p FOR VALUES IN ('a'); " + formTable("")},
}

// formsSQL is the SQL of all forms, each in its schema eNN, and the
// schema names.
func formsSQL(forms []exprForm) (string, []string) {
	var sb strings.Builder
	var names []string
	for i, f := range forms {
		s := fmt.Sprintf("e%02d", i)
		names = append(names, s)
		fmt.Fprintf(&sb, "-- %s\nCREATE SCHEMA %s;\nCREATE TYPE %s.mood AS ENUM ('sad', 'ok', 'happy');\n%s\n", f.name, s, s, strings.ReplaceAll(f.sql, "{s}", s))
	}
	return sb.String(), names
}

// statementsBySchema plans current → desired and groups the statements by
// the form schema they name; statements that name none are under "".
func statementsBySchema(t *testing.T, current, desired *schema.Realm, names []string) map[string][]string {
	t.Helper()
	changes, err := diff.Realms(current, desired, diff.Options{Schemas: names})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(changes, plan.Options{From: current})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string][]string{}
	for _, st := range p.Statements {
		owner := ""
		for _, n := range names {
			if strings.Contains(st.SQL, n+".") {
				owner = n
				break
			}
		}
		by[owner] = append(by[owner], st.SQL)
	}
	return by
}

// TestReconcileVarcharIn is the case of issue 10: a check `status IN
// ('a', 'b')` on a varchar column, inspected into HCL and diffed against
// the same database. Without Reconcile the diff recreates the check.
func TestReconcileVarcharIn(t *testing.T) {
	ctx := context.Background()
	sql, names := formsSQL(exprForms[:1])
	current, conn := databaseState(t, sql, names)
	l := newLoader(t)
	desired := hclState(t, l, current.Realm)
	if by := statementsBySchema(t, current.Realm, desired.Realm, names); len(by) == 0 {
		t.Fatal("without Reconcile, the diff is already empty: the issue no longer reproduces and the test proves nothing")
	}
	if err := l.Reconcile(ctx, current, desired); err != nil {
		t.Fatal(err)
	}
	if by := statementsBySchema(t, current.Realm, desired.Realm, names); len(by) > 0 {
		t.Errorf("inspect → HCL → diff is not empty: %q", by)
	}
	// The verdict is cached: a second loader with the same cache needs no
	// dev database.
	l2 := &Loader{DevURL: "postgres://nobody@127.0.0.1:1/none", CacheDir: l.CacheDir, identity: l.identity}
	desired = hclState(t, l, current.Realm)
	if err := l2.Reconcile(ctx, current, desired); err != nil {
		t.Fatalf("a cached proof needed the dev database: %v", err)
	}
	if by := statementsBySchema(t, current.Realm, desired.Realm, names); len(by) > 0 {
		t.Errorf("from the cache, the diff is not empty: %q", by)
	}
	conn.Close(ctx)
}

// TestReconcileExpressionForms creates every form of exprForms in a
// database and requires, for each, no statement when the desired state is
// (1) the database's inspected HCL, (2) the SQL that created it, and (3)
// that SQL against a database that schemactl built from it (what `apply`
// leaves: a pass further than the SQL). It also requires that Reconcile
// does not hide real changes.
func TestReconcileExpressionForms(t *testing.T) {
	ctx := context.Background()
	sql, names := formsSQL(exprForms)
	current, conn := databaseState(t, sql, names)
	defer conn.Close(ctx)
	l := newLoader(t)

	fromHCL := hclState(t, l, current.Realm)
	sqlFile := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(sqlFile, []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
	fromSQL, err := l.Files(ctx, []string{sqlFile})
	if err != nil {
		t.Fatal(err)
	}
	// A database built by schemactl from the SQL desired state: the dump
	// of its canonical form, as apply runs it on an empty database. It is
	// a pass further than the SQL; the desired state is that SQL again.
	var dump strings.Builder
	if err := plan.Dump(fromSQL.Realm, &dump); err != nil {
		t.Fatal(err)
	}
	applied, conn2 := databaseState(t, dump.String(), names)
	defer conn2.Close(ctx)
	appliedDesired, err := l.Files(ctx, []string{sqlFile})
	if err != nil {
		t.Fatal(err)
	}

	type side struct {
		name             string
		current, desired *State
	}
	sides := []side{
		{"hcl", current, fromHCL},
		{"sql", current, fromSQL},
		{"applied", applied, appliedDesired},
	}
	results := map[string]map[string][]string{}
	for _, sd := range sides {
		before := statementsBySchema(t, sd.current.Realm, sd.desired.Realm, names)
		var differed []string
		for i, n := range names {
			if len(before[n]) > 0 {
				differed = append(differed, exprForms[i].name)
			}
		}
		t.Logf("%s: %d forms differ before Reconcile: %s", sd.name, len(differed), strings.Join(differed, ", "))
		if err := l.Reconcile(ctx, sd.current, sd.desired); err != nil {
			t.Fatal(err)
		}
		by := statementsBySchema(t, sd.current.Realm, sd.desired.Realm, names)
		// A plan that locks an existing table starts with SET lock_timeout.
		if s := slices.DeleteFunc(by[""], func(s string) bool { return strings.HasPrefix(s, "SET lock_timeout") }); len(s) > 0 {
			t.Errorf("%s: statements of no form: %q", sd.name, s)
		}
		results[sd.name] = by
	}
	for i, f := range exprForms {
		t.Run(f.name, func(t *testing.T) {
			for _, sd := range sides {
				if why := notInHCL[f.name]; sd.name == "hcl" && why != "" {
					t.Logf("hcl side not checked: %s", why)
					continue
				}
				if s := results[sd.name][names[i]]; len(s) > 0 {
					t.Errorf("%s desired state: %d statements, want none:\n%s", sd.name, len(s), strings.Join(s, ";\n"))
				}
			}
		})
	}

	// A real change stays one: a desired state whose check allows another
	// value, spelled in the stable form, is not proven equal.
	t.Run("real_change_kept", func(t *testing.T) {
		changed := hclState(t, l, current.Realm)
		tbl, _ := changed.Realm.Table(qualified(names[0], "t"))
		tbl.Checks[0].Expr = "((status)::text = ANY (ARRAY[('a'::character varying)::text, ('c'::character varying)::text]))"
		if err := l.Reconcile(ctx, current, changed); err != nil {
			t.Fatal(err)
		}
		if by := statementsBySchema(t, current.Realm, changed.Realm, names); len(by[names[0]]) == 0 {
			t.Error("a changed check was proven equal to the database's")
		}
	})
}

// databaseState creates a database from sql and inspects the schemas
// names, as `diff` reads the live database.
func databaseState(t *testing.T, sql string, names []string) (*State, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := apply.RunScript(ctx, conn, apply.Script{Name: "forms.sql", SQL: sql}); err != nil {
		t.Fatal(err)
	}
	// Every user schema, as a SQL desired state is read (public too).
	st, err := (&Loader{}).Database(ctx, conn, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st, conn
}

// hclState encodes r as HCL into a file and loads it as a desired state.
func hclState(t *testing.T, l *Loader, r *schema.Realm) *State {
	t.Helper()
	file := filepath.Join(t.TempDir(), "schema.hcl")
	if err := os.WriteFile(file, hclschema.Encode(r), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := l.Files(context.Background(), []string{file})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// BenchmarkReconcileUnchanged measures what Reconcile adds to a diff of an
// unchanged schema, the 2,000 tables of the benchmark: a walk over the
// expressions of both sides, and no dev database.
func BenchmarkReconcileUnchanged(b *testing.B) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.New(b))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := apply.RunScript(ctx, conn, apply.Script{Name: "bigschema", SQL: bigschema.SQL(2000)}); err != nil {
		b.Fatal(err)
	}
	current, err := (&Loader{}).Database(ctx, conn, []string{"public"})
	if err != nil {
		b.Fatal(err)
	}
	r, err := cloneRealm(current.Realm)
	if err != nil {
		b.Fatal(err)
	}
	desired := &State{Realm: r}
	l := &Loader{DevURL: "postgres://nobody@127.0.0.1:1/none"} // never opened
	b.ResetTimer()
	for range b.N {
		if err := l.Reconcile(ctx, current, desired); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDifferingExprsEveryKind checks, without a database, that every
// registered place of an expression is compared: a realm against a copy
// in which each expression is spelled otherwise gives one pair per
// expression, and an unchanged copy none.
func TestDifferingExprsEveryKind(t *testing.T) {
	build := func(suffix schema.Expr) *schema.Realm {
		e := func(s string) schema.Expr { return schema.Expr(s) + suffix }
		tbl := &schema.Table{
			Name: "t",
			Columns: []*schema.Column{
				{Name: "a", Type: "integer", Default: e("1")},
				{Name: "b", Type: "integer", Generated: e("a * 2")},
			},
			Checks:       []*schema.Check{{Name: "c", Expr: e("a > 0")}},
			Indexes:      []*schema.Index{{Name: "i", Parts: []*schema.IndexPart{{Column: "a"}, {Expr: e("a + 1")}}, Predicate: e("a > 1")}},
			Excludes:     []*schema.Exclude{{Name: "x", Elements: []*schema.ExcludeElement{{IndexPart: schema.IndexPart{Expr: e("int4range(a, b)")}, Operator: "&&"}}, Predicate: e("a > 2")}},
			PartitionKey: &schema.PartitionKey{Strategy: "LIST", Parts: []*schema.PartitionPart{{Expr: e("lower(a::text)")}}},
			Policies:     []*schema.Policy{{Name: "p", Using: e("a > 3"), WithCheck: e("a > 4")}},
		}
		dom := &schema.Domain{Name: "d", Type: "integer", Default: e("5"), Checks: []*schema.Check{{Name: "dc", Expr: e("VALUE > 6")}}}
		view := &schema.View{Name: "v", Query: " SELECT 1" + string(suffix)}
		r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Tables: []*schema.Table{tbl}, Domains: []*schema.Domain{dom}, Views: []*schema.View{view}}}}
		r.Link()
		return r
	}
	if pairs := differingExprs(build(""), build("")); len(pairs) != 0 {
		t.Errorf("unchanged copy: %d pairs, want none", len(pairs))
	}
	pairs := differingExprs(build(""), build(" "))
	var got []string
	for _, p := range pairs {
		got = append(got, p.key.String())
	}
	want := []string{
		"table public.t: check c 0", "table public.t: default a 0", "table public.t: exclude element x 0",
		"table public.t: exclude predicate x 0", "table public.t: generated b 0", "table public.t: index part i 1",
		"table public.t: index predicate i 0", "table public.t: partition key part 0", "table public.t: policy using p 0",
		"table public.t: policy with check p 0", "type public.d: check dc 0", "type public.d: default 0", "view public.v: query 0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pairs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReconcileUnprovable checks that a pair whose probe PostgreSQL
// rejects stays a difference, without an error: the diff shows it, as it
// would without Reconcile.
func TestReconcileUnprovable(t *testing.T) {
	ctx := context.Background()
	sql, names := formsSQL(exprForms[:1])
	current, conn := databaseState(t, sql, names)
	defer conn.Close(ctx)
	l := newLoader(t)
	desired := hclState(t, l, current.Realm)
	tbl, _ := current.Realm.Table(qualified(names[0], "t"))
	tbl.Columns = append(tbl.Columns, &schema.Column{Name: "broken", Type: "public.no_such_type"})
	current.Realm.Link()
	dt, _ := desired.Realm.Table(qualified(names[0], "t"))
	before := dt.Checks[0].Expr
	if err := l.Reconcile(ctx, current, desired); err != nil {
		t.Fatalf("an unprovable pair is not an error: %v", err)
	}
	if dt.Checks[0].Expr != before {
		t.Errorf("the check was rewritten to %q although its probe cannot be built", dt.Checks[0].Expr)
	}
}
