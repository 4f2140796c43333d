package effect

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// DefaultSchema is the schema of an unqualified name. schemactl assumes
// PostgreSQL's default search_path ("$user", public) with no schema named after
// the user, so an unqualified name means a relation in "public".
const DefaultSchema = "public"

// A Name is a schema-qualified object name, unquoted and exactly as
// PostgreSQL stores it (the parser has already folded unquoted identifiers to
// lower case).
type Name struct {
	Schema string
	Name   string
}

// String prints the name as schema.name, double-quoting each part that would
// need quotes in SQL.
func (n Name) String() string {
	if n.Schema == "" {
		return quoteIfNeeded(n.Name)
	}
	return quoteIfNeeded(n.Schema) + "." + quoteIfNeeded(n.Name)
}

// IsZero reports whether n names nothing.
func (n Name) IsZero() bool { return n == Name{} }

// quoteIfNeeded double-quotes s unless it is a plain lower-case identifier.
// It does not know keywords, which is fine for messages: a reader sees the
// name, and only internal/plan builds SQL.
func quoteIfNeeded(s string) string {
	if s == "*" {
		return s // every relation of a schema or database
	}
	plain := s != ""
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '$')) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// rangeVarName resolves a parsed relation reference.
func rangeVarName(rv *pg_query.RangeVar) Name {
	if rv == nil {
		return Name{}
	}
	schema := rv.Schemaname
	if schema == "" {
		schema = DefaultSchema
	}
	return Name{Schema: schema, Name: rv.Relname}
}

// listName resolves a qualified name given as a list of String nodes
// (types, functions, DROP objects): the last element is the name and the one
// before it, if any, the schema.
func listName(nodes []*pg_query.Node) Name {
	parts := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			parts = append(parts, s.Sval)
		}
	}
	switch len(parts) {
	case 0:
		return Name{}
	case 1:
		return Name{Schema: DefaultSchema, Name: parts[0]}
	default:
		return Name{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]}
	}
}

// siblingName is the name of an object that PostgreSQL puts in the same
// schema as owner (an index beside its table, for instance).
func siblingName(owner Name, name string) Name {
	return Name{Schema: owner.Schema, Name: name}
}
