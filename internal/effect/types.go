package effect

import (
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// colType is a column type reduced to what decides whether a change of type
// rewrites the table: the base type's internal name, its type modifiers and
// its array dimensions.
type colType struct {
	name  string // "varchar", "numeric", "timestamptz", or schema.name for other types
	mods  []int  // nil: unconstrained
	array int
	text  string // as given, for messages
}

// builtin maps the names a type may have (after the parser has turned SQL
// keywords such as CHARACTER VARYING into pg_catalog names) to PostgreSQL's
// internal name.
var builtin = map[string]string{
	"int": "int4", "integer": "int4", "int4": "int4", "smallint": "int2", "int2": "int2",
	"bigint": "int8", "int8": "int8", "real": "float4", "float4": "float4",
	"double precision": "float8", "float8": "float8", "bool": "bool", "boolean": "bool",
	"varchar": "varchar", "character varying": "varchar", "bpchar": "bpchar", "char": "bpchar",
	"character": "bpchar", "text": "text", "name": "name", "numeric": "numeric", "decimal": "numeric",
	"timestamp": "timestamp", "timestamptz": "timestamptz", "time": "time", "timetz": "timetz",
	"date": "date", "interval": "interval", "bit": "bit", "varbit": "varbit", "bit varying": "varbit",
	"cidr": "cidr", "inet": "inet", "macaddr": "macaddr", "macaddr8": "macaddr8", "json": "json", "jsonb": "jsonb",
	"uuid": "uuid", "bytea": "bytea", "xml": "xml", "money": "money", "oid": "oid", "citext": "citext",
	"serial": "serial", "serial4": "serial", "bigserial": "bigserial", "serial8": "bigserial",
	"smallserial": "smallserial", "serial2": "smallserial", "tsvector": "tsvector", "point": "point",
}

// typeFromNode reduces a parsed type name.
func typeFromNode(tn *pg_query.TypeName, text string) colType {
	t := colType{text: text, array: len(tn.GetArrayBounds())}
	var parts []string
	for _, n := range tn.GetNames() {
		parts = append(parts, n.GetString_().GetSval())
	}
	switch {
	case len(parts) == 2 && parts[0] == "pg_catalog":
		t.name = parts[1]
		if b, ok := builtin[parts[1]]; ok {
			t.name = b
		}
	case len(parts) == 1:
		if b, ok := builtin[parts[0]]; ok {
			t.name = b
		} else {
			t.name = DefaultSchema + "." + parts[0]
		}
	default:
		t.name = strings.Join(parts, ".")
	}
	for _, m := range tn.GetTypmods() {
		c := m.GetAConst()
		if c == nil || c.GetIval() == nil {
			// A modifier that is not an integer constant: keep it opaque, so
			// only an identical type compares equal.
			t.mods = append(t.mods, -2)
			continue
		}
		t.mods = append(t.mods, int(c.GetIval().Ival))
	}
	// char without a length is char(1).
	if t.name == "bpchar" && t.mods == nil && len(parts) == 2 {
		t.mods = []int{1}
	}
	return t
}

var typeCache sync.Map // string -> colType, ok bool

type cachedType struct {
	t  colType
	ok bool
}

// parseType reduces a type spelled as SQL or as format_type() prints it, by
// asking the parser about `SELECT NULL::<type>`.
func parseType(s string) (colType, bool) {
	if v, ok := typeCache.Load(s); ok {
		c := v.(cachedType)
		return c.t, c.ok
	}
	t, ok := parseTypeUncached(s)
	typeCache.Store(s, cachedType{t, ok})
	return t, ok
}

func parseTypeUncached(s string) (colType, bool) {
	if s == "" || strings.ContainsAny(s, ";") {
		return colType{}, false
	}
	tree, err := pg_query.Parse("SELECT NULL::" + s)
	if err != nil || len(tree.Stmts) != 1 {
		return colType{}, false
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return colType{}, false
	}
	tc := sel.TargetList[0].GetResTarget().GetVal().GetTypeCast()
	if tc == nil {
		return colType{}, false
	}
	return typeFromNode(tc.TypeName, s), true
}

func (t colType) unconstrained() bool { return len(t.mods) == 0 }

func sameMods(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// intervalFullRange is INTERVAL_FULL_RANGE, the range mask of an interval
// without a fields clause; interval(p) carries it as its first modifier.
const intervalFullRange = 0x7FFF

// maxTimePrecision is PostgreSQL's MAX_TIMESTAMP_PRECISION and MAX_TIME_PRECISION.
const maxTimePrecision = 6

// typeChangeRewrites decides whether ALTER COLUMN ... TYPE from → to
// rewrites the table, following PostgreSQL's rules: no rewrite when the old
// type is binary-coercible to the new one and any length coercion is a
// no-op for existing values (the "support functions" of varchar, numeric,
// varbit, timestamp, time and interval). Anything not known to be safe is
// reported as a rewrite.
func typeChangeRewrites(from, to colType) (bool, string) {
	desc := fmt.Sprintf("%s to %s", from.text, to.text)
	if from.array != to.array {
		return true, desc + " changes the array dimensions"
	}
	if from.name == to.name && sameMods(from.mods, to.mods) {
		return false, "the type does not change"
	}
	if from.array > 0 {
		return true, desc + ": arrays are rewritten unless the element type is unchanged"
	}
	ok := false
	switch {
	case from.name == to.name:
		ok = modsWiden(from, to)
	case from.name == "varchar" && to.name == "text",
		from.name == "varchar" && to.name == "citext",
		from.name == "text" && to.name == "citext",
		from.name == "citext" && to.name == "text":
		ok = true
	case (from.name == "text" || from.name == "citext") && to.name == "varchar":
		// text is binary-coercible to varchar, but a length limit must be
		// checked row by row.
		ok = to.unconstrained()
	case from.name == "cidr" && to.name == "inet":
		ok = true
	case from.name == "bit" && to.name == "varbit":
		ok = to.unconstrained()
	case from.name == "timestamp" && to.name == "timestamptz", from.name == "timestamptz" && to.name == "timestamp":
		return true, desc + " rewrites the table unless the session TimeZone is UTC (PostgreSQL 12+ skips the rewrite then)"
	}
	if ok {
		return false, desc + " is binary-coercible: no rewrite"
	}
	return true, desc + " rewrites the table"
}

// modsWiden reports whether changing only the modifiers of a type keeps every
// existing value valid and unchanged.
func modsWiden(from, to colType) bool {
	switch from.name {
	case "varchar", "varbit":
		if to.unconstrained() {
			return true
		}
		return !from.unconstrained() && len(to.mods) == 1 && len(from.mods) == 1 && to.mods[0] >= from.mods[0]
	case "numeric":
		if to.unconstrained() {
			return true
		}
		if from.unconstrained() {
			return false
		}
		fp, fs := numericMods(from.mods)
		tp, ts := numericMods(to.mods)
		return fs == ts && tp >= fp
	case "timestamp", "timestamptz", "time", "timetz":
		if to.unconstrained() || len(to.mods) == 1 && to.mods[0] >= maxTimePrecision {
			return true
		}
		return !from.unconstrained() && len(from.mods) == 1 && len(to.mods) == 1 && from.mods[0] <= to.mods[0]
	case "interval":
		if to.unconstrained() {
			return true
		}
		fp, fok := intervalPrecision(from)
		tp, tok := intervalPrecision(to)
		return fok && tok && (tp >= maxTimePrecision || fp >= 0 && fp <= tp)
	}
	return false
}

func numericMods(m []int) (precision, scale int) {
	switch len(m) {
	case 1:
		return m[0], 0
	case 2:
		return m[0], m[1]
	}
	return -1, -1
}

// intervalPrecision returns the precision of interval(p) without a fields
// clause (-1 for plain interval); ok is false for interval DAY TO SECOND and
// the like.
func intervalPrecision(t colType) (int, bool) {
	switch {
	case t.unconstrained():
		return -1, true
	case len(t.mods) == 1 && t.mods[0] == intervalFullRange:
		return -1, true
	case len(t.mods) == 2 && t.mods[0] == intervalFullRange:
		return t.mods[1], true
	}
	return 0, false
}

// isSerial reports whether a type is one of the serial pseudo-types, whose
// column gets a nextval() default.
func (t colType) isSerial() bool {
	return t.name == "serial" || t.name == "bigserial" || t.name == "smallserial"
}

// TypeName returns PostgreSQL's internal name for a type given as SQL or as
// format_type() prints it ("character varying(20)" gives "varchar"), with its
// modifiers and array dimensions; ok is false when the text is not a type.
// Lint's type rules and internal/plan use it to compare types.
func TypeName(s string) (name string, mods []int, arrayDims int, ok bool) {
	t, ok := parseType(s)
	return t.name, t.mods, t.array, ok
}

// NodeTypeName is TypeName for a type that is already parsed.
func NodeTypeName(tn *pg_query.TypeName) (name string, mods []int, arrayDims int) {
	t := typeFromNode(tn, "")
	return t.name, t.mods, t.array
}
