package plan

import (
	"strconv"
	"strings"
)

// This file holds what the planner must know about converting a column
// from one type to another: whether ALTER COLUMN ... TYPE needs a USING
// clause, and whether the conversion may lose information. (Whether it
// rewrites the table is a statement effect, answered by internal/effect.)

// A colType is a column type taken apart: its base name in format_type
// spelling, its modifiers, and its array dimensions.
type colType struct {
	base  string
	mods  []int
	array int
}

// typeAliases maps SQL spellings to the format_type() spelling, so that a
// type written by hand compares with one printed by PostgreSQL.
var typeAliases = map[string]string{
	"int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
	"varchar": "character varying", "char": "character", "bpchar": "character",
	"bool": "boolean", "float4": "real", "float8": "double precision", "float": "double precision",
	"decimal": "numeric", "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
	"timetz": "time with time zone", "time": "time without time zone", "varbit": "bit varying",
	"serial": "integer", "serial4": "integer", "smallserial": "smallint", "serial2": "smallint",
	"bigserial": "bigint", "serial8": "bigint",
}

// parseType takes a type apart: "character varying(255)[]" gives
// {"character varying", [255], 1}; "timestamp(3) with time zone" gives
// {"timestamp with time zone", [3], 0}; "interval year to month" gives
// {"interval", nil, 0}.
func parseType(s string) colType {
	var t colType
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 {
			break
		}
		s = strings.TrimSpace(s[:i])
		t.array++
	}
	var name strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			j := i + 1
			for j < len(s) && !(s[j] == '"' && (j+1 >= len(s) || s[j+1] != '"')) {
				if s[j] == '"' {
					j++
				}
				j++
			}
			name.WriteString(s[i:min(j+1, len(s))])
			i = j
		case '(':
			j := strings.IndexByte(s[i:], ')')
			if j < 0 {
				j = len(s) - i - 1
			}
			for _, m := range strings.Split(s[i+1:i+j], ",") {
				if n, err := strconv.Atoi(strings.TrimSpace(m)); err == nil {
					t.mods = append(t.mods, n)
				}
			}
			i += j
		default:
			name.WriteByte(c)
		}
	}
	base := strings.Join(strings.Fields(name.String()), " ")
	if strings.HasPrefix(base, "interval") {
		base = "interval" // the fields (YEAR TO MONTH) do not matter here
	}
	if a, ok := typeAliases[base]; ok {
		base = a
	}
	t.base = base
	return t
}

// stringTypes are the string types: PostgreSQL converts any type to them by
// an assignment cast through its output function.
var stringTypes = map[string]bool{
	"text": true, "character varying": true, "character": true, "name": true, `"char"`: true,
}

// assignmentCasts lists the built-in casts between different base types
// that are implicit or assignment casts (pg_cast.castcontext 'i' or 'a' on
// PostgreSQL 15, leaving out the reg* and oid types), so that ALTER COLUMN
// ... TYPE needs no USING clause for them.
var assignmentCasts = func() map[[2]string]bool {
	pairs := [][2]string{
		{"smallint", "integer"}, {"smallint", "bigint"}, {"smallint", "numeric"}, {"smallint", "real"}, {"smallint", "double precision"},
		{"integer", "smallint"}, {"integer", "bigint"}, {"integer", "numeric"}, {"integer", "real"}, {"integer", "double precision"}, {"integer", "money"},
		{"bigint", "smallint"}, {"bigint", "integer"}, {"bigint", "numeric"}, {"bigint", "real"}, {"bigint", "double precision"}, {"bigint", "money"},
		{"numeric", "smallint"}, {"numeric", "integer"}, {"numeric", "bigint"}, {"numeric", "real"}, {"numeric", "double precision"}, {"numeric", "money"},
		{"real", "smallint"}, {"real", "integer"}, {"real", "bigint"}, {"real", "numeric"}, {"real", "double precision"},
		{"double precision", "smallint"}, {"double precision", "integer"}, {"double precision", "bigint"}, {"double precision", "numeric"}, {"double precision", "real"},
		{"money", "numeric"},
		{"bit", "bit varying"}, {"bit varying", "bit"},
		{"cidr", "inet"}, {"inet", "cidr"},
		{"date", "timestamp without time zone"}, {"date", "timestamp with time zone"},
		{"timestamp without time zone", "timestamp with time zone"}, {"timestamp without time zone", "date"}, {"timestamp without time zone", "time without time zone"},
		{"timestamp with time zone", "timestamp without time zone"}, {"timestamp with time zone", "date"},
		{"timestamp with time zone", "time without time zone"}, {"timestamp with time zone", "time with time zone"},
		{"time without time zone", "time with time zone"}, {"time without time zone", "interval"},
		{"time with time zone", "time without time zone"}, {"interval", "time without time zone"},
		{"json", "jsonb"}, {"jsonb", "json"},
		{"macaddr", "macaddr8"}, {"macaddr8", "macaddr"},
		{"box", "polygon"}, {"point", "box"}, {"polygon", "path"}, {"path", "polygon"},
	}
	m := make(map[[2]string]bool, len(pairs))
	for _, p := range pairs {
		m[p] = true
	}
	return m
}()

// needsUsing reports whether changing a column from type from to type to
// needs a USING clause, because PostgreSQL has no implicit or assignment
// cast between them. Types it does not know (enums, domains, extension
// types) get a USING clause: an explicit cast is the most that can work.
func needsUsing(from, to string) bool {
	f, t := parseType(from), parseType(to)
	if stringTypes[t.base] && t.array == 0 {
		return false // output function to a string type: an assignment cast
	}
	if f.array != t.array {
		return true
	}
	if f.base == t.base {
		return false // a length coercion at most
	}
	return !assignmentCasts[[2]string{f.base, t.base}]
}

// widening lists conversions between base types that keep every value
// exactly.
var widening = map[[2]string]bool{
	{"smallint", "integer"}: true, {"smallint", "bigint"}: true, {"integer", "bigint"}: true,
	{"smallint", "numeric"}: true, {"integer", "numeric"}: true, {"bigint", "numeric"}: true,
	{"smallint", "real"}: true, {"smallint", "double precision"}: true, {"integer", "double precision"}: true,
	{"real", "double precision"}:  true,
	{"character varying", "text"}: true, {"text", "character varying"}: true,
	{"date", "timestamp without time zone"}: true,
	{"bit", "bit varying"}:                  true, {"cidr", "inet"}: true, {"macaddr", "macaddr8"}: true,
	{"jsonb", "json"}: true,
}

// lossyTypeChange reports whether converting a column from type from to
// type to may lose information (narrowing, rounding, truncation, or a
// conversion schemactl knows nothing about). A conversion to unconstrained
// text keeps everything, since it is the value's text form.
func lossyTypeChange(from, to string) bool {
	f, t := parseType(from), parseType(to)
	if f.array != t.array {
		return !(t.array == 0 && (t.base == "text" || t.base == "character varying" && len(t.mods) == 0))
	}
	if (t.base == "text" || t.base == "character varying") && len(t.mods) == 0 {
		return false
	}
	if f.base == t.base {
		return !modsWiden(f, t)
	}
	if !widening[[2]string{f.base, t.base}] {
		return true
	}
	// Between different types, only a target without modifiers or
	// with at least the source's room is known to keep every value.
	switch t.base {
	case "character varying":
		return len(t.mods) > 0 // text to varchar(n) may not fit
	case "numeric":
		return len(t.mods) > 0
	}
	return false
}

// modsWiden reports whether the modifiers of t accept every value of f, for
// two types of the same base.
func modsWiden(f, t colType) bool {
	if len(t.mods) == 0 {
		return true // unconstrained target
	}
	if len(f.mods) == 0 {
		return false
	}
	switch f.base {
	case "numeric":
		fp, fs := numericMods(f.mods)
		tp, ts := numericMods(t.mods)
		return ts >= fs && tp-ts >= fp-fs
	default:
		// Lengths (varchar, char, bit varying) and fractional-second
		// precisions (timestamp, time, interval): more is wider.
		return t.mods[0] >= f.mods[0]
	}
}

func numericMods(m []int) (precision, scale int) {
	if len(m) > 1 {
		return m[0], m[1]
	}
	return m[0], 0
}

// serialBase returns the integer type behind a serial type name, or "" when
// typ is not serial.
func serialBase(typ string) string {
	switch strings.TrimSpace(typ) {
	case "smallserial", "serial2":
		return "smallint"
	case "serial", "serial4":
		return "integer"
	case "bigserial", "serial8":
		return "bigint"
	}
	return ""
}

// rangeTypes are the built-in range and multirange types, by kind.
// PostgreSQL has no cast between two ranges or two multiranges; their text
// forms carry over.
var rangeTypes = map[string]string{
	"int4range": "range", "int8range": "range", "numrange": "range",
	"tsrange": "range", "tstzrange": "range", "daterange": "range",
	"int4multirange": "multirange", "int8multirange": "multirange", "nummultirange": "multirange",
	"tsmultirange": "multirange", "tstzmultirange": "multirange", "datemultirange": "multirange",
}

// viaInteger lists conversions without a cast of their own that an
// explicit cast through integer makes (boolean to integer exists, to the
// other integer types not).
var viaInteger = map[[2]string]bool{
	{"boolean", "smallint"}: true, {"boolean", "bigint"}: true,
	{"smallint", "boolean"}: true, {"bigint", "boolean"}: true,
}

// usingExpr renders the USING expression that converts column col (quoted)
// from type from to type to, for a conversion that needs one (needsUsing).
// A direct explicit cast serves the built-in types; between types that
// have no cast path (two ranges, two user types such as enums, a user type
// and a built-in one) the value goes through its text form, which converts
// every value the new type can hold.
func usingExpr(col, from, to string) string {
	f, t := parseType(from), parseType(to)
	if f.array == t.array {
		switch pair := [2]string{f.base, t.base}; {
		case viaInteger[pair]:
			return col + "::integer" + strings.Repeat("[]", f.array) + "::" + to
		case stringTypes[f.base]:
			return col + "::" + to // a string type converts to any type by its input function
		case rangeTypes[f.base] != "" && rangeTypes[f.base] == rangeTypes[t.base], !builtinType(f.base) || !builtinType(t.base):
			return col + "::text" + strings.Repeat("[]", f.array) + "::" + to
		}
	}
	return col + "::" + to
}

// builtinType reports whether a base type (format_type spelling) is one of
// PostgreSQL's own, rather than a user's enum, domain or composite type or
// an extension's type.
func builtinType(base string) bool {
	if stringTypes[base] || rangeTypes[base] != "" || builtinOthers[base] {
		return true
	}
	for pair := range assignmentCasts {
		if pair[0] == base || pair[1] == base {
			return true
		}
	}
	return false
}

// builtinOthers are the built-in types that appear in no assignment cast.
var builtinOthers = map[string]bool{
	"boolean": true, "uuid": true, "bytea": true, "xml": true, "tsvector": true, "tsquery": true,
	"pg_lsn": true, "line": true, "lseg": true, "circle": true, "txid_snapshot": true, "pg_snapshot": true,
	"oid": true, "regclass": true,
}
