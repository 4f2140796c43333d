package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/schema"
)

// viewChange plans a change of a view or a materialized view.
func (b *builder) viewChange(c diff.Change) error {
	switch c := c.(type) {
	case *diff.CreateView:
		b.createView(c, c.View, "create "+viewWhat(c.View))
	case *diff.DropView:
		b.dropView(c, c.View, "drop "+viewWhat(c.View))
	case *diff.ReplaceView:
		b.add(phView, c, "replace the query of "+viewWhat(c.To)+" (CREATE OR REPLACE keeps its columns"+
			appended(c.From, c.To)+")", createViewSQL(c.To, true))
	case *diff.RecreateView:
		b.dropView(c, c.From, "drop "+viewWhat(c.From)+" first: "+c.Reason)
		s := b.createView(c, c.To, "recreate "+viewWhat(c.To)+": "+c.Reason)
		if c.To.Materialized && !c.To.WithNoData {
			s.notes = append(s.notes, "materialized view "+c.To.QualifiedName().String()+" is rebuilt: its query runs in full "+
				"while the ACCESS EXCLUSIVE lock of the DROP before it is held, and readers of the view wait until the transaction commits")
		}
	case *diff.AlterView:
		b.alterView(c)
	case *diff.RenameView:
		word := "ALTER VIEW "
		if c.From.Materialized {
			word = "ALTER MATERIALIZED VIEW "
		}
		b.add(phRename, c, "rename "+viewWhat(c.From)+" to "+ident(c.To.Name),
			word+qname(c.From.QualifiedName())+" RENAME TO "+ident(c.To.Name))
	case *diff.RefreshMaterializedView:
		b.add(phView, c, "fill "+viewWhat(c.View)+", which exists WITH NO DATA",
			"REFRESH MATERIALIZED VIEW "+qname(c.View.QualifiedName()))
	default:
		return fmt.Errorf("plan: unexpected view change %T", c)
	}
	return nil
}

// viewWhat names a view for a statement's comment.
func viewWhat(v *schema.View) string { return string(v.Kind()) + " " + v.QualifiedName().String() }

// appended says which columns CREATE OR REPLACE VIEW appends.
func appended(from, to *schema.View) string {
	if len(to.Columns) <= len(from.Columns) {
		return ""
	}
	var names []string
	for _, c := range to.Columns[len(from.Columns):] {
		names = append(names, ident(c.Name))
	}
	return " and appends " + strings.Join(names, ", ")
}

// createView plans CREATE [MATERIALIZED] VIEW with a materialized view's
// indexes and the comments, and returns the CREATE statement.
func (b *builder) createView(src diff.Change, v *schema.View, comment string) *step {
	q := v.QualifiedName()
	s := b.add(phView, src, comment, createViewSQL(v, false))
	for _, i := range sortedBy(v.Indexes, func(i *schema.Index) string { return i.Name }) {
		// The view is new (or rebuilt) in this plan: no one else sees it
		// before the plan commits, so the index needs no CONCURRENTLY.
		b.add(phView, src, "create index "+ident(i.Name)+" on "+q.String(), createIndex(i, q, false))
		b.comment(src, diff.Object{Kind: diff.KindIndex, Name: qualified(v.Schema, i.Name)}, i.Comment)
	}
	b.comment(src, diff.Object{Kind: viewObjectKind(v), Name: q}, v.Comment)
	for _, c := range v.Columns {
		b.comment(src, diff.Object{Kind: diff.KindColumn, Name: q, Member: c.Name}, c.Comment)
	}
	return s
}

// dropView plans DROP [MATERIALIZED] VIEW.
func (b *builder) dropView(src diff.Change, v *schema.View, comment string) {
	word := "VIEW "
	if v.Materialized {
		word = "MATERIALIZED VIEW "
	}
	b.add(phDropView, src, comment, "DROP "+word+qname(v.QualifiedName()))
}

// alterView plans the option, index and comment changes of a kept view.
func (b *builder) alterView(c *diff.AlterView) {
	f, t := c.From, c.To
	q := t.QualifiedName()
	word := "ALTER VIEW "
	if t.Materialized {
		word = "ALTER MATERIALIZED VIEW "
	}
	set, reset := optionDiff(viewOptions(f), viewOptions(t))
	if len(set) > 0 {
		b.add(phView, c, "set options of "+viewWhat(t), word+qname(q)+" SET ("+strings.Join(set, ", ")+")")
	}
	if len(reset) > 0 {
		b.add(phView, c, "reset options of "+viewWhat(t), word+qname(q)+" RESET ("+strings.Join(reset, ", ")+")")
	}
	for _, sc := range c.Changes {
		switch sc := sc.(type) {
		case *diff.DropIndex:
			b.add(phDropView, c, "drop index "+ident(sc.Index.Name)+" of "+q.String(),
				"DROP INDEX "+sibling(f.QualifiedName(), sc.Index.Name))
		case *diff.CreateIndex:
			// The view exists and is read: build without blocking reads
			// or refreshes, as for a table's index.
			b.add(phView, c, "create index "+ident(sc.Index.Name)+" on "+q.String(), createIndex(sc.Index, q, true))
			b.comment(c, diff.Object{Kind: diff.KindIndex, Name: qualified(t.Schema, sc.Index.Name)}, sc.Index.Comment)
		case *diff.CommentOn:
			b.add(phComment, c, "comment on "+sc.Object.String(), commentSQL(sc.Object, sc.Comment))
		}
	}
}

// optionDiff returns the name=value options of to that differ from from,
// and the names of the options of from that to lacks.
func optionDiff(from, to []schema.StorageParam) (set, reset []string) {
	for _, p := range to {
		if i := slices.IndexFunc(from, func(o schema.StorageParam) bool { return o.Name == p.Name }); i < 0 || from[i].Value != p.Value {
			set = append(set, p.Name+"="+p.Value)
		}
	}
	for _, p := range from {
		if !slices.ContainsFunc(to, func(o schema.StorageParam) bool { return o.Name == p.Name }) {
			reset = append(reset, p.Name)
		}
	}
	return set, reset
}

// viewOptions lists the WITH (...) options of a view: check_option,
// security_barrier and security_invoker for a view, the storage parameters
// of a materialized view.
func viewOptions(v *schema.View) []schema.StorageParam {
	if v.Materialized {
		return v.StorageParams
	}
	var opts []schema.StorageParam
	if v.CheckOption != "" {
		opts = append(opts, schema.StorageParam{Name: "check_option", Value: strings.ToLower(v.CheckOption)})
	}
	if v.SecurityBarrier {
		opts = append(opts, schema.StorageParam{Name: "security_barrier", Value: "true"})
	}
	if v.SecurityInvoker {
		opts = append(opts, schema.StorageParam{Name: "security_invoker", Value: "true"})
	}
	return opts
}

// createViewSQL renders CREATE [OR REPLACE] [MATERIALIZED] VIEW. The
// column list is written when columns are known, so that a view decoded
// from HCL gets the names its column blocks declare.
func createViewSQL(v *schema.View, replace bool) string {
	var sb strings.Builder
	sb.WriteString("CREATE ")
	if replace {
		sb.WriteString("OR REPLACE ")
	}
	if v.Materialized {
		sb.WriteString("MATERIALIZED ")
	}
	sb.WriteString("VIEW " + qname(v.QualifiedName()))
	if len(v.Columns) > 0 {
		names := make([]string, len(v.Columns))
		for i, c := range v.Columns {
			names[i] = c.Name
		}
		sb.WriteString(" " + identList(names))
	}
	if opts := viewOptions(v); len(opts) > 0 {
		sb.WriteString(" " + storageParams(opts))
	}
	query := strings.TrimSpace(v.Query)
	query = strings.TrimSpace(strings.TrimSuffix(query, ";"))
	sb.WriteString(" AS\n" + query)
	if v.Materialized && v.WithNoData {
		// On a line of its own: the query may end with a -- comment.
		sb.WriteString("\nWITH NO DATA")
	}
	return sb.String()
}

// viewObjectKind is the comment object kind of a view.
func viewObjectKind(v *schema.View) diff.ObjectKind {
	if v.Materialized {
		return diff.KindMaterializedView
	}
	return diff.KindView
}

// The dependency order of phView and phDropView.
//
// Views, materialized views and the functions that use relations share
// phView, and are created in one dependency order; phDropView drops views
// in the reverse order. Each change of those phases is described by a
// depNode: the keys of the objects it creates (or, in phDropView, drops)
// and the keys of the objects they use. Keys come from relationKey and
// functionKey. depNodeFuncs lists the functions that describe changes:
// package plan's view code registers viewDepNode; code planning functions
// appends its own (a func(diff.Change, bool) (depNode, bool) that knows
// CreateFunction and friends), and its changes are sorted among the views.

// A depNode is what the dependency sort knows about one change.
type depNode struct {
	Keys []string // the objects the change creates or drops
	Deps []string // what those objects use
}

// depNodeFuncs describe the changes of phView and phDropView; drop is true
// in phDropView (the node then describes the object as it exists).
var depNodeFuncs = []func(c diff.Change, drop bool) (depNode, bool){viewDepNode}

// relationKey is the dependency key of a table, view or materialized view.
func relationKey(q schema.QualifiedName) string { return "relation " + q.String() }

// functionKey is the dependency key of a function or procedure: by name
// only, since a query names a function without its argument types; every
// overload of the name then counts as used.
func functionKey(schemaName, name string) string {
	return "function " + schema.QualifiedName{Schema: schemaName, Name: name}.String()
}

// refKey is the dependency key of what ref points at ("" for kinds that
// phView does not order: types, sequences, ...).
func refKey(r schema.ObjectRef) string {
	switch r.Kind {
	case schema.KindTable, schema.KindView, schema.KindMaterializedView, schema.KindColumn:
		return relationKey(r.Relation())
	case schema.KindFunction, schema.KindProcedure:
		return functionKey(r.Schema, r.Name)
	}
	return ""
}

// viewDepNode describes the view changes.
func viewDepNode(c diff.Change, drop bool) (depNode, bool) {
	var v *schema.View
	switch c := c.(type) {
	case *diff.CreateView:
		v = c.View
	case *diff.DropView:
		v = c.View
	case *diff.ReplaceView:
		v = c.To
	case *diff.RecreateView:
		v = c.To
		if drop {
			v = c.From
		}
	case *diff.AlterView:
		v = c.To
		if drop {
			v = c.From
		}
	case *diff.RefreshMaterializedView:
		v = c.View
	default:
		return depNode{}, false
	}
	return depNode{Keys: []string{relationKey(v.QualifiedName())}, Deps: ViewDeps(v)}, true
}

// ViewDeps returns the dependency keys of what view v uses: from its
// DependsOn when a database described it, and from the relations and
// functions its query names when it was decoded from HCL (DependsOn then
// holds only what depends_on declared). A name without a schema is taken
// to be in the view's schema or in public, since the dump runs with the
// default search_path; a key that matches no object is ignored.
func ViewDeps(v *schema.View) []string {
	var deps []string
	for _, r := range v.DependsOn {
		if k := refKey(r); k != "" {
			deps = append(deps, k)
		}
	}
	if v.DependsOn != nil && v.DeclRange.Filename == "" {
		return deps
	}
	rels, funcs, err := effect.QueryNames(v.Query)
	if err != nil {
		// PostgreSQL reports the error when the statement runs, at the
		// view's block.
		return deps
	}
	own := v.Schema.Name
	for _, n := range rels {
		for _, s := range candidateSchemas(n.Schema, own) {
			deps = append(deps, relationKey(schema.QualifiedName{Schema: s, Name: n.Name}))
		}
	}
	for _, n := range funcs {
		for _, s := range candidateSchemas(n.Schema, own) {
			deps = append(deps, functionKey(s, n.Name))
		}
	}
	return deps
}

func candidateSchemas(written, own string) []string {
	if written != "" {
		return []string{written}
	}
	if own == "public" {
		return []string{"public"}
	}
	return []string{own, "public"}
}

// sortDependencies orders phView in dependency order and phDropView in the
// reverse one. A cycle is an error that names the objects in it.
func (b *builder) sortDependencies() error {
	sorted, err := sortByDeps(b.phases[phView], false)
	if err != nil {
		return err
	}
	b.phases[phView] = sorted
	sorted, err = sortByDeps(b.phases[phDropView], true)
	if err != nil {
		return err
	}
	b.phases[phDropView] = sorted
	return nil
}

// A stepGroup is the consecutive steps of one change in a phase.
type stepGroup struct {
	steps []*step
	node  depNode
	known bool
}

// sortByDeps orders the steps of a phase by the dependencies of their
// changes, keeping the steps of one change together and in their order,
// and the phase's order where nothing forces another. With drop, an object
// comes before the objects it uses.
func sortByDeps(steps []*step, drop bool) ([]*step, error) {
	var groups []*stepGroup
	for _, s := range steps {
		if n := len(groups); n > 0 && groups[n-1].steps[0].Source == s.Source && s.Source != nil {
			groups[n-1].steps = append(groups[n-1].steps, s)
			continue
		}
		g := &stepGroup{steps: []*step{s}}
		for _, f := range depNodeFuncs {
			if node, ok := f(s.Source, drop); ok {
				g.node, g.known = node, true
				break
			}
		}
		groups = append(groups, g)
	}
	if len(groups) < 2 {
		return steps, nil
	}
	byKey := map[string][]int{}
	for i, g := range groups {
		for _, k := range g.node.Keys {
			byKey[k] = append(byKey[k], i)
		}
	}
	// before[i] lists the groups that must come before group i.
	before := make([][]int, len(groups))
	for i, g := range groups {
		for _, k := range g.node.Deps {
			for _, j := range byKey[k] {
				if j == i {
					continue
				}
				if drop {
					// j is used by i: i is dropped first.
					before[j] = append(before[j], i)
				} else {
					before[i] = append(before[i], j)
				}
			}
		}
	}
	for i := range before {
		slices.Sort(before[i])
		before[i] = slices.Compact(before[i])
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(groups))
	var out []*step
	var path []int
	var visit func(i int) error
	visit = func(i int) error {
		state[i] = visiting
		path = append(path, i)
		for _, j := range before[i] {
			switch state[j] {
			case unvisited:
				if err := visit(j); err != nil {
					return err
				}
			case visiting:
				return cycleError(groups, path, j)
			}
		}
		path = path[:len(path)-1]
		state[i] = done
		out = append(out, groups[i].steps...)
		return nil
	}
	for i := range groups {
		if state[i] == unvisited {
			if err := visit(i); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// cycleError names the objects of the dependency cycle that ends at group j.
func cycleError(groups []*stepGroup, path []int, j int) error {
	start := slices.Index(path, j)
	var names []string
	for _, i := range path[start:] {
		names = append(names, groupName(groups[i]))
	}
	names = append(names, groupName(groups[j]))
	return fmt.Errorf("plan: these objects depend on each other in a cycle, so no order can create them: %s",
		strings.Join(names, " -> "))
}

func groupName(g *stepGroup) string {
	if len(g.node.Keys) > 0 {
		return g.node.Keys[0]
	}
	return g.steps[0].Comment
}
