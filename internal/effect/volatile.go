package effect

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
)

// volatileFuncs are built-in functions that PostgreSQL marks VOLATILE and
// that appear in column defaults: a volatile default is evaluated for every
// existing row, so ADD COLUMN rewrites the table.
var volatileFuncs = map[string]bool{
	"random": true, "random_normal": true, "gen_random_uuid": true, "uuid_generate_v1": true,
	"uuid_generate_v1mc": true, "uuid_generate_v4": true, "clock_timestamp": true, "timeofday": true,
	"nextval": true, "setval": true, "txid_current": true, "pg_current_xact_id": true, "setseed": true,
}

// stableFuncs are built-in functions known not to be volatile. now() is
// STABLE: a default of now() is evaluated once by ADD COLUMN (PostgreSQL
// 11+), so it needs no rewrite.
var stableFuncs = map[string]bool{
	"now": true, "statement_timestamp": true, "transaction_timestamp": true, "current_setting": true,
	"lower": true, "upper": true, "length": true, "concat": true, "concat_ws": true, "btrim": true,
	"trim": true, "ltrim": true, "rtrim": true, "replace": true, "substring": true, "substr": true,
	"date_trunc": true, "make_interval": true, "make_date": true, "make_timestamp": true,
	"make_timestamptz": true, "to_timestamp": true, "to_date": true, "to_char": true, "to_json": true,
	"to_jsonb": true, "json_build_object": true, "jsonb_build_object": true, "json_build_array": true,
	"jsonb_build_array": true, "array_fill": true, "timezone": true, "abs": true, "round": true,
	"md5": true, "current_database": true, "current_schema": true, "current_user": true,
	"session_user": true, "pg_catalog.now": true,
}

// volatility classifies a default expression: "" when it is known not to be
// volatile, otherwise a reason.
func volatility(expr *pg_query.Node) string {
	if expr == nil {
		return ""
	}
	reason := ""
	walk(func(m proto.Message) bool {
		if reason != "" {
			return false
		}
		switch n := m.(type) {
		case *pg_query.FuncCall:
			name := funcName(n.Funcname)
			base := name[strings.LastIndexByte(name, '.')+1:]
			switch {
			case volatileFuncs[base]:
				reason = base + "() is volatile"
			case stableFuncs[base] || stableFuncs[name]:
			default:
				reason = name + "() is not known to be immutable or stable; a volatile function rewrites the table"
			}
		case *pg_query.SubLink:
			reason = "a subquery default is evaluated per row"
		}
		return true
	}, expr)
	return reason
}

func funcName(nodes []*pg_query.Node) string {
	var parts []string
	for _, n := range nodes {
		parts = append(parts, n.GetString_().GetSval())
	}
	if len(parts) == 2 && parts[0] == "pg_catalog" {
		return parts[1]
	}
	return strings.Join(parts, ".")
}
