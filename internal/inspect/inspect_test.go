package inspect_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/schema"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// modelCmp compares realms while ignoring the back-references that Link
// sets (they would make every comparison recurse into the whole realm).
var modelCmp = cmp.Options{
	cmpopts.IgnoreFields(schema.Schema{}, "Realm"),
	cmpopts.IgnoreFields(schema.Table{}, "Schema"),
	cmpopts.IgnoreFields(schema.Column{}, "Table"),
	cmpopts.IgnoreFields(schema.Key{}, "Table"),
	cmpopts.IgnoreFields(schema.Index{}, "Table"),
	cmpopts.IgnoreFields(schema.ForeignKey{}, "Table"),
	cmpopts.IgnoreFields(schema.Exclude{}, "Table"),
	cmpopts.IgnoreFields(schema.Enum{}, "Schema"),
	cmpopts.IgnoreFields(schema.Domain{}, "Schema"),
	cmpopts.IgnoreFields(schema.Composite{}, "Schema"),
	cmpopts.IgnoreFields(schema.Sequence{}, "Schema"),
	cmpopts.IgnoreFields(schema.View{}, "Schema"),
	cmpopts.IgnoreFields(schema.Function{}, "Schema"),
	cmpopts.EquateEmpty(),
}

// connect opens a connection to url, closed when t ends.
func connect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// inspectSQL runs setup in a new database and inspects it. The comment
// that PostgreSQL puts on the public schema is removed first, so that
// expected realms need not repeat it, and so is the CREATE on schema
// public that PostgreSQL 13 and 14 grant PUBLIC (15 no longer does), so
// that one expected realm serves every version.
func inspectSQL(t *testing.T, setup string, opts inspect.Options) (*schema.Realm, []inspect.Unsupported) {
	t.Helper()
	ctx := context.Background()
	conn := connect(t, pgtest.New(t))
	prelude := "COMMENT ON SCHEMA public IS NULL;\n"
	if pgtest.Major(t) < 15 {
		prelude += "REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n"
	}
	if _, err := conn.Exec(ctx, prelude+setup); err != nil {
		t.Fatalf("setup: %v", err)
	}
	realm, unsupported, err := inspect.Realm(ctx, conn, opts)
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return realm, unsupported
}

// selectTA is how the server prints the body of a view defined as
// SELECT a FROM t: PostgreSQL 16 stopped qualifying columns when the query
// reads one relation.
func selectTA(t *testing.T) string {
	if pgtest.Major(t) >= 16 {
		return "SELECT a\n   FROM public.t"
	}
	return "SELECT t.a\n   FROM public.t"
}

func i64(v int64) *int64 { return &v }

// public returns a realm holding only the public schema with these objects.
func public(tables ...*schema.Table) *schema.Realm {
	return &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Tables: tables}}}
}

// col is a shorthand for a nullable column without options.
func col(name, typ string) *schema.Column { return &schema.Column{Name: name, Type: typ} }

// notNull is a shorthand for a NOT NULL column without options.
func notNull(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: typ, NotNull: true}
}

type realmCase struct {
	name string
	// minMajor, when set, is the oldest PostgreSQL whose syntax sql uses
	// (minWhy says what): the case is skipped, saying so, below it.
	minMajor        int
	minWhy          string
	sql             string
	schemas         []string // Options.Schemas; nil for the default selection
	want            *schema.Realm
	wantUnsupported []inspect.Unsupported
}

// runRealmCases inspects each case's database and compares the realm and
// the unsupported objects with what it expects.
func runRealmCases(t *testing.T, cases []realmCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.minMajor != 0 {
				pgtest.RequireMajor(t, tc.minMajor, tc.minWhy)
			}
			got, unsupported := inspectSQL(t, tc.sql, inspect.Options{Schemas: tc.schemas})
			if diff := cmp.Diff(tc.want, got, modelCmp); diff != "" {
				t.Errorf("realm mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantUnsupported, unsupported, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unsupported mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestColumnTypes(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name:     "multirange",
		minMajor: 14, minWhy: "multirange types",
		sql:  `CREATE TABLE r (c_datemultirange datemultirange);`,
		want: public(&schema.Table{Name: "r", Columns: []*schema.Column{col("c_datemultirange", "datemultirange")}}),
	}, {
		name: "built-in type classes",
		sql: `
CREATE TYPE status AS ENUM ('active', 'gone');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE every_type (
	c_smallint smallint, c_integer int, c_bigint int8,
	c_numeric numeric, c_numeric_p numeric(10), c_numeric_ps numeric(10,2),
	c_real real, c_double float8, c_float float(10), c_money money,
	c_text text, c_varchar varchar, c_varchar_n varchar(255), c_char char, c_char_n char(3), c_qchar "char", c_name name,
	c_bytea bytea, c_bool bool,
	c_date date, c_time time, c_time_p time(3), c_timetz timetz(0),
	c_timestamp timestamp, c_timestamp_p timestamp(6), c_timestamptz timestamptz, c_timestamptz_p timestamp(2) with time zone,
	c_interval interval, c_interval_fields interval day to second, c_interval_p interval minute to second(2), c_interval_year interval year,
	c_bit bit, c_bit_n bit(8), c_varbit varbit, c_varbit_n bit varying(16),
	c_uuid uuid, c_json json, c_jsonb jsonb, c_xml xml,
	c_inet inet, c_cidr cidr, c_macaddr macaddr, c_macaddr8 macaddr8,
	c_point point, c_line line, c_lseg lseg, c_box box, c_path path, c_polygon polygon, c_circle circle,
	c_tsvector tsvector, c_tsquery tsquery,
	c_int4range int4range, c_tstzrange tstzrange,
	c_oid oid, c_regclass regclass, c_pg_lsn pg_lsn,
	c_int_array int[], c_text_matrix text[][], c_varchar_array varchar(20)[],
	c_enum status, c_enum_array status[], c_domain posint, c_composite pair
);`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:       "public",
			Enums:      []*schema.Enum{{Name: "status", Values: []string{"active", "gone"}}},
			Domains:    []*schema.Domain{{Name: "posint", Type: "integer", Checks: []*schema.Check{{Name: "posint_check", Expr: "VALUE > 0"}}}},
			Composites: []*schema.Composite{{Name: "pair", Fields: []*schema.Field{{Name: "a", Type: "integer"}, {Name: "b", Type: "text"}}}},
			Tables: []*schema.Table{{Name: "every_type", Columns: []*schema.Column{
				col("c_smallint", "smallint"), col("c_integer", "integer"), col("c_bigint", "bigint"),
				col("c_numeric", "numeric"), col("c_numeric_p", "numeric(10,0)"), col("c_numeric_ps", "numeric(10,2)"),
				col("c_real", "real"), col("c_double", "double precision"), col("c_float", "real"), col("c_money", "money"),
				col("c_text", "text"), col("c_varchar", "character varying"), col("c_varchar_n", "character varying(255)"),
				col("c_char", "character(1)"), col("c_char_n", "character(3)"), col("c_qchar", `"char"`), col("c_name", "name"),
				col("c_bytea", "bytea"), col("c_bool", "boolean"),
				col("c_date", "date"), col("c_time", "time without time zone"), col("c_time_p", "time(3) without time zone"),
				col("c_timetz", "time(0) with time zone"),
				col("c_timestamp", "timestamp without time zone"), col("c_timestamp_p", "timestamp without time zone"), // 6 is the default precision (schema.WithoutDefaultPrecision)
				col("c_timestamptz", "timestamp with time zone"), col("c_timestamptz_p", "timestamp(2) with time zone"),
				col("c_interval", "interval"), col("c_interval_fields", "interval day to second"),
				col("c_interval_p", "interval minute to second(2)"), col("c_interval_year", "interval year"),
				col("c_bit", "bit(1)"), col("c_bit_n", "bit(8)"), col("c_varbit", "bit varying"), col("c_varbit_n", "bit varying(16)"),
				col("c_uuid", "uuid"), col("c_json", "json"), col("c_jsonb", "jsonb"), col("c_xml", "xml"),
				col("c_inet", "inet"), col("c_cidr", "cidr"), col("c_macaddr", "macaddr"), col("c_macaddr8", "macaddr8"),
				col("c_point", "point"), col("c_line", "line"), col("c_lseg", "lseg"), col("c_box", "box"),
				col("c_path", "path"), col("c_polygon", "polygon"), col("c_circle", "circle"),
				col("c_tsvector", "tsvector"), col("c_tsquery", "tsquery"),
				col("c_int4range", "int4range"), col("c_tstzrange", "tstzrange"),
				col("c_oid", "oid"), col("c_regclass", "regclass"), col("c_pg_lsn", "pg_lsn"),
				col("c_int_array", "integer[]"), col("c_text_matrix", "text[]"), col("c_varchar_array", "character varying(20)[]"),
				col("c_enum", "public.status"), col("c_enum_array", "public.status[]"),
				col("c_domain", "public.posint"), col("c_composite", "public.pair"),
			}}},
		}}},
	}})
}

func TestColumns(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "options",
		sql: `
CREATE SEQUENCE counter;
CREATE TABLE t (
	id integer NOT NULL,
	name text COLLATE "C" NOT NULL DEFAULT 'x',
	code varchar(10) COLLATE "POSIX",
	label text COLLATE "default",
	created timestamptz DEFAULT now(),
	n bigint DEFAULT nextval('counter'),
	total numeric DEFAULT (1 + 2) * 3,
	flag boolean DEFAULT (true AND false),
	twice integer GENERATED ALWAYS AS (id * 2) STORED,
	tags text[] DEFAULT '{}'::text[]
);
COMMENT ON TABLE t IS 'a table';
COMMENT ON COLUMN t.id IS 'the id';`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:      "public",
			Sequences: []*schema.Sequence{{Name: "counter", Type: "bigint"}},
			Tables: []*schema.Table{{Name: "t", Comment: "a table", Columns: []*schema.Column{
				{Name: "id", Type: "integer", NotNull: true, Comment: "the id"},
				{Name: "name", Type: "text", Collation: `"C"`, NotNull: true, Default: "'x'::text"},
				{Name: "code", Type: "character varying(10)", Collation: `"POSIX"`},
				col("label", "text"),
				{Name: "created", Type: "timestamp with time zone", Default: "now()"},
				{Name: "n", Type: "bigint", Default: "nextval('public.counter'::regclass)"},
				{Name: "total", Type: "numeric", Default: "((1 + 2) * 3)"},
				{Name: "flag", Type: "boolean", Default: "(true AND false)"},
				{Name: "twice", Type: "integer", Generated: "id * 2"},
				{Name: "tags", Type: "text[]", Default: "'{}'::text[]"},
			}}},
		}}},
	}, {
		name: "identity",
		sql: `
CREATE TABLE t (
	a bigint GENERATED ALWAYS AS IDENTITY,
	b integer GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5 CACHE 20 CYCLE),
	c smallint GENERATED BY DEFAULT AS IDENTITY (MINVALUE -100 MAXVALUE 100 START 0),
	d integer GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1)
);`,
		want: public(&schema.Table{Name: "t", Columns: []*schema.Column{
			{Name: "a", Type: "bigint", NotNull: true, Identity: &schema.Identity{Always: true}},
			{Name: "b", Type: "integer", NotNull: true, Identity: &schema.Identity{
				Sequence: schema.SequenceOptions{Start: i64(10), Increment: i64(5), Cache: i64(20), Cycle: true}}},
			{Name: "c", Type: "smallint", NotNull: true, Identity: &schema.Identity{
				Sequence: schema.SequenceOptions{Start: i64(0), MinValue: i64(-100), MaxValue: i64(100)}}},
			{Name: "d", Type: "integer", NotNull: true, Identity: &schema.Identity{Always: true,
				Sequence: schema.SequenceOptions{Increment: i64(-1)}}},
		}}),
	}, {
		name: "serial",
		sql: `
CREATE TABLE t (a serial, b bigserial PRIMARY KEY, c smallserial);
-- Not serial any more: each differs from what serial creates in one way.
CREATE TABLE u (nullable serial, stepped serial, commented serial, typed bigserial, elsewhere integer NOT NULL);
ALTER TABLE u ALTER nullable DROP NOT NULL;
ALTER SEQUENCE u_stepped_seq INCREMENT BY 2;
COMMENT ON SEQUENCE u_commented_seq IS 'mine';
ALTER SEQUENCE u_typed_seq AS integer;
ALTER TABLE u ALTER typed TYPE integer;
ALTER TABLE u ALTER typed TYPE bigint;
CREATE SEQUENCE custom_name OWNED BY u.elsewhere;
ALTER TABLE u ALTER elsewhere SET DEFAULT nextval('custom_name');`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name: "public",
			Sequences: []*schema.Sequence{
				{Name: "custom_name", Type: "bigint", OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "u"}, Column: "elsewhere"}},
				{Name: "u_commented_seq", Type: "integer", Comment: "mine", OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "u"}, Column: "commented"}},
				{Name: "u_nullable_seq", Type: "integer", OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "u"}, Column: "nullable"}},
				{Name: "u_stepped_seq", Type: "integer", Options: schema.SequenceOptions{Increment: i64(2)}, OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "u"}, Column: "stepped"}},
				{Name: "u_typed_seq", Type: "integer", OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "u"}, Column: "typed"}},
			},
			Tables: []*schema.Table{{
				Name: "t",
				Columns: []*schema.Column{
					notNull("a", "serial"), notNull("b", "bigserial"), notNull("c", "smallserial"),
				},
				PrimaryKey: &schema.Key{Name: "t_pkey", Columns: []string{"b"}},
			}, {
				Name: "u",
				Columns: []*schema.Column{
					{Name: "nullable", Type: "integer", Default: "nextval('public.u_nullable_seq'::regclass)"},
					{Name: "stepped", Type: "integer", NotNull: true, Default: "nextval('public.u_stepped_seq'::regclass)"},
					{Name: "commented", Type: "integer", NotNull: true, Default: "nextval('public.u_commented_seq'::regclass)"},
					{Name: "typed", Type: "bigint", NotNull: true, Default: "nextval('public.u_typed_seq'::regclass)"},
					{Name: "elsewhere", Type: "integer", NotNull: true, Default: "nextval('public.custom_name'::regclass)"},
				},
			}},
		}}},
	}})
}

func TestSequences(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "standalone",
		sql: `
CREATE TABLE t (id bigint);
CREATE SEQUENCE plain;
CREATE SEQUENCE small AS smallint START 10 INCREMENT 5 MINVALUE 5 MAXVALUE 500 CACHE 10 CYCLE;
CREATE SEQUENCE down INCREMENT -1;
CREATE SEQUENCE owned AS integer OWNED BY t.id;
COMMENT ON SEQUENCE plain IS 'plain one';`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:   "public",
			Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{col("id", "bigint")}}},
			Sequences: []*schema.Sequence{
				{Name: "down", Type: "bigint", Options: schema.SequenceOptions{Increment: i64(-1)}},
				{Name: "owned", Type: "integer", OwnedBy: &schema.ColumnRef{Table: schema.QualifiedName{Schema: "public", Name: "t"}, Column: "id"}},
				{Name: "plain", Type: "bigint", Comment: "plain one"},
				{Name: "small", Type: "smallint", Options: schema.SequenceOptions{
					Start: i64(10), Increment: i64(5), MinValue: i64(5), MaxValue: i64(500), Cache: i64(10), Cycle: true}},
			},
		}}},
	}})
}

func TestKeys(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name:     "primary keys and unique constraints",
		minMajor: 15, minWhy: "UNIQUE NULLS NOT DISTINCT",
		sql: `
CREATE TABLE t (
	a integer, b text, c integer, d integer,
	CONSTRAINT t_pk PRIMARY KEY (b, a) INCLUDE (c) WITH (fillfactor = 70),
	CONSTRAINT t_c_key UNIQUE NULLS NOT DISTINCT (c),
	CONSTRAINT t_d_key UNIQUE (d, c) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT t_cd_key UNIQUE (c, d) DEFERRABLE
);
COMMENT ON CONSTRAINT t_pk ON t IS 'the key';
COMMENT ON INDEX t_pk IS 'comments on the index of a key are listed';`,
		want: public(&schema.Table{
			Name:       "t",
			Columns:    []*schema.Column{notNull("a", "integer"), notNull("b", "text"), col("c", "integer"), col("d", "integer")},
			PrimaryKey: &schema.Key{Name: "t_pk", Columns: []string{"b", "a"}, Include: []string{"c"}, StorageParams: []schema.StorageParam{{Name: "fillfactor", Value: "70"}}, Comment: "the key"},
			Uniques: []*schema.Key{
				{Name: "t_c_key", Columns: []string{"c"}, NullsNotDistinct: true},
				{Name: "t_cd_key", Columns: []string{"c", "d"}, Deferrable: true},
				{Name: "t_d_key", Columns: []string{"d", "c"}, Deferrable: true, InitiallyDeferred: true},
			},
		}),
		wantUnsupported: []inspect.Unsupported{{Kind: "comment on the index of a constraint", Name: "public.t_pk"}},
	}})
}

func TestForeignKeys(t *testing.T) {
	t.Parallel()
	refs := schema.QualifiedName{Schema: "public", Name: "parent"}
	runRealmCases(t, []realmCase{{
		name:     "options",
		minMajor: 15, minWhy: "ON DELETE SET NULL (columns)",
		sql: `
CREATE SCHEMA other;
CREATE TABLE other.far (id integer PRIMARY KEY);
CREATE TABLE parent (a integer, b integer, PRIMARY KEY (a, b), UNIQUE (b));
CREATE TABLE child (
	x integer, y integer, z integer,
	CONSTRAINT plain FOREIGN KEY (x, y) REFERENCES parent,
	CONSTRAINT full_match FOREIGN KEY (x, y) REFERENCES parent (a, b) MATCH FULL ON DELETE CASCADE ON UPDATE RESTRICT,
	CONSTRAINT set_cols FOREIGN KEY (x, y) REFERENCES parent ON DELETE SET NULL (y) ON UPDATE SET DEFAULT,
	CONSTRAINT deferred FOREIGN KEY (y) REFERENCES parent (b) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT far FOREIGN KEY (z) REFERENCES other.far ON DELETE SET DEFAULT
);
ALTER TABLE child ADD CONSTRAINT unchecked FOREIGN KEY (z) REFERENCES parent (b) NOT VALID;
COMMENT ON CONSTRAINT plain ON child IS 'plain one';`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:   "other",
			Tables: []*schema.Table{{Name: "far", Columns: []*schema.Column{notNull("id", "integer")}, PrimaryKey: &schema.Key{Name: "far_pkey", Columns: []string{"id"}}}},
		}, {
			Name: "public",
			Tables: []*schema.Table{{
				Name:    "child",
				Columns: []*schema.Column{col("x", "integer"), col("y", "integer"), col("z", "integer")},
				ForeignKeys: []*schema.ForeignKey{
					{Name: "deferred", Columns: []string{"y"}, RefTable: refs, RefColumns: []string{"b"}, Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction, Deferrable: true, InitiallyDeferred: true},
					{Name: "far", Columns: []string{"z"}, RefTable: schema.QualifiedName{Schema: "other", Name: "far"}, RefColumns: []string{"id"}, Match: schema.MatchSimple, OnDelete: schema.SetDefault, OnUpdate: schema.NoAction},
					{Name: "full_match", Columns: []string{"x", "y"}, RefTable: refs, RefColumns: []string{"a", "b"}, Match: schema.MatchFull, OnDelete: schema.Cascade, OnUpdate: schema.Restrict},
					{Name: "plain", Columns: []string{"x", "y"}, RefTable: refs, RefColumns: []string{"a", "b"}, Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction, Comment: "plain one"},
					{Name: "set_cols", Columns: []string{"x", "y"}, RefTable: refs, RefColumns: []string{"a", "b"}, Match: schema.MatchSimple, OnDelete: schema.SetNull, OnDeleteColumns: []string{"y"}, OnUpdate: schema.SetDefault},
					{Name: "unchecked", Columns: []string{"z"}, RefTable: refs, RefColumns: []string{"b"}, Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction, NotValid: true},
				},
			}, {
				Name:       "parent",
				Columns:    []*schema.Column{notNull("a", "integer"), notNull("b", "integer")},
				PrimaryKey: &schema.Key{Name: "parent_pkey", Columns: []string{"a", "b"}},
				Uniques:    []*schema.Key{{Name: "parent_b_key", Columns: []string{"b"}}},
			}},
		}}},
	}})
}

func TestForeignKeysAndPartitions(t *testing.T) {
	t.Parallel()
	fk := func(name string, cols []string, ref schema.QualifiedName, refCols []string) *schema.ForeignKey {
		return &schema.ForeignKey{Name: name, Columns: cols, RefTable: ref, RefColumns: refCols,
			Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction}
	}
	sql := `
CREATE SCHEMA other;
CREATE TABLE other.far (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE accounts (id integer, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
CREATE TABLE events (account integer, region text, far text REFERENCES other.far (code),
	FOREIGN KEY (account, region) REFERENCES accounts) PARTITION BY LIST (region);
CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');
CREATE TABLE audits (account integer, region text, FOREIGN KEY (account, region) REFERENCES accounts);`
	accounts := schema.QualifiedName{Schema: "public", Name: "accounts"}
	far := schema.QualifiedName{Schema: "other", Name: "far"}
	publicOnly := &schema.Realm{Schemas: []*schema.Schema{{
		Name: "public",
		Tables: []*schema.Table{
			{
				Name:         "accounts",
				Columns:      []*schema.Column{notNull("id", "integer"), notNull("region", "text")},
				PartitionKey: &schema.PartitionKey{Strategy: "LIST", Parts: []*schema.PartitionPart{{Column: "region"}}},
				PrimaryKey:   &schema.Key{Name: "accounts_pkey", Columns: []string{"id", "region"}},
			},
			{Name: "accounts_eu", PartitionOf: &schema.PartitionOf{Parent: accounts, Bound: "FOR VALUES IN ('eu')"}},
			{
				Name:        "audits",
				Columns:     []*schema.Column{col("account", "integer"), col("region", "text")},
				ForeignKeys: []*schema.ForeignKey{fk("audits_account_region_fkey", []string{"account", "region"}, accounts, []string{"id", "region"})},
			},
			{
				Name:         "events",
				Columns:      []*schema.Column{col("account", "integer"), col("region", "text"), col("far", "text")},
				PartitionKey: &schema.PartitionKey{Strategy: "LIST", Parts: []*schema.PartitionPart{{Column: "region"}}},
				ForeignKeys: []*schema.ForeignKey{
					fk("events_account_region_fkey", []string{"account", "region"}, accounts, []string{"id", "region"}),
					fk("events_far_fkey", []string{"far"}, far, []string{"code"}),
				},
			},
			{Name: "events_eu", PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "FOR VALUES IN ('eu')"}},
		},
	}}}
	// The foreign keys that partitions clone, and those that point at each
	// partition of a referenced partitioned table, are PostgreSQL's own.
	// A table in a schema that is not selected is still named by its
	// referencing foreign keys.
	runRealmCases(t, []realmCase{{
		name:    "referenced table not selected",
		sql:     sql,
		schemas: []string{"public"},
		want:    publicOnly,
	}})
}

func TestInvalidIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.New(t))
	if _, err := conn.Exec(ctx, "CREATE TABLE t (a integer); INSERT INTO t VALUES (1), (1)"); err != nil {
		t.Fatal(err)
	}
	// CREATE INDEX CONCURRENTLY cannot run in a transaction block: alone,
	// it fails on the duplicate and leaves an invalid index behind.
	if _, err := conn.Exec(ctx, "CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a)"); err == nil {
		t.Fatal("building a unique index over duplicates succeeded")
	}
	realm, unsupported, err := inspect.Realm(ctx, conn, inspect.Options{Schemas: []string{"public"}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := realm.Schema("public")
	if tbl, _ := s.Table("t"); tbl == nil || len(tbl.Indexes) != 1 || tbl.Indexes[0].Name != "t_a" {
		t.Errorf("the invalid index is not in the realm: %+v", tbl)
	}
	want := []inspect.Unsupported{{Kind: "invalid index", Name: "public.t_a"}}
	if diff := cmp.Diff(want, unsupported); diff != "" {
		t.Errorf("unsupported mismatch (-want +got):\n%s", diff)
	}
}

func TestChecks(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "options",
		sql: `
CREATE TABLE t (
	a integer CONSTRAINT positive CHECK (a > 0),
	b text,
	ok boolean,
	CONSTRAINT both_set CHECK (a IS NOT NULL AND b IS NOT NULL) NO INHERIT,
	CONSTRAINT parens CHECK (b <> ')(' AND (a + 1) * 2 > 0),
	CONSTRAINT bare CHECK (ok),
	CONSTRAINT call CHECK (length(b) < 10)
);
ALTER TABLE t ADD CONSTRAINT later CHECK (a < 100) NOT VALID;
COMMENT ON CONSTRAINT positive ON t IS 'must be positive';`,
		want: public(&schema.Table{
			Name:    "t",
			Columns: []*schema.Column{col("a", "integer"), col("b", "text"), col("ok", "boolean")},
			Checks: []*schema.Check{
				{Name: "bare", Expr: "ok"},
				{Name: "both_set", Expr: "(a IS NOT NULL) AND (b IS NOT NULL)", NoInherit: true},
				{Name: "call", Expr: "length(b) < 10"},
				{Name: "later", Expr: "a < 100", NotValid: true},
				{Name: "parens", Expr: "(b <> ')('::text) AND (((a + 1) * 2) > 0)"},
				{Name: "positive", Expr: "a > 0", Comment: "must be positive"},
			},
		}),
	}})
}

func TestExcludes(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "options",
		sql: `
CREATE TABLE booking (
	room integer,
	during tsrange,
	note text,
	active boolean,
	CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) INCLUDE (room) WITH (fillfactor = 80) WHERE (active),
	CONSTRAINT one_note EXCLUDE (lower(note) WITH =, room DESC WITH =) DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON CONSTRAINT no_overlap ON booking IS 'no double booking';`,
		want: public(&schema.Table{
			Name:    "booking",
			Columns: []*schema.Column{col("room", "integer"), col("during", "tsrange"), col("note", "text"), col("active", "boolean")},
			Excludes: []*schema.Exclude{{
				Name:          "no_overlap",
				Method:        "gist",
				Elements:      []*schema.ExcludeElement{{IndexPart: schema.IndexPart{Column: "during"}, Operator: "&&"}},
				Include:       []string{"room"},
				Predicate:     "active",
				StorageParams: []schema.StorageParam{{Name: "fillfactor", Value: "80"}},
				Comment:       "no double booking",
			}, {
				Name:   "one_note",
				Method: "btree",
				Elements: []*schema.ExcludeElement{
					{IndexPart: schema.IndexPart{Expr: "lower(note)"}, Operator: "="},
					{IndexPart: schema.IndexPart{Column: "room", Desc: true}, Operator: "="},
				},
				Deferrable:        true,
				InitiallyDeferred: true,
			}},
		}),
	}})
}

func TestIndexes(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name:     "options",
		minMajor: 15, minWhy: "CREATE INDEX ... NULLS NOT DISTINCT",
		sql: `
CREATE TABLE t (a integer, b text, c text COLLATE "C", d jsonb, e timestamptz, f integer[]);
CREATE INDEX plain ON t (a);
CREATE UNIQUE INDEX uniq ON t (a, b) INCLUDE (c, e) NULLS NOT DISTINCT;
CREATE INDEX partial ON t (e) WHERE a > 0 AND b IS NOT NULL;
CREATE INDEX exprs ON t (lower(b), (a + 1), (b || 'x'));
CREATE INDEX pattern ON t (b text_pattern_ops, c COLLATE "POSIX", lower(c) COLLATE "C");
CREATE INDEX ordered ON t (a DESC, b NULLS FIRST, c DESC NULLS LAST, e ASC NULLS LAST, f DESC NULLS FIRST);
CREATE INDEX with_params ON t (a) WITH (fillfactor = 50, deduplicate_items = off);
CREATE INDEX gin_path ON t USING gin (d jsonb_path_ops);
CREATE INDEX gin_array ON t USING gin (f) WITH (fastupdate = false);
CREATE INDEX brin ON t USING brin (e) WITH (pages_per_range = 16);
CREATE INDEX hash ON t USING hash (b);
COMMENT ON INDEX plain IS 'a plain index';`,
		want: public(&schema.Table{
			Name: "t",
			Columns: []*schema.Column{
				col("a", "integer"), col("b", "text"), {Name: "c", Type: "text", Collation: `"C"`},
				col("d", "jsonb"), col("e", "timestamp with time zone"), col("f", "integer[]"),
			},
			Indexes: []*schema.Index{
				{Name: "brin", Method: "brin", Parts: []*schema.IndexPart{{Column: "e"}}, StorageParams: []schema.StorageParam{{Name: "pages_per_range", Value: "16"}}},
				{Name: "exprs", Method: "btree", Parts: []*schema.IndexPart{{Expr: "lower(b)"}, {Expr: "a + 1"}, {Expr: "b || 'x'::text"}}},
				{Name: "gin_array", Method: "gin", Parts: []*schema.IndexPart{{Column: "f"}}, StorageParams: []schema.StorageParam{{Name: "fastupdate", Value: "false"}}},
				{Name: "gin_path", Method: "gin", Parts: []*schema.IndexPart{{Column: "d", OpClass: "jsonb_path_ops"}}},
				{Name: "hash", Method: "hash", Parts: []*schema.IndexPart{{Column: "b"}}},
				{Name: "ordered", Method: "btree", Parts: []*schema.IndexPart{
					{Column: "a", Desc: true}, {Column: "b", NullsFirst: true}, {Column: "c", Desc: true, NullsLast: true},
					{Column: "e"}, {Column: "f", Desc: true},
				}},
				{Name: "partial", Method: "btree", Parts: []*schema.IndexPart{{Column: "e"}}, Predicate: "(a > 0) AND (b IS NOT NULL)"},
				{Name: "pattern", Method: "btree", Parts: []*schema.IndexPart{
					{Column: "b", OpClass: "text_pattern_ops"}, {Column: "c", Collation: `"POSIX"`}, {Expr: "lower(c)", Collation: `"C"`},
				}},
				{Name: "plain", Method: "btree", Parts: []*schema.IndexPart{{Column: "a"}}, Comment: "a plain index"},
				{Name: "uniq", Unique: true, Method: "btree", Parts: []*schema.IndexPart{{Column: "a"}, {Column: "b"}}, Include: []string{"c", "e"}, NullsNotDistinct: true},
				{Name: "with_params", Method: "btree", Parts: []*schema.IndexPart{{Column: "a"}}, StorageParams: []schema.StorageParam{{Name: "deduplicate_items", Value: "off"}, {Name: "fillfactor", Value: "50"}}},
			},
		}),
	}, {
		// tsvector_ops is gist's default class for tsvector; with
		// parameters its name is kept, because the parameters cannot be
		// written without it (the other column's default class stays "").
		name: "default operator class with parameters",
		sql: `
CREATE TABLE docs (body tsvector, q tsquery);
CREATE INDEX docs_body ON docs USING gist (body tsvector_ops (siglen = 8), q);`,
		want: public(&schema.Table{
			Name:    "docs",
			Columns: []*schema.Column{col("body", "tsvector"), col("q", "tsquery")},
			Indexes: []*schema.Index{
				{Name: "docs_body", Method: "gist", Parts: []*schema.IndexPart{
					{Column: "body", OpClass: "tsvector_ops", OpClassParams: []schema.StorageParam{{Name: "siglen", Value: "8"}}},
					{Column: "q"},
				}},
			},
		}),
	}})
}

func TestPartitions(t *testing.T) {
	t.Parallel()
	measurements := schema.QualifiedName{Schema: "public", Name: "measurements"}
	runRealmCases(t, []realmCase{{
		name: "range list hash",
		sql: `
CREATE TABLE measurements (
	id bigint NOT NULL, taken date NOT NULL, city text, value numeric DEFAULT 0,
	PRIMARY KEY (id, taken),
	CHECK (value >= 0)
) PARTITION BY RANGE (taken);
CREATE INDEX measurements_city ON measurements (city);
CREATE TABLE m2024 PARTITION OF measurements (CONSTRAINT own CHECK (city <> '')) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX m2024_value ON m2024 (value);
CREATE TABLE mdefault PARTITION OF measurements DEFAULT;
COMMENT ON TABLE m2024 IS 'year 2024';
CREATE TABLE by_city (city text, n integer) PARTITION BY LIST (lower(city) COLLATE "C" text_pattern_ops);
CREATE TABLE by_city_ab PARTITION OF by_city FOR VALUES IN ('a', 'b') PARTITION BY HASH (n);
CREATE TABLE by_city_ab0 PARTITION OF by_city_ab FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE multi (a integer, b text, c integer) PARTITION BY RANGE (a, (c + 1), b COLLATE "C");`,
		want: public(
			&schema.Table{
				Name:         "by_city",
				Columns:      []*schema.Column{col("city", "text"), col("n", "integer")},
				PartitionKey: &schema.PartitionKey{Strategy: "LIST", Parts: []*schema.PartitionPart{{Expr: "lower(city)", Collation: `"C"`, OpClass: "text_pattern_ops"}}},
			},
			&schema.Table{
				Name:         "by_city_ab",
				PartitionKey: &schema.PartitionKey{Strategy: "HASH", Parts: []*schema.PartitionPart{{Column: "n"}}},
				PartitionOf:  &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "by_city"}, Bound: "FOR VALUES IN ('a', 'b')"},
			},
			&schema.Table{
				Name:        "by_city_ab0",
				PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "by_city_ab"}, Bound: "FOR VALUES WITH (modulus 2, remainder 0)"},
			},
			&schema.Table{
				Name:        "m2024",
				Comment:     "year 2024",
				PartitionOf: &schema.PartitionOf{Parent: measurements, Bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"},
				Checks:      []*schema.Check{{Name: "own", Expr: "city <> ''::text"}},
				Indexes:     []*schema.Index{{Name: "m2024_value", Method: "btree", Parts: []*schema.IndexPart{{Column: "value"}}}},
			},
			&schema.Table{
				Name: "mdefault", PartitionOf: &schema.PartitionOf{Parent: measurements, Bound: "DEFAULT"},
			},
			&schema.Table{
				Name: "measurements",
				Columns: []*schema.Column{
					notNull("id", "bigint"), notNull("taken", "date"), col("city", "text"),
					{Name: "value", Type: "numeric", Default: "0"},
				},
				PartitionKey: &schema.PartitionKey{Strategy: "RANGE", Parts: []*schema.PartitionPart{{Column: "taken"}}},
				PrimaryKey:   &schema.Key{Name: "measurements_pkey", Columns: []string{"id", "taken"}},
				Indexes:      []*schema.Index{{Name: "measurements_city", Method: "btree", Parts: []*schema.IndexPart{{Column: "city"}}}},
				Checks:       []*schema.Check{{Name: "measurements_value_check", Expr: "value >= (0)::numeric"}},
			},
			&schema.Table{
				Name:    "multi",
				Columns: []*schema.Column{col("a", "integer"), col("b", "text"), col("c", "integer")},
				PartitionKey: &schema.PartitionKey{Strategy: "RANGE", Parts: []*schema.PartitionPart{
					{Column: "a"}, {Expr: "c + 1"}, {Column: "b", Collation: `"C"`},
				}},
			},
		),
	}, {
		name: "attached partition and own column options",
		sql: `
CREATE TABLE p (a integer NOT NULL, b text, UNIQUE (a)) PARTITION BY RANGE (a);
CREATE TABLE p1 (a integer NOT NULL, b text DEFAULT 'own');
ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (1) TO (10);
CREATE TABLE p2 PARTITION OF p (b NOT NULL) FOR VALUES FROM (10) TO (20);`,
		want: public(
			&schema.Table{
				Name:         "p",
				Columns:      []*schema.Column{notNull("a", "integer"), col("b", "text")},
				PartitionKey: &schema.PartitionKey{Strategy: "RANGE", Parts: []*schema.PartitionPart{{Column: "a"}}},
				Uniques:      []*schema.Key{{Name: "p_a_key", Columns: []string{"a"}}},
			},
			&schema.Table{Name: "p1", PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "p"}, Bound: "FOR VALUES FROM (1) TO (10)"}},
			&schema.Table{Name: "p2", PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "p"}, Bound: "FOR VALUES FROM (10) TO (20)"}},
		),
		wantUnsupported: []inspect.Unsupported{
			{Kind: "partition column option", Name: "public.p1.b"},
			{Kind: "partition column option", Name: "public.p2.b"},
		},
	}, {
		name: "unlogged",
		sql:  `CREATE UNLOGGED TABLE scratch (a integer);`,
		want: public(&schema.Table{Name: "scratch", Unlogged: true, Columns: []*schema.Column{col("a", "integer")}}),
	}})
}

func TestTypes(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "enums domains composites",
		sql: `
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
ALTER TYPE mood ADD VALUE 'ecstatic';
CREATE TYPE empty AS ENUM ();
COMMENT ON TYPE mood IS 'how one feels';
CREATE DOMAIN code AS varchar(8) COLLATE "C" NOT NULL DEFAULT 'none'
	CONSTRAINT code_upper CHECK (VALUE = upper(VALUE))
	CONSTRAINT code_long CHECK (length(VALUE) > 2);
ALTER DOMAIN code ADD CONSTRAINT code_later CHECK (VALUE <> 'X') NOT VALID;
COMMENT ON DOMAIN code IS 'a code';
COMMENT ON CONSTRAINT code_long ON DOMAIN code IS 'long enough';
CREATE DOMAIN moods AS mood[];
CREATE TYPE address AS (street text COLLATE "C", zip varchar(10), mood mood);
COMMENT ON TYPE address IS 'where';
COMMENT ON COLUMN address.zip IS 'postal code';`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name: "public",
			Enums: []*schema.Enum{
				{Name: "empty"},
				{Name: "mood", Values: []string{"sad", "ok", "happy", "ecstatic"}, Comment: "how one feels"},
			},
			Domains: []*schema.Domain{{
				Name: "code", Type: "character varying(8)", Collation: `"C"`, NotNull: true, Default: "'none'::character varying",
				Checks: []*schema.Check{
					{Name: "code_later", Expr: "(VALUE)::text <> 'X'::text", NotValid: true},
					{Name: "code_long", Expr: "length((VALUE)::text) > 2", Comment: "long enough"},
					{Name: "code_upper", Expr: "(VALUE)::text = upper((VALUE)::text)"},
				},
				Comment: "a code",
			}, {
				Name: "moods", Type: "public.mood[]",
			}},
			Composites: []*schema.Composite{{
				Name: "address",
				Fields: []*schema.Field{
					{Name: "street", Type: "text", Collation: `"C"`},
					{Name: "zip", Type: "character varying(10)", Comment: "postal code"},
					{Name: "mood", Type: "public.mood"},
				},
				Comment: "where",
			}},
		}}},
	}})
}

func TestQuotedNames(t *testing.T) {
	t.Parallel()
	spaced := schema.QualifiedName{Schema: "my schema", Name: "Mixed Case"}
	runRealmCases(t, []realmCase{{
		name: "names needing quotes",
		sql: `
CREATE SCHEMA "my schema";
CREATE TYPE "my schema"."Mood" AS ENUM ('o''k');
CREATE TABLE "my schema"."Mixed Case" ("Id" integer PRIMARY KEY, "select" "my schema"."Mood");
CREATE TABLE "user" ("user" integer REFERENCES "my schema"."Mixed Case", "order" serial);
CREATE INDEX "Idx" ON "user" (("user" + 1));
COMMENT ON SCHEMA "my schema" IS 'spaced';`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:    "my schema",
			Comment: "spaced",
			Enums:   []*schema.Enum{{Name: "Mood", Values: []string{"o'k"}}},
			Tables: []*schema.Table{{
				Name:       "Mixed Case",
				Columns:    []*schema.Column{notNull("Id", "integer"), col("select", `"my schema"."Mood"`)},
				PrimaryKey: &schema.Key{Name: "Mixed Case_pkey", Columns: []string{"Id"}},
			}},
		}, {
			Name: "public",
			Tables: []*schema.Table{{
				Name:    "user",
				Columns: []*schema.Column{col("user", "integer"), notNull("order", "serial")},
				Indexes: []*schema.Index{{Name: "Idx", Method: "btree", Parts: []*schema.IndexPart{{Expr: `"user" + 1`}}}},
				ForeignKeys: []*schema.ForeignKey{{
					Name: "user_user_fkey", Columns: []string{"user"}, RefTable: spaced, RefColumns: []string{"Id"},
					Match: schema.MatchSimple, OnDelete: schema.NoAction, OnUpdate: schema.NoAction,
				}},
			}},
		}}},
	}})
}

func TestSchemaSelection(t *testing.T) {
	t.Parallel()
	setup := `
CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE TABLE a.t (id integer);
CREATE TABLE b.t (id integer);
CREATE TEMPORARY TABLE tmp (id integer);`
	at := &schema.Table{Name: "t", Columns: []*schema.Column{col("id", "integer")}}
	bt := &schema.Table{Name: "t", Columns: []*schema.Column{col("id", "integer")}}
	runRealmCases(t, []realmCase{{
		name: "default skips system schemas",
		sql:  setup,
		want: &schema.Realm{Schemas: []*schema.Schema{
			{Name: "a", Tables: []*schema.Table{at}}, {Name: "b", Tables: []*schema.Table{bt}}, {Name: "public"},
		}},
	}, {
		name:    "named",
		sql:     setup,
		schemas: []string{"b", "missing"},
		want:    &schema.Realm{Schemas: []*schema.Schema{{Name: "b", Tables: []*schema.Table{bt}}}},
	}, {
		name:    "none exists",
		sql:     setup,
		schemas: []string{"missing"},
		want:    &schema.Realm{},
	}})
}

func TestExtensions(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "owned objects skipped",
		sql: `
CREATE EXTENSION citext VERSION '1.4';
COMMENT ON EXTENSION citext IS 'case-insensitive';
CREATE EXTENSION pg_trgm;
CREATE SCHEMA ext;
CREATE EXTENSION hstore SCHEMA ext;
CREATE TABLE t (email citext, name text, attrs ext.hstore);
CREATE INDEX t_name_trgm ON t USING gist (name gist_trgm_ops(siglen = 32));`,
		want: &schema.Realm{
			Schemas: []*schema.Schema{{Name: "ext"}, {
				Name: "public",
				Tables: []*schema.Table{{
					Name:    "t",
					Columns: []*schema.Column{col("email", "public.citext"), col("name", "text"), col("attrs", "ext.hstore")},
					Indexes: []*schema.Index{{Name: "t_name_trgm", Method: "gist", Parts: []*schema.IndexPart{{
						Column: "name", OpClass: "public.gist_trgm_ops", OpClassParams: []schema.StorageParam{{Name: "siglen", Value: "32"}},
					}}}},
				}},
			}},
			Extensions: []*schema.Extension{
				{Name: "citext", Schema: "public", Version: "1.4", Comment: "case-insensitive"},
				{Name: "hstore", Schema: "ext"},
				{Name: "pg_trgm", Schema: "public"},
			},
		},
	}})
}

func TestUnsupported(t *testing.T) {
	t.Parallel()
	runRealmCases(t, []realmCase{{
		name: "listed not dropped",
		sql: `
CREATE TABLE t (a integer, b text) WITH (fillfactor = 90);
CREATE TABLE child (c integer) INHERITS (t);
CREATE TYPE pair AS (x integer, y integer);
CREATE TABLE typed OF pair;
CREATE VIEW v AS SELECT a FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x';
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE agg(integer) (SFUNC = int4pl, STYPE = integer);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY pol ON t USING (a > 0);
ALTER TABLE t REPLICA IDENTITY FULL;
CREATE TYPE span AS RANGE (subtype = integer);
CREATE COLLATION mycoll (locale = 'C');
CREATE STATISTICS st ON a, b FROM t;
CREATE TEXT SEARCH CONFIGURATION tsc (COPY = simple);
CREATE FOREIGN DATA WRAPPER dummy;
CREATE SERVER srv FOREIGN DATA WRAPPER dummy;
CREATE FOREIGN TABLE ft (a integer) SERVER srv;
CREATE FUNCTION evt() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION evt();
CREATE PUBLICATION pub;
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:       "public",
			Composites: []*schema.Composite{{Name: "pair", Fields: []*schema.Field{col2field("x"), col2field("y")}}},
			Functions: []*schema.Function{
				{Name: "evt", Language: "plpgsql", Returns: "event_trigger", Body: "BEGIN END"},
				{Name: "f", Language: "sql", Returns: "integer", Body: "SELECT x", Args: []*schema.FuncArg{{Name: "x", Type: "integer"}}},
				{Name: "p", Procedure: true, Language: "sql", Body: "SELECT 1"},
				{Name: "trg", Language: "plpgsql", Returns: "trigger", Body: "BEGIN RETURN NEW; END"},
			},
			Views: []*schema.View{
				{Name: "mv", Materialized: true, Columns: []*schema.ViewColumn{{Name: "a", Type: "integer"}},
					Query: selectTA(t), DependsOn: []schema.ObjectRef{{Kind: schema.KindColumn, Schema: "public", Name: "t", Column: "a"}}},
				{Name: "v", Columns: []*schema.ViewColumn{{Name: "a", Type: "integer"}},
					Query: selectTA(t), DependsOn: []schema.ObjectRef{{Kind: schema.KindColumn, Schema: "public", Name: "t", Column: "a"}}},
			},
			Tables: []*schema.Table{
				{Name: "child", Inherits: []schema.QualifiedName{{Schema: "public", Name: "t"}},
					Columns: []*schema.Column{inherited(col("a", "integer")), inherited(col("b", "text")), col("c", "integer")}},
				{Name: "t", Columns: []*schema.Column{col("a", "integer"), col("b", "text")}, RowSecurity: true,
					Triggers: []*schema.Trigger{{Name: "t_trg", Timing: "BEFORE", Events: []string{"INSERT"}, ForEachRow: true,
						Function: schema.QualifiedName{Schema: "public", Name: "trg"}}},
					Policies: []*schema.Policy{{Name: "pol", Command: "ALL", Roles: []string{"PUBLIC"}, Using: "a > 0"}}},
				{Name: "typed", Columns: []*schema.Column{col("x", "integer"), col("y", "integer")}},
			},
		}}},
		wantUnsupported: []inspect.Unsupported{
			{Kind: "aggregate", Name: "public.agg(integer)"},
			{Kind: "collation", Name: "public.mycoll"},
			{Kind: "event trigger", Name: "et"},
			{Kind: "foreign data wrapper", Name: "dummy"},
			{Kind: "foreign table", Name: "public.ft"},
			{Kind: "operator", Name: "public.===(integer,integer)"},
			{Kind: "publication", Name: "pub"},
			{Kind: "range type", Name: "public.span"},
			{Kind: "replica identity", Name: "public.t"},
			{Kind: "rule", Name: "r on public.t"},
			{Kind: "server", Name: "srv"},
			{Kind: "statistics", Name: "public.st"},
			{Kind: "table storage parameters", Name: "public.t"},
			{Kind: "text search configuration", Name: "public.tsc"},
			{Kind: "typed table", Name: "public.typed"},
		},
	}})
}

// inherited marks a column as one a table has from its parent.
func inherited(c *schema.Column) *schema.Column { c.Inherited = true; return c }

func col2field(name string) *schema.Field { return &schema.Field{Name: name, Type: "integer"} }

// TestRealmIsLinked checks that the back-references of an inspected realm
// are set, since the comparisons above ignore them.
func TestRealmIsLinked(t *testing.T) {
	t.Parallel()
	realm, _ := inspectSQL(t, `CREATE TABLE t (id integer PRIMARY KEY); CREATE TYPE e AS ENUM ('x');`, inspect.Options{})
	s, ok := realm.Schema("public")
	if !ok || s.Realm != realm {
		t.Fatalf("schema public missing or not linked: %+v", s)
	}
	tbl, ok := s.Table("t")
	if !ok || tbl.Schema != s || tbl.Columns[0].Table != tbl || tbl.PrimaryKey.Table != tbl {
		t.Fatalf("table t missing or not linked: %+v", tbl)
	}
	if e, ok := s.Enum("e"); !ok || e.Schema != s {
		t.Fatalf("enum e missing or not linked: %+v", e)
	}
}

// TestLockedTable checks that a table locked ACCESS EXCLUSIVE by another
// session (a migration in progress) makes Realm give up after a bounded
// wait with a message that says why, instead of waiting for as long as the
// lock is held.
func TestLockedTable(t *testing.T) {
	ctx := context.Background()
	url := pgtest.New(t)
	holder := connect(t, url)
	if _, err := holder.Exec(ctx, "CREATE TABLE t (a int CHECK (a > 0), b int); CREATE INDEX ON t (b) WHERE b > 0"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	defer inspect.SetLockWait(200 * time.Millisecond)()
	// With Parallel the wait happens on the second connection, which
	// prints the index and the check.
	for _, parallel := range []bool{false, true} {
		_, _, err = inspect.Realm(ctx, connect(t, url), inspect.Options{Parallel: parallel})
		if err == nil || !strings.Contains(err.Error(), "another session holds a lock") || !strings.Contains(err.Error(), "gave up after 200ms") {
			t.Errorf("Realm (parallel %v) error = %v, want the lock explained", parallel, err)
		}
	}
}
