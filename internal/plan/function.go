package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/schema"
)

func init() { depNodeFuncs = append(depNodeFuncs, functionDepNode) }

// functionChange plans the changes of functions and procedures.
//
// A function that uses no relation (its argument and result types are
// base types, enums, domains or composites, and a SQL-standard body names
// no table or view) is created in phFunction, before the tables whose
// defaults, checks, generated columns and indexes may call it; one that
// uses a relation is created in phView, sorted with the views. A dropped
// function goes in phDropFunction when it uses a relation (before the
// relation is dropped), and otherwise late, in phDropSequence, once the
// tables and columns whose defaults call it are gone (and before the types
// its arguments use).
func (b *builder) functionChange(c diff.Change) error {
	switch c := c.(type) {
	case *diff.CreateFunction:
		what := "create " + functionWhat(c.Function)
		if c.Reason != "" {
			what = "recreate " + functionWhat(c.Function) + ": " + c.Reason
		}
		b.add(b.functionPhase(c.Function), c, what, createFunctionSQL(c.Function, false))
		b.functionComment(c, c.Function, c.Function.Comment)
	case *diff.DropFunction:
		ph := phDropSequence
		if b.functionPhase(c.Function) == phView {
			ph = phDropFunction
		}
		b.add(ph, c, "drop "+functionWhat(c.Function), "DROP "+functionTarget(c.Function))
	case *diff.ReplaceFunction:
		b.add(b.functionPhase(c.To), c, "replace "+functionWhat(c.To)+" (CREATE OR REPLACE keeps its signature and result type)",
			createFunctionSQL(c.To, true))
	case *diff.AlterFunction:
		b.add(b.functionPhase(c.To), c, "alter the settings of "+functionWhat(c.To), alterFunctionSQL(c.From, c.To))
	case *diff.RecreateFunction:
		ph := b.functionPhase(c.To)
		because := functionWhat(c.From) + " is dropped and created again: " + c.Reason
		for _, col := range c.OldDefaults {
			q := b.current(col.Table.QualifiedName())
			b.add(ph, c, "drop the default of column "+q.String()+"."+ident(col.Name)+" first, which the table's new default replaces: "+because,
				"ALTER TABLE "+qname(q)+" ALTER COLUMN "+ident(col.Name)+" DROP DEFAULT")
		}
		for _, col := range c.Defaults {
			q := col.Table.QualifiedName()
			b.add(ph, c, "drop the default of column "+q.String()+"."+ident(col.Name)+" first: "+because,
				"ALTER TABLE "+qname(q)+" ALTER COLUMN "+ident(col.Name)+" DROP DEFAULT")
		}
		b.add(ph, c, "drop "+functionWhat(c.From)+" first: "+c.Reason, "DROP "+functionTarget(c.From))
		b.add(ph, c, "recreate "+functionWhat(c.To)+": "+c.Reason, createFunctionSQL(c.To, false))
		for _, col := range c.Defaults {
			q := col.Table.QualifiedName()
			b.add(ph, c, "set the default of column "+q.String()+"."+ident(col.Name)+" again: "+because,
				"ALTER TABLE "+qname(q)+" ALTER COLUMN "+ident(col.Name)+" SET DEFAULT "+string(col.Default))
		}
		b.functionComment(c, c.To, c.To.Comment)
	case *diff.CommentOnFunction:
		b.add(phComment, c, "comment on "+functionWhat(c.Function), commentFunctionSQL(c.Function, c.Comment))
	default:
		return fmt.Errorf("plan: unexpected function change %T", c)
	}
	return nil
}

// functionComment adds COMMENT ON for a created function that has one.
func (b *builder) functionComment(src diff.Change, f *schema.Function, comment string) {
	if comment != "" {
		b.add(phComment, src, "comment on "+functionWhat(f), commentFunctionSQL(f, comment))
	}
}

// functionPhase returns the phase that creates f.
func (b *builder) functionPhase(f *schema.Function) phase {
	if ph, ok := b.functionPhases[f]; ok {
		return ph
	}
	return phFunction
}

// functionWhat names a function for a statement's comment:
// `function public.add(integer, integer)`.
func functionWhat(f *schema.Function) string { return string(f.Kind()) + " " + f.Signature() }

// functionTarget is what DROP, ALTER and COMMENT ON name:
// `FUNCTION public.add(integer, integer)`.
func functionTarget(f *schema.Function) string {
	kw := "FUNCTION "
	if f.Procedure {
		kw = "PROCEDURE "
	}
	return kw + qname(f.QualifiedName()) + "(" + f.IdentityArgs() + ")"
}

func commentFunctionSQL(f *schema.Function, comment string) string {
	val := "NULL"
	if comment != "" {
		val = literal(comment)
	}
	return "COMMENT ON " + functionTarget(f) + " IS " + val
}

// createFunctionSQL renders CREATE [OR REPLACE] FUNCTION (or PROCEDURE).
func createFunctionSQL(f *schema.Function, orReplace bool) string {
	var sb strings.Builder
	sb.WriteString("CREATE ")
	if orReplace {
		sb.WriteString("OR REPLACE ")
	}
	if f.Procedure {
		sb.WriteString("PROCEDURE ")
	} else {
		sb.WriteString("FUNCTION ")
	}
	sb.WriteString(qname(f.QualifiedName()))
	sb.WriteString("(")
	first := true
	for _, a := range f.Args {
		if a.Mode == schema.ArgTable {
			continue // part of RETURNS TABLE (...)
		}
		if !first {
			sb.WriteString(", ")
		}
		first = false
		if a.Mode != "" && a.Mode != schema.ArgIn {
			sb.WriteString(strings.ToUpper(a.Mode) + " ")
		}
		if a.Name != "" {
			sb.WriteString(ident(a.Name) + " ")
		}
		sb.WriteString(a.Type)
		if a.Default != "" {
			sb.WriteString(" DEFAULT " + string(a.Default))
		}
	}
	sb.WriteString(")")
	if !f.Procedure && f.Returns != "" {
		sb.WriteString("\n RETURNS " + f.Returns)
	}
	lang := f.Language
	if lang == "" {
		lang = "sql"
	}
	sb.WriteString("\n LANGUAGE " + ident(strings.ToLower(lang)))
	if f.Window {
		sb.WriteString(" WINDOW")
	}
	if !f.Procedure {
		if v := strings.ToUpper(f.Volatility); v != "" && v != schema.Volatile {
			sb.WriteString(" " + v)
		}
		if f.Leakproof {
			sb.WriteString(" LEAKPROOF")
		}
		if f.Strict {
			sb.WriteString(" STRICT")
		}
	}
	if f.SecurityDefiner {
		sb.WriteString(" SECURITY DEFINER")
	}
	if !f.Procedure {
		if p := strings.ToUpper(f.Parallel); p != "" && p != schema.ParallelUnsafe {
			sb.WriteString(" PARALLEL " + p)
		}
		if f.Cost != nil {
			sb.WriteString(" COST " + formatFloat(*f.Cost))
		}
		if f.Rows != nil {
			sb.WriteString(" ROWS " + formatFloat(*f.Rows))
		}
	}
	for _, c := range f.Config {
		sb.WriteString("\n " + configSQL(c))
	}
	if f.SQLBody != "" {
		sb.WriteString("\n" + f.SQLBody)
	} else {
		sb.WriteString("\nAS " + dollarQuote(f.Body))
	}
	return sb.String()
}

// alterFunctionSQL renders the ALTER FUNCTION that turns the settings of
// from into those of to (diff.AlterFunction: nothing else differs).
func alterFunctionSQL(from, to *schema.Function) string {
	var acts []string
	if v, w := orVolatile(from.Volatility), orVolatile(to.Volatility); v != w {
		acts = append(acts, w)
	}
	if from.Strict != to.Strict {
		acts = append(acts, map[bool]string{true: "STRICT", false: "CALLED ON NULL INPUT"}[to.Strict])
	}
	if from.SecurityDefiner != to.SecurityDefiner {
		acts = append(acts, map[bool]string{true: "SECURITY DEFINER", false: "SECURITY INVOKER"}[to.SecurityDefiner])
	}
	if from.Leakproof != to.Leakproof {
		acts = append(acts, map[bool]string{true: "LEAKPROOF", false: "NOT LEAKPROOF"}[to.Leakproof])
	}
	if p, q := orUnsafe(from.Parallel), orUnsafe(to.Parallel); p != q {
		acts = append(acts, "PARALLEL "+q)
	}
	if !equalFloat(from.Cost, to.Cost) {
		cost := 100.0
		if l := strings.ToLower(to.Language); l == "c" || l == "internal" {
			cost = 1
		}
		if to.Cost != nil {
			cost = *to.Cost
		}
		acts = append(acts, "COST "+formatFloat(cost))
	}
	if !equalFloat(from.Rows, to.Rows) {
		rows := 1000.0
		if to.Rows != nil {
			rows = *to.Rows
		}
		acts = append(acts, "ROWS "+formatFloat(rows))
	}
	if !equalConfig(from.Config, to.Config) {
		// RESET ALL then SET in order keeps the order of the desired
		// state, which proconfig records.
		acts = append(acts, "RESET ALL")
		for _, c := range to.Config {
			acts = append(acts, configSQL(c))
		}
	}
	return "ALTER " + functionTarget(to) + " " + strings.Join(acts, " ")
}

func orVolatile(v string) string {
	if v == "" {
		return schema.Volatile
	}
	return strings.ToUpper(v)
}

func orUnsafe(p string) string {
	if p == "" {
		return schema.ParallelUnsafe
	}
	return strings.ToUpper(p)
}

func equalFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func equalConfig(a, b []schema.ConfigParam) bool {
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

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// plainGUC matches a setting name that needs no quoting (custom settings
// have a dot: app.tenant).
var plainGUC = regexp.MustCompile(`^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?$`)

// listElement matches one element of a list setting as proconfig stores
// it: an identifier, or a double-quoted one.
var listElement = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")*")$`)

// configSQL renders a SET clause. proconfig stores search_path (and the
// other list settings) as the list PostgreSQL prints, with double-quoted
// elements where needed: written back as it is, it is read as the same
// list. Other values are quoted as literals.
func configSQL(c schema.ConfigParam) string {
	name := c.Name
	if !plainGUC.MatchString(name) {
		name = ident(name)
	}
	if c.Name == "search_path" || c.Name == "temp_tablespaces" {
		if c.Value == `""` || c.Value == "" {
			return "SET " + name + " TO ''"
		}
		elems := strings.Split(c.Value, ", ")
		ok := true
		for _, e := range elems {
			ok = ok && listElement.MatchString(e)
		}
		if ok {
			return "SET " + name + " TO " + c.Value
		}
	}
	return "SET " + name + " TO " + literal(c.Value)
}

// dollarQuote quotes a function body with a dollar tag that the body does
// not contain.
func dollarQuote(body string) string {
	tag := "$function$"
	for i := 1; strings.Contains(body, tag); i++ {
		tag = "$function" + strconv.Itoa(i) + "$"
	}
	return tag + body + tag
}

// placeFunctions decides where the functions of changes are created (see
// functionChange): in phView those whose argument or result types, or
// SQL-standard bodies, use a table, view or materialized view, or a
// function that does; in phSequence, before the types, those that a
// created domain's check or default calls and that use no type the plan
// creates; in phFunction the others. An inspected function says what it
// uses (DependsOn); one decoded from HCL does not, and its types and body
// are matched against the relations the plan creates.
func placeFunctions(changes []diff.Change) map[*schema.Function]phase {
	relations := map[string]bool{}
	types := map[string]bool{}
	var domains []*schema.Domain
	var fns []*schema.Function
	for _, c := range changes {
		switch c := c.(type) {
		case *diff.CreateTable:
			relations[relationKey(c.Table.QualifiedName())] = true
		case *diff.CreateView:
			relations[relationKey(c.View.QualifiedName())] = true
		case *diff.CreateEnum:
			types[c.Enum.QualifiedName().String()] = true
		case *diff.CreateDomain:
			types[c.Domain.QualifiedName().String()] = true
			domains = append(domains, c.Domain)
		case *diff.CreateComposite:
			types[c.Composite.QualifiedName().String()] = true
		case *diff.CreateFunction:
			fns = append(fns, c.Function)
		case *diff.DropFunction:
			fns = append(fns, c.Function)
		case *diff.ReplaceFunction:
			fns = append(fns, c.To)
		case *diff.AlterFunction:
			fns = append(fns, c.To)
		case *diff.RecreateFunction:
			fns = append(fns, c.From, c.To)
		}
	}
	out := map[*schema.Function]phase{}
	deps := map[*schema.Function][]string{}
	for _, f := range fns {
		deps[f] = FunctionDeps(f)
		for _, k := range deps[f] {
			if relations[k] || (strings.HasPrefix(k, "relation ") && f.DependsOn != nil) {
				out[f] = phView
			}
		}
	}
	// A function that calls one created after relations comes after them.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			if out[f] == phView {
				continue
			}
			for _, k := range deps[f] {
				for _, g := range fns {
					if out[g] == phView && functionKey(g.Schema.Name, g.Name) == k {
						out[f], changed = phView, true
					}
				}
			}
		}
	}
	for _, f := range fns {
		if _, ok := out[f]; ok || !calledByDomain(f, domains) || usesTypes(f, types) {
			continue
		}
		out[f] = phSequence
	}
	return out
}

// calledByDomain reports whether a check or the default of one of domains
// calls f, by its qualified name or, in text decoded from HCL, by its
// bare name.
func calledByDomain(f *schema.Function, domains []*schema.Domain) bool {
	calls := exprCalls(f)
	for _, d := range domains {
		if calls(string(d.Default)) {
			return true
		}
		for _, c := range d.Checks {
			if calls(string(c.Expr)) {
				return true
			}
		}
	}
	return false
}

// exprCalls returns a test of whether SQL text calls f, by its qualified
// name or, in text decoded from HCL, by its bare name.
func exprCalls(f *schema.Function) func(string) bool {
	bare := regexp.MustCompile(`(^|[^A-Za-z0-9_$."])` + regexp.QuoteMeta(f.Name) + `\s*\(`)
	return func(e string) bool {
		return diff.CallsFunction(e, f) || (bare.MatchString(e) && schema.QuoteIdent(f.Name) == f.Name)
	}
}

// late returns the phase after phView that stands for ph (phAlterTable,
// phIndex or phValidateCheck) when text calls a function that the plan
// creates in phView; ph otherwise.
func (b *builder) late(ph phase, text string) phase {
	for _, calls := range b.callsLate {
		if calls(text) {
			switch ph {
			case phAlterTable, phCreateTable:
				return phLateConstraint
			case phIndex:
				return phLateIndex
			case phValidateCheck:
				return phLateValidate
			}
		}
	}
	return ph
}

// usesTypes reports whether an argument or the result of f has one of
// types (qualified names), or an array of one.
func usesTypes(f *schema.Function, types map[string]bool) bool {
	if len(types) == 0 {
		return false
	}
	ts := []string{strings.TrimPrefix(f.Returns, "SETOF ")}
	for _, a := range f.Args {
		ts = append(ts, a.Type)
	}
	for _, t := range ts {
		base := diff.BaseType(t)
		if types[base] || types["public."+base] || (f.Schema != nil && types[f.Schema.Name+"."+base]) {
			return true
		}
	}
	return false
}

// FunctionDeps returns the dependency keys (see relationKey and
// functionKey) of what function f uses: from its DependsOn when a database
// described it, and otherwise from the types of its arguments and result,
// the functions its argument defaults call and the relations and functions
// its SQL-standard body names.
func FunctionDeps(f *schema.Function) []string {
	var deps []string
	for _, r := range f.DependsOn {
		if r.Kind == schema.KindType {
			continue
		}
		if k := refKey(r); k != "" {
			deps = append(deps, k)
		}
	}
	if f.DependsOn != nil && f.DeclRange.Filename == "" {
		return deps
	}
	own := f.Schema.Name
	typeKeys := func(t string) {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "SETOF "))
		name, _, _, ok := effect.TypeName(t)
		if !ok {
			return
		}
		sch, rel, found := strings.Cut(name, ".")
		if !found {
			sch, rel = "", name
		}
		for _, s := range candidateSchemas(sch, own) {
			deps = append(deps, relationKey(schema.QualifiedName{Schema: s, Name: rel}))
		}
	}
	for _, a := range f.Args {
		typeKeys(a.Type)
	}
	if !strings.HasPrefix(f.Returns, "TABLE(") {
		typeKeys(f.Returns)
	}
	// Argument defaults are analysed at creation: the functions they
	// call must exist.
	for _, a := range f.Args {
		if a.Default == "" {
			continue
		}
		if _, funcs, err := effect.QueryNames("SELECT " + string(a.Default)); err == nil {
			for _, n := range funcs {
				for _, s := range candidateSchemas(n.Schema, own) {
					deps = append(deps, functionKey(s, n.Name))
				}
			}
		}
	}
	if f.SQLBody != "" {
		// The body parses as part of a CREATE FUNCTION statement only.
		rels, funcs, err := effect.QueryNames("CREATE FUNCTION pg_temp.f() RETURNS void LANGUAGE sql\n" + f.SQLBody)
		if err == nil {
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
		}
	}
	return deps
}

// functionDepNode describes function changes to the dependency sort of
// phView and phDropView.
func functionDepNode(c diff.Change, drop bool) (depNode, bool) {
	var f *schema.Function
	switch c := c.(type) {
	case *diff.CreateFunction:
		f = c.Function
	case *diff.DropFunction:
		f = c.Function
	case *diff.ReplaceFunction:
		f = c.To
	case *diff.AlterFunction:
		f = c.To
	case *diff.RecreateFunction:
		f = c.To
		if drop {
			f = c.From
		}
	default:
		return depNode{}, false
	}
	return depNode{Keys: []string{functionKey(f.Schema.Name, f.Name)}, Deps: FunctionDeps(f)}, true
}

// uncheckBodies puts SET check_function_bodies = off before the first
// statement that creates a function when a SQL function with a string body
// (prosrc) names a table or view that the plan creates after it:
// PostgreSQL parses and analyses such a body at creation and would refuse
// it. pg_dump does the same. Otherwise bodies stay checked, so that a
// mistake in one is reported where the function is declared. BEGIN ATOMIC
// and RETURN bodies are always analysed at creation: their functions are
// ordered after what they use.
func uncheckBodies(steps []*step) []*step {
	created := map[string]int{} // relation key -> index of its CREATE
	for i, s := range steps {
		var q schema.QualifiedName
		switch c := s.Source.(type) {
		case *diff.CreateTable:
			q = c.Table.QualifiedName()
		case *diff.CreateView:
			q = c.View.QualifiedName()
		case *diff.RecreateView:
			q = c.To.QualifiedName()
		default:
			continue
		}
		if _, ok := created[relationKey(q)]; !ok && strings.HasPrefix(s.SQL, "CREATE ") {
			created[relationKey(q)] = i
		}
	}
	first, needed := -1, false
	for i, s := range steps {
		var f *schema.Function
		switch c := s.Source.(type) {
		case *diff.CreateFunction:
			f = c.Function
		case *diff.ReplaceFunction:
			f = c.To
		case *diff.RecreateFunction:
			f = c.To
		default:
			continue
		}
		if !strings.HasPrefix(s.SQL, "CREATE ") {
			continue // the DROP or defaults of a RecreateFunction
		}
		if first < 0 {
			first = i
		}
		if strings.EqualFold(f.Language, "sql") && f.SQLBody == "" && namesLaterRelation(f, created, i) {
			needed = true
		}
	}
	if !needed {
		return steps
	}
	set := &step{Statement: Statement{
		SQL:           "SET check_function_bodies = off",
		Comment:       "do not check function bodies at creation: a SQL function names a table or view created after it",
		Transactional: true,
	}}
	out := make([]*step, 0, len(steps)+1)
	out = append(out, steps[:first]...)
	out = append(out, set)
	return append(out, steps[first:]...)
}

// namesLaterRelation reports whether the string body of SQL function f,
// created by step at, names a relation that created says a later step
// creates. A body that does not parse names none: PostgreSQL then reports
// the syntax error at the function's declaration.
func namesLaterRelation(f *schema.Function, created map[string]int, at int) bool {
	rels, _, err := effect.QueryNames(f.Body)
	if err != nil {
		return false
	}
	for _, n := range rels {
		for _, s := range candidateSchemas(n.Schema, f.Schema.Name) {
			if i, ok := created[relationKey(schema.QualifiedName{Schema: s, Name: n.Name})]; ok && i > at {
				return true
			}
		}
	}
	return false
}

// sortFunctions orders phFunction so that a function comes after the
// functions its SQL-standard body or argument defaults call, which
// PostgreSQL checks at creation, and the phases that drop functions
// (phDropFunction, and phDropSequence for those that use no relation) so
// that a function is dropped before the functions it calls. (phView and
// phDropView are sorted with the views.)
func (b *builder) sortFunctions() error {
	for _, ph := range []struct {
		phase phase
		drop  bool
	}{{phSequence, false}, {phFunction, false}, {phDropFunction, true}, {phDropSequence, true}} {
		sorted, err := sortByDeps(b.phases[ph.phase], ph.drop)
		if err != nil {
			return err
		}
		b.phases[ph.phase] = sorted
	}
	for _, ph := range []phase{phSequence, phFunction, phView} {
		b.phases[ph] = recreateDropsFirst(b.phases[ph])
	}
	return nil
}

// recreateDropsFirst moves the drops of the functions a phase recreates
// (and of the defaults that call them) before everything else of the
// phase, callers before the functions they call: in dependency order, a
// function's DROP would come after its creation but before its callers'
// DROP, which PostgreSQL refuses while they exist.
func recreateDropsFirst(steps []*step) []*step {
	var defaults, drops, rest []*step
	for _, s := range steps {
		if _, ok := s.Source.(*diff.RecreateFunction); ok {
			switch {
			case strings.HasPrefix(s.SQL, "ALTER TABLE ") && strings.HasSuffix(s.SQL, " DROP DEFAULT"):
				defaults = append(defaults, s)
				continue
			case strings.HasPrefix(s.SQL, "DROP "):
				drops = append(drops, s)
				continue
			}
		}
		rest = append(rest, s)
	}
	if len(drops) == 0 {
		return steps
	}
	slices.Reverse(drops)
	return append(append(defaults, drops...), rest...)
}

// TriggersExecuting implements effect.FunctionCatalog: the triggers of the
// realm before the plan that execute the function called fn, so that the
// effect of a DROP FUNCTION names them.
func (c *catalog) TriggersExecuting(fn effect.Name) []string {
	var out []string
	for _, t := range c.tables {
		for _, tr := range t.Triggers {
			if tr.Function.Schema == fn.Schema && tr.Function.Name == fn.Name {
				out = append(out, schema.QuoteIdent(tr.Name)+" on "+t.QualifiedName().String())
			}
		}
	}
	slices.Sort(out)
	return out
}
