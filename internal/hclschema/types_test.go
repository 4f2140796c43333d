package hclschema

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

func TestCanonicalTypeText(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "int", want: "integer"},
		{in: "INT[]", want: "integer[]"},
		{in: "int4[3][]", want: "integer[]"},
		{in: "varchar(10)", want: "character varying(10)"},
		{in: "character varying ( 10 ) []", want: "character varying(10)[]"},
		{in: "timestamptz(3)", want: "timestamp(3) with time zone"},
		{in: "timestamp(3) with time zone", want: "timestamp(3) with time zone"},
		{in: "timestamp without time zone", want: "timestamp without time zone"},
		{in: "double precision", want: "double precision"},
		{in: "decimal(10)", want: "numeric(10,0)"},
		{in: "numeric(10,-2)", want: "numeric(10,-2)"},
		{in: "float(24)", want: "real"},
		{in: "bit", want: "bit(1)"},
		{in: "char", want: "character(1)"},
		// Not built-in types, or not simple type names: kept as written.
		{in: "public.citext", want: "public.citext"},
		{in: `"char"`, want: `"char"`},
		{in: "interval year to month", want: "interval year to month"},
		{in: "INTERVAL Day To Second(3)", want: "interval day to second(3)"},
		{in: "interval second(6)[]", want: "interval second(6)[]"},
		{in: "interval day(2)", err: "type interval day takes no precision: only interval fields that end in second do"},
		{in: "interval minute to second(7)", err: "precision of type interval minute to second must be between 0 and 6, not 7"},
		{in: "geometry(Point,4326)", want: "geometry(Point,4326)"},
		{in: "citext[]", want: "citext[]"},
		{in: "int[", want: "int["},
		{in: "(int)", want: "(int)"},
		// Built-in types with modifiers PostgreSQL refuses.
		{in: "varchar(0)", err: "length of type varchar must be between 1 and 10485760, not 0"},
		{in: "int(4)", err: "type int takes no modifiers"},
		{in: "numeric(1,2,3)", err: "type numeric takes at most two modifiers"},
		{in: "time(7)", err: "precision of type time must be between 0 and 6, not 7"},
	} {
		got, err := canonicalTypeText(tc.in)
		var gotErr string
		if err != nil {
			gotErr = err.Error()
		}
		if got != tc.want || gotErr != tc.err {
			t.Errorf("canonicalTypeText(%q) = %q, %q; want %q, %q", tc.in, got, gotErr, tc.want, tc.err)
		}
	}
}

// TestBareTypeInverts checks that every type the encoder writes as a bare
// word decodes to the same canonical type, and that canonical types with
// no bare word are refused.
func TestBareTypeInverts(t *testing.T) {
	var canonical []string
	for _, key := range builtinTypeNames {
		for _, args := range [][]int64{nil, {3}, {10, 2}} {
			if typ, ok, err := canonicalBuiltin(key, args); ok && err == nil {
				canonical = append(canonical, typ)
			}
		}
	}
	for _, typ := range canonical {
		name, args, ok := bareType(typ)
		if !ok {
			t.Errorf("no bare word for canonical type %q", typ)
			continue
		}
		back, _, err := canonicalBuiltin(name, args)
		if err != nil || back != typ {
			t.Errorf("%q is written %s%v, which decodes to %q (%v)", typ, name, args, back, err)
		}
	}
	for _, typ := range []string{"integer[]", "int", "public.status", "interval day[]", "character varying(10)[]"} {
		if name, _, ok := bareType(typ); ok {
			t.Errorf("bareType(%q) = %q, want none", typ, name)
		}
	}
}

func TestObjectNames(t *testing.T) {
	for _, tc := range []struct{ hcl, sql string }{
		{"C", `"C"`},
		{"en_US", `"en_US"`},
		{"ucs_basic", "ucs_basic"},
		{"und-x-icu", `"und-x-icu"`},
		{"public.my_ops", "public.my_ops"},
		{"My Schema.Ops", `"My Schema"."Ops"`},
		{`"odd.name"`, `"odd.name"`},
		{"select", `"select"`},
	} {
		if got := sqlObjectName(tc.hcl); got != tc.sql {
			t.Errorf("sqlObjectName(%q) = %q, want %q", tc.hcl, got, tc.sql)
		}
		if got := sqlObjectName(hclObjectName(tc.sql)); got != tc.sql {
			t.Errorf("%q is written %q, which reads back as %q", tc.sql, hclObjectName(tc.sql), got)
		}
	}
}

func TestParseQualifiedName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want schema.QualifiedName
		ok   bool
	}{
		{"public.status", schema.QualifiedName{Schema: "public", Name: "status"}, true},
		{`public."Mood"`, schema.QualifiedName{Schema: "public", Name: "Mood"}, true},
		{`"My Schema"."a""b"`, schema.QualifiedName{Schema: "My Schema", Name: `a"b`}, true},
		{"status", schema.QualifiedName{}, false},
		{"public.status[]", schema.QualifiedName{}, false},
		{`public."status"`, schema.QualifiedName{}, false}, // not as QuoteIdent spells it
		{"a.b.c", schema.QualifiedName{}, false},
		{`"unterminated.x`, schema.QualifiedName{}, false},
	} {
		got, ok := parseQualifiedName(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parseQualifiedName(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestExprLiterals checks which SQL values the encoder writes as HCL
// literals, and that each decodes back to the same text.
func TestExprLiterals(t *testing.T) {
	for _, tc := range []struct{ sql, hcl string }{
		{"0", "0"},
		{"42", "42"},
		{"1.5", "1.5"},
		{"1.50", `sql("1.50")`},
		{"007", `sql("007")`},
		{"true", "true"},
		{"false", "false"},
		{"'x'", `"x"`},
		{"'it''s'", `"it's"`},
		{"'x'::text", `sql("'x'::text")`},
		{`E'a\\b'`, `"a\\b"`},
		{"'-1'::integer", `sql("'-1'::integer")`},
		{"now()", `sql("now()")`},
		{"'${x}'", `"$${x}"`},
	} {
		got := exprText(schema.Expr(tc.sql))
		if diff := cmp.Diff(tc.hcl, got); diff != "" {
			t.Errorf("exprTokens(%q) (-want +got):\n%s", tc.sql, diff)
		}
		src := "schema \"s\" {}\ndomain \"d\" {\n  schema = schema.s\n  type = text\n  default = " + got + "\n}\n"
		r, diags := DecodeBytes([]byte(src), "expr.hcl")
		if diags.HasErrors() {
			t.Errorf("%s does not decode: %s", got, formatDiagnostics(diags))
			continue
		}
		if back := r.Schemas[0].Domains[0].Default; back != schema.Expr(tc.sql) {
			t.Errorf("%s decodes to %q, want %q", got, back, tc.sql)
		}
	}
}

// TestDefaultPKeyName checks the names that PostgreSQL 15 gave these
// tables' primary keys: the table name is cut, on a character boundary, so
// that "_pkey" fits in 63 bytes.
func TestDefaultPKeyName(t *testing.T) {
	for _, tc := range []struct{ table, want string }{
		{"users", "users_pkey"},
		{"a_table_name_that_is_quite_long_and_goes_on_and_on_for_ever_xy", "a_table_name_that_is_quite_long_and_goes_on_and_on_for_eve_pkey"},
		{"t23456789012345678901234567890123456789012345678901234567890", "t234567890123456789012345678901234567890123456789012345678_pkey"},
		{"ünïcödé_table_name_that_is_quite_long_and_goes_on_and_on_f", "ünïcödé_table_name_that_is_quite_long_and_goes_on_and__pkey"},
	} {
		if got := defaultPKeyName(tc.table); got != tc.want {
			t.Errorf("defaultPKeyName(%q) = %q, want %q", tc.table, got, tc.want)
		}
	}
}

// TestIsHCLIdent checks the fast identifier test against hclsyntax's.
func TestIsHCLIdent(t *testing.T) {
	for _, s := range []string{"a", "_a", "a-b", "a1", "A_b-9", "1a", "-a", "a b", "a.b", "", "é", "abé", "a$", "été", "a\u200bb"} {
		if got, want := isHCLIdent(s), hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("isHCLIdent(%q) = %v, hclsyntax says %v", s, got, want)
		}
	}
}
