package effect

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
)

// QueryNames parses a query (a SELECT, VALUES or WITH ... SELECT, as a view
// holds) and returns the relations and the functions it names, in the order
// they appear, each once. A name written without a schema keeps Schema ""
// (the caller knows which search_path applies); the names of common table
// expressions are not relations. The planner uses it to order views
// decoded from HCL, which no dev database has described yet.
func QueryNames(query string) (relations, functions []Name, err error) {
	tree, err := pg_query.Parse(query)
	if err != nil {
		return nil, nil, syntaxError(query, err)
	}
	var roots []proto.Message
	for _, raw := range tree.Stmts {
		roots = append(roots, raw.Stmt)
	}
	ctes := map[string]bool{}
	walk(func(m proto.Message) bool {
		if c, ok := m.(*pg_query.CommonTableExpr); ok {
			ctes[c.Ctename] = true
		}
		return true
	}, roots...)
	seen := map[Name]bool{}
	add := func(list *[]Name, n Name) {
		if !seen[n] {
			seen[n] = true
			*list = append(*list, n)
		}
	}
	walk(func(m proto.Message) bool {
		switch n := m.(type) {
		case *pg_query.RangeVar:
			if n.Schemaname != "" || !ctes[n.Relname] {
				add(&relations, Name{Schema: n.Schemaname, Name: n.Relname})
			}
		case *pg_query.FuncCall:
			var parts []string
			for _, p := range n.Funcname {
				if s := p.GetString_(); s != nil {
					parts = append(parts, s.Sval)
				}
			}
			switch len(parts) {
			case 1:
				add(&functions, Name{Name: parts[0]})
			case 2:
				if parts[0] != "pg_catalog" {
					add(&functions, Name{Schema: parts[0], Name: parts[1]})
				}
			}
		}
		return true
	}, roots...)
	return relations, functions, nil
}
