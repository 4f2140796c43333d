package schema

import "strings"

// QuoteIdent quotes a PostgreSQL identifier the way quote_ident() does: only
// when it is not a plain lower-case name or is a keyword that cannot be used
// bare. It is the single place where schemactl quotes identifiers.
func QuoteIdent(name string) string {
	if IsBareIdent(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteLiteral quotes s as an SQL string literal.
func QuoteLiteral(s string) string {
	if strings.Contains(s, `\`) {
		// E'' form so that the literal means the same whatever
		// standard_conforming_strings says.
		return "E'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `'`, `''`) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// IsBareIdent reports whether name can be written without quotes in SQL:
// a lower-case identifier that is not a reserved keyword. QuoteIdent quotes
// exactly the names for which it is false.
func IsBareIdent(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case (r >= '0' && r <= '9') || r == '$':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	_, reserved := quotedKeywords[name]
	return !reserved
}

// quotedKeywords are PostgreSQL's keywords of the reserved, type/function
// name and column name categories (src/include/parser/kwlist.h,
// PostgreSQL 15): quote_ident() quotes them, and only them among lower-case
// names. Unreserved keywords may stand bare.
var quotedKeywords = func() map[string]struct{} {
	words := strings.Fields(`
all analyse analyze and any array as asc asymmetric both case cast check collate column
constraint create current_catalog current_date current_role current_time current_timestamp
current_user default deferrable desc distinct do else end except false fetch for foreign from
grant group having in initially intersect into lateral leading limit localtime localtimestamp
not null offset on only or order placing primary references returning select session_user
some symmetric table then to trailing true union unique user using variadic when where window
with
authorization binary collation concurrently cross current_schema freeze full ilike inner is
isnull join left like natural notnull outer overlaps right similar tablesample verbose
between bigint bit boolean char character coalesce dec decimal exists extract float greatest
grouping inout int integer interval least national nchar none normalize nullif numeric out
overlay position precision real row setof smallint substring time timestamp treat trim values
varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi
xmlroot xmlserialize xmltable`)
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}()
