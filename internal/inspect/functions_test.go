package inspect_test

import (
	"testing"

	"github.com/schemactl/schemactl/schema"
)

func f64(v float64) *float64 { return &v }

func TestFunctions(t *testing.T) {
	t.Parallel()
	users := schema.ObjectRef{Kind: schema.KindTable, Schema: "public", Name: "users"}
	runRealmCases(t, []realmCase{{
		name: "settings and arguments",
		sql: `
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'SELECT a + b';
CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql AS 'SELECT a || b';
CREATE FUNCTION pair(IN x integer, OUT y integer, INOUT z text) LANGUAGE sql AS 'SELECT x, z';
CREATE FUNCTION total(VARIADIC xs integer[]) RETURNS bigint LANGUAGE sql STABLE COST 5 AS 'SELECT sum(x) FROM unnest(xs) x';
CREATE FUNCTION moods(m mood[]) RETURNS SETOF mood LANGUAGE sql ROWS 10 AS 'SELECT unnest(m)';
CREATE FUNCTION secret() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$BEGIN PERFORM 1; END$$;
COMMENT ON FUNCTION secret() IS 'runs as its owner';
CREATE PROCEDURE p(n integer) LANGUAGE sql AS 'SELECT n';`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:  "public",
			Enums: []*schema.Enum{{Name: "mood", Values: []string{"sad", "ok"}}},
			Functions: []*schema.Function{
				{Name: "add", Language: "sql", Returns: "integer", Body: "SELECT a + b",
					Args:       []*schema.FuncArg{{Name: "a", Type: "integer"}, {Name: "b", Type: "integer", Default: "1"}},
					Volatility: schema.Immutable, Strict: true, Parallel: schema.ParallelSafe, Leakproof: true},
				{Name: "add", Language: "sql", Returns: "text", Body: "SELECT a || b",
					Args: []*schema.FuncArg{{Name: "a", Type: "text"}, {Name: "b", Type: "text"}}},
				{Name: "moods", Language: "sql", Returns: "SETOF public.mood", Body: "SELECT unnest(m)", Rows: f64(10),
					Args:      []*schema.FuncArg{{Name: "m", Type: "public.mood[]"}},
					DependsOn: []schema.ObjectRef{{Kind: schema.KindType, Schema: "public", Name: "mood"}}},
				{Name: "p", Procedure: true, Language: "sql", Body: "SELECT n",
					Args: []*schema.FuncArg{{Name: "n", Type: "integer"}}},
				{Name: "pair", Language: "sql", Returns: "record", Body: "SELECT x, z",
					Args: []*schema.FuncArg{{Name: "x", Type: "integer"}, {Name: "y", Type: "integer", Mode: schema.ArgOut},
						{Name: "z", Type: "text", Mode: schema.ArgInOut}}},
				{Name: "secret", Language: "plpgsql", Returns: "void", Body: "BEGIN PERFORM 1; END", SecurityDefiner: true,
					Config: []schema.ConfigParam{{Name: "search_path", Value: "public, pg_temp"}}, Comment: "runs as its owner"},
				{Name: "total", Language: "sql", Returns: "bigint", Body: "SELECT sum(x) FROM unnest(xs) x",
					Volatility: schema.Stable, Cost: f64(5),
					Args: []*schema.FuncArg{{Name: "xs", Type: "integer[]", Mode: schema.ArgVariadic}}},
			},
		}}},
	}, {
		name:     "bodies that name relations",
		minMajor: 14, minWhy: "SQL-standard function bodies",
		sql: `
CREATE TABLE users (id integer, name text);
CREATE FUNCTION named(u users) RETURNS text LANGUAGE sql AS 'SELECT u.name';
CREATE FUNCTION list() RETURNS TABLE(id integer, name text) LANGUAGE sql STABLE AS 'SELECT id, name FROM users';
CREATE FUNCTION ids() RETURNS SETOF users LANGUAGE sql BEGIN ATOMIC SELECT * FROM users; END;
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 2;
CREATE FUNCTION four() RETURNS integer LANGUAGE sql RETURN twice(2);`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name: "public",
			Functions: []*schema.Function{
				{Name: "four", Language: "sql", Returns: "integer", SQLBody: "RETURN public.twice(2)",
					DependsOn: []schema.ObjectRef{{Kind: schema.KindFunction, Schema: "public", Name: "twice", Args: "integer"}}},
				{Name: "ids", Language: "sql", Returns: "SETOF public.users",
					SQLBody:   "BEGIN ATOMIC\n SELECT users.id,\n     users.name\n    FROM public.users;\nEND",
					DependsOn: []schema.ObjectRef{users}},
				{Name: "list", Language: "sql", Returns: "TABLE(id integer, name text)", Body: "SELECT id, name FROM users",
					Volatility: schema.Stable,
					Args: []*schema.FuncArg{{Name: "id", Type: "integer", Mode: schema.ArgTable},
						{Name: "name", Type: "text", Mode: schema.ArgTable}}},
				{Name: "named", Language: "sql", Returns: "text", Body: "SELECT u.name",
					Args: []*schema.FuncArg{{Name: "u", Type: "public.users"}}, DependsOn: []schema.ObjectRef{users}},
				{Name: "twice", Language: "sql", Returns: "integer", SQLBody: "RETURN (x * 2)", Volatility: schema.Immutable,
					Args: []*schema.FuncArg{{Name: "x", Type: "integer"}}},
			},
			Tables: []*schema.Table{{Name: "users", Columns: []*schema.Column{col("id", "integer"), col("name", "text")}}},
		}}},
	}})
}
