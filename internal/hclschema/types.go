package hclschema

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// decodeType reads a column type: a bare word such as bigint or
// varchar(255), a reference to an enum, domain or composite type, or
// sql("...").
func (d *decoder) decodeType(expr hcl.Expression) (string, hcl.Diagnostics) {
	if s, ok, diags := sqlCall(expr); ok {
		if diags.HasErrors() {
			return "", diags
		}
		if strings.TrimSpace(s) == "" {
			return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "A type must not be empty.")}
		}
		typ, err := canonicalTypeText(s)
		if err != nil {
			return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "%s.", capitalize(err.Error()))}
		}
		if typ == s {
			return d.userTypeText(s, expr.Range())
		}
		return typ, nil
	}
	const want = `A type is a bare word such as bigint or varchar(255), a reference such as enum.status, or sql("...") for any other type.`
	var (
		key  string
		args []int64
	)
	switch e := unparen(expr).(type) {
	case *hclsyntax.ScopeTraversalExpr:
		r, diags := decodeReference(expr, "enum.status")
		if diags.HasErrors() {
			return "", diags
		}
		switch r.names[0] {
		case "enum", "domain", "composite":
			if len(r.names) > 1 {
				q, diags := d.lookupType(r)
				return q.String(), diags
			}
		}
		if len(r.names) != 1 {
			return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "%s is not a type. %s", r, want)}
		}
		key = r.names[0]
	case *hclsyntax.FunctionCallExpr:
		key = e.Name
		var diags hcl.Diagnostics
		for _, a := range e.Args {
			n, more := constInt(a, "A type modifier")
			diags = append(diags, more...)
			args = append(args, n)
		}
		if diags.HasErrors() {
			return "", diags
		}
	default:
		return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", want)}
	}
	typ, ok, err := canonicalBuiltin(strings.ToLower(key), args)
	switch {
	case err != nil:
		return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid type", "%s.", capitalize(err.Error()))}
	case !ok:
		return d.otherBareType(key, args, expr.Range())
	}
	return typ, nil
}

// otherBareType reads a bare word that names no built-in type. As in
// Atlas, it names a type of an extension or one the schema declares
// (type = hstore, type = vector(1536), type = status): the dev database
// says whether it exists. A word one edit away from a built-in name is
// taken for a typo of it (varchr(255)) and refused, with the name it
// likely means.
func (d *decoder) otherBareType(key string, args []int64, rng hcl.Range) (string, hcl.Diagnostics) {
	lower := strings.ToLower(key)
	if c := suggest(lower, builtinTypeNames); c != "" && editDistance(lower, c) <= 1 {
		return "", hcl.Diagnostics{diagError(rng, "Unknown type",
			`%q is not a built-in type. Did you mean %q? Write other types as sql("...").`, key, c)}
	}
	if len(args) == 0 {
		return d.userTypeText(lower, rng)
	}
	mods := make([]string, len(args))
	for i, a := range args {
		mods[i] = strconv.FormatInt(a, 10)
	}
	return fmt.Sprintf("%s(%s)", lower, strings.Join(mods, ",")), nil
}

// userTypeText qualifies SQL type text that names a declared enum, domain
// or composite type, or an array of one: Atlas's sql("status[]") is
// public.status[], as format_type prints it with an empty search_path, so
// that the type does not depend on the search_path it is created under and
// the plan sees what it uses. Other text is returned unchanged.
func (d *decoder) userTypeText(s string, rng hcl.Range) (string, hcl.Diagnostics) {
	base, dims := strings.TrimSpace(s), ""
	for strings.HasSuffix(base, "]") {
		i := strings.LastIndexByte(base, '[')
		if i < 0 || strings.Trim(base[i+1:len(base)-1], "0123456789 ") != "" {
			return s, nil
		}
		base, dims = strings.TrimSpace(base[:i]), "[]" // format_type prints one pair
	}
	q, ok := parseQualifiedName(base)
	if !ok && schema.IsBareIdent(base) {
		q, ok = schema.QualifiedName{Name: base}, true
	}
	if !ok {
		return s, nil
	}
	var found []schema.QualifiedName
	for _, kind := range []string{"enum", "domain", "composite"} {
		for _, t := range d.typesByName[kind][q.Name] {
			if q.Schema == "" || q.Schema == t.schema.Name {
				found = append(found, schema.QualifiedName{Schema: t.schema.Name, Name: q.Name})
			}
		}
	}
	switch len(found) {
	case 0:
		return s, nil
	case 1:
		return found[0].String() + dims, nil
	}
	var schemas []string
	for _, f := range found {
		schemas = append(schemas, fmt.Sprintf("%q", f.Schema))
	}
	return "", hcl.Diagnostics{diagError(rng, "Ambiguous type",
		"Type %q is declared in schemas %s; name its schema, as in sql(%q).",
		q.Name, strings.Join(schemas, " and "), found[0].String()+dims)}
}

// decodeNonSerialType is decodeType for everything but a table column:
// smallserial, serial and bigserial exist only as column types.
func (d *decoder) decodeNonSerialType(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	typ, diags := d.decodeType(expr)
	switch strings.TrimSuffix(typ, "[]") {
	case schema.TypeSmallSerial, schema.TypeSerial, schema.TypeBigSerial:
		return "", append(diags, diagError(expr.Range(), "Invalid type",
			"%s cannot be of type %s, which exists only for table columns.", what, typ))
	}
	return typ, diags
}

// typeText spells a type: a reference to a user type, a bare word, or sql.
func (e *encoder) typeText(typ string) string {
	if t, ok := e.spelled[typ]; ok {
		return t
	}
	t := e.spellType(typ)
	e.spelled[typ] = t
	return t
}

func (e *encoder) spellType(typ string) string {
	if q, ok := parseQualifiedName(typ); ok {
		if kind, ok := e.kinds[q]; ok {
			if e.types[kind][q.Name] == 1 {
				return hclTraversal(kind, q.Name)
			}
			return hclTraversal(kind, q.Schema, q.Name)
		}
	}
	name, args, ok := bareType(typ)
	switch {
	case !ok:
		return sqlText(typ)
	case len(args) == 0:
		return name
	}
	argText := make([]string, len(args))
	for i, a := range args {
		argText[i] = hclInt(a)
	}
	return hclCall(name, argText...)
}

// Column types in HCL are bare words (bigint, varchar(255), double_precision),
// which parse as HCL variables and function calls, or sql("...") text. The
// decoder turns the names of built-in types into the spelling format_type()
// prints, so that a raw realm already agrees with an inspected one where it
// can; the encoder goes the other way. Types it does not know (those of
// extensions, or interval with fields) stay verbatim in sql("...").

// typeFamily says how a built-in type name takes modifiers.
type typeFamily int

const (
	famPlain         typeFamily = iota // no modifier: text, uuid, ...
	famNumeric                         // numeric(p) or numeric(p,s)
	famVarchar                         // character varying(n)
	famChar                            // character(n), character(1) without n
	famBpchar                          // bpchar: unlimited without n
	famBit                             // bit(n), bit(1) without n
	famVarbit                          // bit varying(n)
	famFloat                           // float(p): real or double precision
	famTimestamp                       // timestamp(p) without time zone
	famTimestamptz                     // timestamp(p) with time zone
	famTime                            // time(p) without time zone
	famTimetz                          // time(p) with time zone
	famInterval                        // interval(p)
	famIntervalField                   // interval with fields: interval day to second(p)
)

type builtinType struct {
	family typeFamily
	plain  string // the canonical spelling of a famPlain type
	field  string // the fields of a famIntervalField type: "day to second"
}

// intervalFields are the field restrictions of interval that PostgreSQL's
// grammar accepts. Atlas writes them as bare words (day_to_second(4)), SQL
// as interval day to second(4); only those that end in second take a
// precision.
var intervalFields = []string{
	"year", "month", "day", "hour", "minute", "second",
	"year to month", "day to hour", "day to minute", "day to second",
	"hour to minute", "hour to second", "minute to second",
}

// builtinTypes maps every accepted spelling of a built-in type, lower-case
// with words joined by "_", to its family.
var builtinTypes = func() map[string]builtinType {
	m := map[string]builtinType{}
	plain := func(canonical string, aliases ...string) {
		for _, a := range append(aliases, strings.ReplaceAll(canonical, " ", "_")) {
			m[a] = builtinType{family: famPlain, plain: canonical}
		}
	}
	plain("smallint", "int2")
	plain("integer", "int", "int4")
	plain("bigint", "int8")
	plain(schema.TypeSmallSerial, "serial2")
	plain(schema.TypeSerial, "serial4")
	plain(schema.TypeBigSerial, "serial8")
	plain("real", "float4")
	plain("double precision", "float8")
	plain("boolean", "bool")
	for _, t := range strings.Fields(`text bytea uuid json jsonb jsonpath xml date money
		inet cidr macaddr macaddr8 tsvector tsquery point line lseg box path polygon circle
		int4range int8range numrange tsrange tstzrange daterange
		int4multirange int8multirange nummultirange tsmultirange tstzmultirange datemultirange
		pg_lsn pg_snapshot txid_snapshot oid xid xid8 cid tid name
		regclass regproc regprocedure regoper regoperator regtype regconfig regdictionary
		regnamespace regrole regcollation`) {
		plain(t)
	}
	for _, f := range intervalFields {
		bt := builtinType{family: famIntervalField, field: f}
		key := strings.ReplaceAll(f, " ", "_")
		m[key] = bt             // Atlas's bare word: day_to_second
		m["interval_"+key] = bt // SQL text: interval day to second
	}
	for fam, names := range map[typeFamily][]string{
		famNumeric:     {"numeric", "decimal"},
		famVarchar:     {"varchar", "character_varying"},
		famChar:        {"char", "character"},
		famBpchar:      {"bpchar"},
		famBit:         {"bit"},
		famVarbit:      {"varbit", "bit_varying"},
		famFloat:       {"float"},
		famTimestamp:   {"timestamp", "timestamp_without_time_zone"},
		famTimestamptz: {"timestamptz", "timestamp_with_time_zone"},
		famTime:        {"time", "time_without_time_zone"},
		famTimetz:      {"timetz", "time_with_time_zone"},
		famInterval:    {"interval"},
	} {
		for _, n := range names {
			m[n] = builtinType{family: fam}
		}
	}
	return m
}()

// builtinTypeNames lists the keys of builtinTypes, sorted, for suggestions.
var builtinTypeNames = func() []string {
	names := make([]string, 0, len(builtinTypes))
	for n := range builtinTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// canonicalBuiltin returns the format_type() spelling of the built-in type
// key (see builtinTypes) with the type modifiers args. ok is false when key
// names no built-in type; err describes modifiers the type does not accept.
func canonicalBuiltin(key string, args []int64) (typ string, ok bool, err error) {
	bt, ok := builtinTypes[key]
	if !ok {
		return "", false, nil
	}
	if bt.family == famIntervalField {
		key = "interval " + bt.field // for messages: "interval day to second"
	}
	maxArgs := 1
	switch bt.family {
	case famPlain:
		maxArgs = 0
	case famNumeric:
		maxArgs = 2
	}
	if len(args) > maxArgs {
		switch maxArgs {
		case 0:
			return "", true, fmt.Errorf("type %s takes no modifiers", key)
		case 1:
			return "", true, fmt.Errorf("type %s takes at most one modifier", key)
		default:
			return "", true, fmt.Errorf("type %s takes at most two modifiers", key)
		}
	}
	arg := func(lo, hi int64, what string) (int64, error) {
		if a := args[0]; a < lo || a > hi {
			return 0, fmt.Errorf("%s of type %s must be between %d and %d, not %d", what, key, lo, hi, a)
		}
		return args[0], nil
	}
	// withP spells base(p) suffix, PostgreSQL's place for the precision of
	// the time types: "timestamp(3) with time zone".
	withP := func(base, suffix string) (string, bool, error) {
		if len(args) == 0 {
			return base + suffix, true, nil
		}
		p, err := arg(0, 6, "precision")
		if err != nil {
			return "", true, err
		}
		return fmt.Sprintf("%s(%d)%s", base, p, suffix), true, nil
	}
	// length spells name(n) with n in 1..max, or def without modifier.
	length := func(name, def string, max int64) (string, bool, error) {
		if len(args) == 0 {
			return def, true, nil
		}
		n, err := arg(1, max, "length")
		if err != nil {
			return "", true, err
		}
		return fmt.Sprintf("%s(%d)", name, n), true, nil
	}
	const maxLength = 10485760 // PostgreSQL's limit on character lengths
	switch bt.family {
	case famPlain:
		return bt.plain, true, nil
	case famNumeric:
		switch len(args) {
		case 0:
			return "numeric", true, nil
		case 1:
			// format_type always prints the scale: numeric(10) is numeric(10,0).
			args = append(args, 0)
		}
		if args[0] < 1 || args[0] > 1000 {
			return "", true, fmt.Errorf("precision of type %s must be between 1 and 1000, not %d", key, args[0])
		}
		// PostgreSQL >= 15 accepts a scale from -1000 to 1000.
		if args[1] < -1000 || args[1] > 1000 {
			return "", true, fmt.Errorf("scale of type %s must be between -1000 and 1000, not %d", key, args[1])
		}
		return fmt.Sprintf("numeric(%d,%d)", args[0], args[1]), true, nil
	case famVarchar:
		return length("character varying", "character varying", maxLength)
	case famChar:
		return length("character", "character(1)", maxLength)
	case famBpchar:
		return length("character", "bpchar", maxLength)
	case famBit:
		return length("bit", "bit(1)", 83886080)
	case famVarbit:
		return length("bit varying", "bit varying", 83886080)
	case famFloat:
		if len(args) == 0 {
			return "double precision", true, nil
		}
		p, err := arg(1, 53, "precision")
		if err != nil {
			return "", true, err
		}
		if p <= 24 {
			return "real", true, nil
		}
		return "double precision", true, nil
	case famTimestamp:
		return withP("timestamp", " without time zone")
	case famTimestamptz:
		return withP("timestamp", " with time zone")
	case famTime:
		return withP("time", " without time zone")
	case famTimetz:
		return withP("time", " with time zone")
	case famInterval:
		return withP("interval", "")
	case famIntervalField:
		if len(args) > 0 && !strings.HasSuffix(bt.field, "second") {
			return "", true, fmt.Errorf("type %s takes no precision: only interval fields that end in second do", key)
		}
		return withP("interval "+bt.field, "")
	}
	return "", false, nil
}

// parsedType is SQL type text split into its parts: the words of the name
// joined by "_" and lower-cased ("timestamp_with_time_zone"), the type
// modifiers, and whether it is an array.
type parsedType struct {
	key   string
	args  []int64
	array bool
}

// parseTypeText splits simple SQL type text such as "character varying(255)[]"
// or "timestamp(3) with time zone". It reports false for anything else:
// quoted or qualified names, interval fields, and so on.
func parseTypeText(s string) (parsedType, bool) {
	var (
		p        parsedType
		words    []string
		haveArgs bool
	)
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
	}
	for {
		skip()
		if i == len(s) {
			break
		}
		c := s[i]
		switch {
		case p.array:
			// Only more brackets may follow the first one.
			if c != '[' {
				return p, false
			}
			fallthrough
		case c == '[':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == len(s) || s[j] != ']' || len(words) == 0 {
				return p, false
			}
			p.array = true
			i = j + 1
		case c == '(':
			if haveArgs || len(words) == 0 {
				return p, false
			}
			haveArgs = true
			i++
			for {
				skip()
				j := i
				if j < len(s) && (s[j] == '-' || s[j] == '+') {
					j++
				}
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				n, err := strconv.ParseInt(s[i:j], 10, 32)
				if err != nil {
					return p, false
				}
				p.args = append(p.args, n)
				i = j
				skip()
				if i < len(s) && s[i] == ',' {
					i++
					continue
				}
				if i < len(s) && s[i] == ')' {
					i++
					break
				}
				return p, false
			}
		case isWordStart(c):
			j := i + 1
			for j < len(s) && (isWordStart(s[j]) || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			words = append(words, strings.ToLower(s[i:j]))
			i = j
		default:
			return p, false
		}
	}
	if len(words) == 0 {
		return p, false
	}
	p.key = strings.Join(words, "_")
	return p, true
}

func isWordStart(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
}

// canonicalTypeText returns the format_type() spelling of SQL type text
// when it names a built-in type ("int[]" is "integer[]"), and the text
// unchanged otherwise. err reports bad modifiers of a built-in type.
func canonicalTypeText(s string) (string, error) {
	p, ok := parseTypeText(s)
	if !ok {
		return s, nil
	}
	typ, ok, err := canonicalBuiltin(p.key, p.args)
	if err != nil {
		return "", err
	}
	if !ok {
		return s, nil
	}
	if p.array {
		// format_type prints one pair of brackets whatever the dimensions.
		typ += "[]"
	}
	return typ, nil
}

// bareTypeNames are the bare words the encoder writes for the canonical
// names of built-in types, keyed by the canonical base name.
var bareTypeNames = map[string]string{
	"double_precision":            "double_precision",
	"character_varying":           "varchar",
	"character":                   "char",
	"bit_varying":                 "bit_varying",
	"timestamp_without_time_zone": "timestamp",
	"timestamp_with_time_zone":    "timestamptz",
	"time_without_time_zone":      "time",
	"time_with_time_zone":         "timetz",
}

func init() {
	// interval day to second(4) is written day_to_second(4), as Atlas does.
	for _, f := range intervalFields {
		key := strings.ReplaceAll(f, " ", "_")
		bareTypeNames["interval_"+key] = key
	}
}

// bareType returns the bare word and modifiers that decode exactly to the
// canonical type typ, or false when typ needs sql("...").
func bareType(typ string) (name string, args []int64, ok bool) {
	p, ok := parseTypeText(typ)
	if !ok || p.array {
		return "", nil, false
	}
	name = p.key
	if n, ok := bareTypeNames[p.key]; ok {
		name = n
	}
	canon, ok, err := canonicalBuiltin(name, p.args)
	if !ok || err != nil || canon != typ {
		return "", nil, false
	}
	return name, p.args, true
}
