package plan

import (
	"testing"

	"github.com/schemactl/schemactl/schema"
)

func TestFunctionSQL(t *testing.T) {
	s := &schema.Schema{Name: "public"}
	cost, rows := 5.0, 10.0
	f := &schema.Function{Schema: s, Name: "f", Language: "sql", Returns: "SETOF integer", Body: "SELECT $function$x$function$",
		Args: []*schema.FuncArg{{Name: "a", Type: "integer", Default: "1"}, {Name: "o", Type: "text", Mode: schema.ArgOut},
			{Name: "v", Type: "integer[]", Mode: schema.ArgVariadic}},
		Volatility: schema.Stable, Strict: true, Leakproof: true, SecurityDefiner: true, Parallel: schema.ParallelSafe,
		Cost: &cost, Rows: &rows,
		Config: []schema.ConfigParam{{Name: "search_path", Value: `"$user", public`}, {Name: "work_mem", Value: "64MB"},
			{Name: "app.tenant", Value: "it's"}}}
	want := "CREATE OR REPLACE FUNCTION public.f(a integer DEFAULT 1, OUT o text, VARIADIC v integer[])\n" +
		" RETURNS SETOF integer\n" +
		" LANGUAGE sql STABLE LEAKPROOF STRICT SECURITY DEFINER PARALLEL SAFE COST 5 ROWS 10\n" +
		` SET search_path TO "$user", public` + "\n" +
		" SET work_mem TO '64MB'\n" +
		" SET app.tenant TO 'it''s'\n" +
		"AS $function1$SELECT $function$x$function$$function1$"
	if got := createFunctionSQL(f, true); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got, want := functionTarget(f), "FUNCTION public.f(integer, VARIADIC integer[])"; got != want {
		t.Errorf("target %q, want %q", got, want)
	}

	p := &schema.Function{Schema: s, Name: "p", Procedure: true, Language: "plpgsql", Body: "BEGIN END",
		Config: []schema.ConfigParam{{Name: "search_path", Value: `""`}}}
	if got, want := createFunctionSQL(p, false), "CREATE PROCEDURE public.p()\n LANGUAGE plpgsql\n SET search_path TO ''\nAS $function$BEGIN END$function$"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	atomic := &schema.Function{Schema: s, Name: "two", Language: "sql", Returns: "integer", SQLBody: "RETURN 2"}
	if got, want := createFunctionSQL(atomic, false), "CREATE FUNCTION public.two()\n RETURNS integer\n LANGUAGE sql\nRETURN 2"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	from := &schema.Function{Schema: s, Name: "g", Language: "sql", Returns: "integer", Volatility: schema.Immutable, Strict: true,
		Cost: &cost, Config: []schema.ConfigParam{{Name: "search_path", Value: "public"}}}
	to := &schema.Function{Schema: s, Name: "g", Language: "sql", Returns: "integer", SecurityDefiner: true, Parallel: schema.ParallelRestricted}
	if got, want := alterFunctionSQL(from, to), "ALTER FUNCTION public.g() VOLATILE CALLED ON NULL INPUT SECURITY DEFINER PARALLEL RESTRICTED COST 100 RESET ALL"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
