package effect

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// walk calls fn for every message in the parse trees under roots, depth
// first. The parse tree is protobuf, so protoreflect visits every node kind
// without a hand-written walker for each of PostgreSQL's ~250 node types.
func walk(fn func(proto.Message) bool, roots ...proto.Message) {
	for _, r := range roots {
		if r == nil {
			continue
		}
		m := r.ProtoReflect()
		if !m.IsValid() {
			continue
		}
		walkMessage(m, fn)
	}
}

func walkMessage(m protoreflect.Message, fn func(proto.Message) bool) {
	if !fn(m.Interface()) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkMessage(l.Get(i).Message(), fn)
			}
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			walkMessage(v.Message(), fn)
		}
		return true
	})
}

// reads records ACCESS SHARE on every relation the query trees name. Common
// table expressions are skipped by name.
func (a *analyzer) reads(nodes ...*pg_query.Node) {
	ctes := map[string]bool{}
	var roots []proto.Message
	for _, n := range nodes {
		if n != nil {
			roots = append(roots, n)
		}
	}
	walk(func(m proto.Message) bool {
		if c, ok := m.(*pg_query.CommonTableExpr); ok {
			ctes[c.Ctename] = true
		}
		return true
	}, roots...)
	walk(func(m proto.Message) bool {
		rv, ok := m.(*pg_query.RangeVar)
		if !ok {
			return true
		}
		if rv.Schemaname == "" && ctes[rv.Relname] {
			return true
		}
		a.rel(rangeVarName(rv), KindUnknown, AccessShare)
		return true
	}, roots...)
}

// Inspect calls fn for every node of the statement's parse tree, depth
// first, starting with the statement itself; when fn returns false the
// node's children are skipped. Lint uses it for what effects do not
// describe: the literals a statement uses (an enum value added earlier in
// the same transaction) and the types its column definitions name.
func (s Statement) Inspect(fn func(proto.Message) bool) {
	if s.node == nil {
		return
	}
	walk(fn, s.node)
}
