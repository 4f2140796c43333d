package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A snippet is one HCL document cut out of Atlas's unit tests or docs.
type snippet struct {
	name string
	text string
}

// extractUnit cuts the HCL documents out of Atlas's
// sql/postgres/sqlspec_test.go: every raw string literal that holds a
// schema document (the HCL the tests load, and the HCL they expect the
// marshaller to write), the format strings of table-driven tests filled
// with each value the test passes, and TestTypes as one document with a
// column per type. Literals inside t.Run("Invalid", ...) are what Atlas
// expects to be rejected and are left out. A document whose text another
// one already has is kept once.
func extractUnit(path string) ([]snippet, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return nil, err
	}
	var out []snippet
	seen := map[string]string{}
	add := func(name, text string) {
		text = strings.TrimLeft(text, "\n")
		if prev, ok := seen[text]; ok {
			fmt.Fprintf(os.Stderr, "atlascorpus: %s is the text of %s; kept once\n", name, prev)
			return
		}
		seen[text] = name
		out = append(out, snippet{name, text})
	}
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil {
			continue
		}
		base := strings.TrimPrefix(fn.Name.Name, "Test")
		if base == "Types" {
			docs, err := typesDocs(fn)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", fn.Name.Name, err)
			}
			for _, d := range docs {
				add(d.name, d.text)
			}
			continue
		}
		for _, lit := range functionLiterals(fn) {
			name := base
			if lit.subtest != "" {
				name += "-" + lit.subtest
			}
			if !strings.Contains(lit.text, "%s") {
				if isSchemaHCL(lit.text) {
					add(name, lit.text)
				}
				continue
			}
			// A format string: one document per value passed to it.
			for _, v := range lit.values {
				add(name+"-"+v, strings.ReplaceAll(lit.text, "%s", v))
			}
		}
	}
	// Several literals of one test get a number each, in source order.
	count := map[string]int{}
	for _, s := range out {
		count[s.name]++
	}
	index := map[string]int{}
	for i, s := range out {
		if count[s.name] > 1 {
			index[s.name]++
			out[i].name = fmt.Sprintf("%s-%d", s.name, index[s.name])
		}
	}
	return out, nil
}

var schemaHCLRE = regexp.MustCompile(`(?m)^\s*(schema|table)\s+"`)

func isSchemaHCL(s string) bool { return schemaHCLRE.MatchString(s) }

// A literal is a raw string of a test function, with the subtest it sits
// in and, for a format string, the values the test fills it with.
type literal struct {
	text, subtest string
	values        []string
}

func functionLiterals(fn *ast.FuncDecl) []*literal {
	var (
		lits   []*literal
		byName = map[string]*literal{} // variable name -> its format literal
	)
	var walk func(n ast.Node, subtest string)
	walk = func(n ast.Node, subtest string) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if name, body, ok := tRun(n); ok {
					if name != "Invalid" {
						walk(body, name)
					}
					return false
				}
				if isSprintf(n) && len(n.Args) == 2 {
					id, ok1 := n.Args[0].(*ast.Ident)
					v, ok2 := stringLit(n.Args[1])
					if ok1 && ok2 && byName[id.Name] != nil && subtest != "Invalid" {
						byName[id.Name].values = append(byName[id.Name].values, v)
					}
				}
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if s, ok := rawLit(rhs); ok && i < len(n.Lhs) {
						l := &literal{text: s, subtest: subtest}
						lits = append(lits, l)
						if id, ok := n.Lhs[i].(*ast.Ident); ok && strings.Contains(s, "%s") {
							byName[id.Name] = l
						}
					}
				}
				return true
			case *ast.ValueSpec:
				for i, v := range n.Values {
					if s, ok := rawLit(v); ok && i < len(n.Names) {
						l := &literal{text: s, subtest: subtest}
						lits = append(lits, l)
						if strings.Contains(s, "%s") {
							byName[n.Names[i].Name] = l
						}
					}
				}
				return true
			case *ast.BasicLit:
				if s, ok := rawLit(n); ok {
					lits = append(lits, &literal{text: s, subtest: subtest})
				}
			}
			return true
		})
	}
	walk(fn.Body, "")
	// A literal bound to a variable was seen both as the assignment and
	// as the bare literal under it: keep one.
	var out []*literal
	seen := map[*literal]bool{}
	texts := map[string]bool{}
	for _, l := range lits {
		if seen[l] {
			continue
		}
		seen[l] = true
		key := l.subtest + "\x00" + l.text
		if texts[key] && len(l.values) == 0 {
			continue
		}
		texts[key] = true
		out = append(out, l)
	}
	return out
}

// tRun recognises t.Run("name", func(...) {...}).
func tRun(c *ast.CallExpr) (string, ast.Node, bool) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Run" || len(c.Args) != 2 {
		return "", nil, false
	}
	name, ok := stringLit(c.Args[0])
	if !ok {
		return "", nil, false
	}
	fl, ok := c.Args[1].(*ast.FuncLit)
	if !ok {
		return "", nil, false
	}
	return name, fl.Body, true
}

func isSprintf(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "fmt" && sel.Sel.Name == "Sprintf"
}

func rawLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING || !strings.HasPrefix(b.Value, "`") {
		return "", false
	}
	return b.Value[1 : len(b.Value)-1], true
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

// typesDocs turns TestTypes (a document template and a table of type
// expressions) into one document with a column per type expression, and
// a document of its own for each type that is not PostgreSQL's own (the
// test's hstore, an extension type), so that one missing extension does
// not hide the other types.
func typesDocs(fn *ast.FuncDecl) ([]snippet, error) {
	var exprs []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "typeExpr" {
			if s, ok := stringLit(kv.Value); ok {
				exprs = append(exprs, s)
			}
		}
		return true
	})
	if len(exprs) == 0 {
		return nil, fmt.Errorf("no typeExpr cases")
	}
	var columns, apart []string
	for _, e := range exprs {
		if extensionTypes[e] {
			apart = append(apart, e)
			continue
		}
		columns = append(columns, e)
	}
	doc := func(types []string) string {
		var b strings.Builder
		b.WriteString("table \"test\" {\n\tschema = schema.test\n")
		for i, t := range types {
			fmt.Fprintf(&b, "\tcolumn \"c%d\" {\n\t\tnull = false\n\t\ttype = %s\n\t}\n", i+1, t)
		}
		b.WriteString("}\nschema \"test\" {\n}\n")
		return b.String()
	}
	out := []snippet{{"Types", fmt.Sprintf("# The %d cases of TestTypes, a column each.\n", len(columns)) + doc(columns)}}
	for _, e := range apart {
		out = append(out, snippet{"Types-" + e, doc([]string{e})})
	}
	return out, nil
}

// extensionTypes are the type expressions of TestTypes that name types of
// extensions rather than of PostgreSQL itself.
var extensionTypes = map[string]bool{"hstore": true}

// writeSnippets writes each snippet to dir/NAME.hcl, with the first lines
// that rules[NAME] gives (the markers load reads), and removes the .hcl
// files of dir that are no longer cut.
func writeSnippets(dir string, snippets []snippet, rules map[string]rule) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	keep := map[string]bool{}
	used := map[string]bool{}
	for _, s := range snippets {
		r := rules[s.name]
		used[s.name] = true
		path := filepath.Join(dir, s.name+".hcl")
		keep[path] = true
		if err := os.WriteFile(path, []byte(r.apply(s.text)), 0o644); err != nil {
			return err
		}
	}
	for _, p := range old {
		if !keep[p] {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	var unused []string
	for name := range rules {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		return fmt.Errorf("rules for documents that were not cut (another version of the source?): %s", strings.Join(unused, ", "))
	}
	return nil
}
