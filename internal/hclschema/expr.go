package hclschema

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/schemactl/schemactl/schema"
)

// requiredSQLText reads a mandatory SQL text attribute, such as the expr of
// a check.
func requiredSQLText(attr *hcl.Attribute, owner hcl.Range, what, example string) (string, hcl.Diagnostics) {
	if attr == nil {
		return "", hcl.Diagnostics{diagError(owner, "Missing expression", "%s needs an expression: %s.", what, example)}
	}
	return decodeSQLText(attr.Expr, "The expression of "+strings.ToLower(what[:1])+what[1:])
}

// collation turns the collate attribute into the catalog's spelling: "C"
// is the collation "C", quoted.
func collation(s string) string {
	if s == "" {
		return ""
	}
	return sqlObjectName(s)
}

// The HCL of schemactl is never evaluated as a whole: bare words such as
// bigint, CASCADE or column.id are not variables but parts of the language.
// These helpers read the hclsyntax expression tree instead, and every
// mistake they find is a diagnostic on the offending expression.

// maxNameLen is the longest identifier PostgreSQL keeps (NAMEDATALEN - 1);
// it truncates longer names, so a longer name would never compare equal to
// the catalog's.
const maxNameLen = 63

func diagError(rng hcl.Range, summary, format string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  rng.Ptr(),
	}
}

// posString prints where a range starts, as file:line:col.
func posString(rng hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", rng.Filename, rng.Start.Line, rng.Start.Column)
}

// checkName reports an empty or too long name of a kind of object.
func checkName(kind, name string, rng hcl.Range) hcl.Diagnostics {
	switch {
	case name == "":
		return hcl.Diagnostics{diagError(rng, "Empty name", "A %s needs a name.", kind)}
	case len(name) > maxNameLen:
		return hcl.Diagnostics{diagError(rng, "Name too long",
			"The name of %s %q is %d bytes long; PostgreSQL truncates names to %d bytes.",
			kind, name, len(name), maxNameLen)}
	case !utf8.ValidString(name) || strings.ContainsRune(name, 0):
		return hcl.Diagnostics{diagError(rng, "Invalid name", "The name of a %s must be valid UTF-8 without NUL characters.", kind)}
	}
	return nil
}

func unparen(expr hcl.Expression) hcl.Expression {
	for {
		p, ok := expr.(*hclsyntax.ParenthesesExpr)
		if !ok {
			return expr
		}
		expr = p.Expression
	}
}

// isNull reports whether expr is the literal null.
func isNull(expr hcl.Expression) bool {
	lit, ok := unparen(expr).(*hclsyntax.LiteralValueExpr)
	return ok && lit.Val.IsNull()
}

// sqlCall returns the text of sql("..."), and false when expr is no call of
// sql. A call of sql with anything but one constant string is an error.
func sqlCall(expr hcl.Expression) (string, bool, hcl.Diagnostics) {
	call, ok := unparen(expr).(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "sql" {
		return "", false, nil
	}
	if len(call.Args) != 1 || call.ExpandFinal {
		return "", true, hcl.Diagnostics{diagError(call.Range(), "Invalid sql call",
			`The sql function takes exactly one string: sql("now()").`)}
	}
	s, diags := constString(call.Args[0], "The argument of sql")
	return s, true, diags
}

// constString evaluates expr, which must be a constant string.
func constString(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return "", diags
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			"%s must be a string.", what)}
	}
	return v.AsString(), nil
}

// constInt evaluates expr, which must be a whole number that fits in int64.
func constInt(expr hcl.Expression, what string) (int64, hcl.Diagnostics) {
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return 0, diags
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return 0, hcl.Diagnostics{diagError(expr.Range(), "Invalid value", "%s must be a whole number.", what)}
	}
	n, acc := v.AsBigFloat().Int64()
	if acc != big.Exact {
		return 0, hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			"%s must be a whole number between %d and %d.", what, int64(-1<<63), int64(1<<63-1))}
	}
	return n, nil
}

// numberText prints an HCL number as SQL numeric text: the shortest decimal
// that reads back as the same number. It refuses numbers too large to spell.
func numberText(f *big.Float) (string, bool) {
	if f.IsInf() {
		return "", false
	}
	if exp := f.MantExp(nil); exp > 1024 || exp < -1024 {
		return "", false
	}
	if f.IsInt() {
		return f.Text('f', 0), true
	}
	return f.Text('f', -1), true
}

// literalSQL turns a literal HCL value into SQL: a string becomes a quoted
// literal, a number and a bool stay as they are written.
func literalSQL(v cty.Value, rng hcl.Range, what string) (string, hcl.Diagnostics) {
	if !v.IsKnown() || v.IsNull() {
		return "", hcl.Diagnostics{diagError(rng, "Invalid value", "%s must not be null.", what)}
	}
	switch v.Type() {
	case cty.String:
		return schema.QuoteLiteral(v.AsString()), nil
	case cty.Bool:
		if v.True() {
			return "true", nil
		}
		return "false", nil
	case cty.Number:
		if s, ok := numberText(v.AsBigFloat()); ok {
			return s, nil
		}
		return "", hcl.Diagnostics{diagError(rng, "Invalid value", "%s is a number too large to write in SQL.", what)}
	}
	return "", hcl.Diagnostics{diagError(rng, "Invalid value",
		`%s must be a string, a number, a bool or sql("...").`, what)}
}

// decodeExpr reads an SQL value: sql("...") is taken verbatim and a literal
// string, number or bool becomes its SQL spelling. It returns "" for null.
func decodeExpr(expr hcl.Expression, what string) (schema.Expr, hcl.Diagnostics) {
	if isNull(expr) {
		return "", nil
	}
	if s, ok, diags := sqlCall(expr); ok {
		if !diags.HasErrors() && strings.TrimSpace(s) == "" {
			diags = append(diags, diagError(expr.Range(), "Empty expression", "%s must not be empty.", what))
		}
		return schema.Expr(s), diags
	}
	switch unparen(expr).(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateExpr, *hclsyntax.UnaryOpExpr:
	default:
		return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			`%s must be a string, a number, a bool or sql("..."), e.g. sql("now()").`, what)}
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return "", diags
	}
	s, diags := literalSQL(v, expr.Range(), what)
	return schema.Expr(s), diags
}

// decodeSQLText reads SQL text written as a string or as sql("..."): check
// expressions, index predicates, partition bounds.
func decodeSQLText(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	s, ok, diags := sqlCall(expr)
	if !ok {
		s, diags = constString(expr, what)
	}
	if !diags.HasErrors() && strings.TrimSpace(s) == "" {
		diags = append(diags, diagError(expr.Range(), "Empty expression", "%s must not be empty.", what))
	}
	return s, diags
}

// A reference is a traversal such as column.id, table.users.column.id or
// enum.public.status, split into its names.
type reference struct {
	names []string
	rng   hcl.Range
}

func (r reference) String() string {
	var b strings.Builder
	for i, n := range r.names {
		switch {
		case i == 0:
			b.WriteString(n)
		case hclsyntax.ValidIdentifier(n):
			b.WriteString("." + n)
		default:
			fmt.Fprintf(&b, "[%q]", n)
		}
	}
	return b.String()
}

// decodeReference reads a traversal; index steps must be constant strings:
// column["Mixed Case"].
func decodeReference(expr hcl.Expression, example string) (reference, hcl.Diagnostics) {
	r := reference{rng: expr.Range()}
	bad := hcl.Diagnostics{diagError(expr.Range(), "Invalid reference", "Expected a reference such as %s.", example)}
	if _, ok := unparen(expr).(*hclsyntax.ScopeTraversalExpr); !ok {
		return r, bad
	}
	trav, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() {
		return r, bad
	}
	for _, step := range trav {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			r.names = append(r.names, s.Name)
		case hcl.TraverseAttr:
			r.names = append(r.names, s.Name)
		case hcl.TraverseIndex:
			if !s.Key.IsKnown() || s.Key.IsNull() || s.Key.Type() != cty.String {
				return r, hcl.Diagnostics{diagError(s.SrcRange, "Invalid reference",
					`Names in brackets must be strings: column["Name"].`)}
			}
			r.names = append(r.names, s.Key.AsString())
		default:
			return r, bad
		}
	}
	return r, nil
}

// decodeReferenceList reads a list of references: [column.a, column.b].
func decodeReferenceList(expr hcl.Expression, example string) ([]reference, hcl.Diagnostics) {
	tuple, ok := unparen(expr).(*hclsyntax.TupleConsExpr)
	if !ok {
		return nil, hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			"Expected a list of references such as [%s].", example)}
	}
	var (
		refs  []reference
		diags hcl.Diagnostics
	)
	for _, e := range tuple.Exprs {
		r, more := decodeReference(e, example)
		diags = append(diags, more...)
		if !more.HasErrors() {
			refs = append(refs, r)
		}
	}
	return refs, diags
}

// decodeKeyword reads an option written as a bare word (CASCADE, SET_NULL)
// or a string, and returns it upper-cased with "_" turned into spaces when
// it is one of allowed, which are spelled the PostgreSQL way ("SET NULL").
func decodeKeyword(expr hcl.Expression, what string, allowed ...string) (string, hcl.Diagnostics) {
	word, diags := keyword(expr, what)
	if diags.HasErrors() {
		return "", diags
	}
	w := strings.ReplaceAll(strings.ToUpper(word), "_", " ")
	if slices.Contains(allowed, w) {
		return w, nil
	}
	spelled := make([]string, len(allowed))
	for i, a := range allowed {
		spelled[i] = strings.ReplaceAll(a, " ", "_")
	}
	detail := fmt.Sprintf("%s must be one of %s, not %s.", what, strings.Join(spelled, ", "), word)
	if s := suggest(strings.ToUpper(word), spelled); s != "" {
		detail += fmt.Sprintf(" Did you mean %s?", s)
	}
	return "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid option", Detail: detail, Subject: expr.Range().Ptr()}}
}

// keyword reads a bare word or a string, as written.
func keyword(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	switch e := unparen(expr).(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) == 1 {
			return e.Traversal.RootName(), nil
		}
	case *hclsyntax.TemplateExpr, *hclsyntax.LiteralValueExpr:
		s, diags := constString(expr, what)
		if !diags.HasErrors() && s == "" {
			diags = append(diags, diagError(expr.Range(), "Invalid value", "%s must not be empty.", what))
		}
		return s, diags
	}
	return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid value", "%s must be a bare word or a string.", what)}
}

// decodeParams reads storage or operator class parameters, an object such
// as { fillfactor = 70, deduplicate_items = false }, in the order written.
func decodeParams(expr hcl.Expression, what string) ([]schema.StorageParam, hcl.Diagnostics) {
	obj, ok := unparen(expr).(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, hcl.Diagnostics{diagError(expr.Range(), "Invalid value",
			"%s must be an object such as { fillfactor = 70 }.", what)}
	}
	var (
		params []schema.StorageParam
		diags  hcl.Diagnostics
		seen   = map[string]bool{}
	)
	for _, item := range obj.Items {
		k, more := item.KeyExpr.Value(nil)
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		if k.IsNull() || !k.IsKnown() || k.Type() != cty.String || k.AsString() == "" {
			diags = append(diags, diagError(item.KeyExpr.Range(), "Invalid value", "The names of %s must be non-empty strings.", what))
			continue
		}
		name := k.AsString()
		if seen[name] {
			diags = append(diags, diagError(item.KeyExpr.Range(), "Duplicate parameter", "%s sets %q twice.", what, name))
			continue
		}
		seen[name] = true
		v, more := item.ValueExpr.Value(nil)
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		var value string
		switch {
		case !v.IsKnown() || v.IsNull():
			diags = append(diags, diagError(item.ValueExpr.Range(), "Invalid value", "Parameter %q must not be null.", name))
			continue
		case v.Type() == cty.String:
			value = v.AsString()
		case v.Type() == cty.Bool || v.Type() == cty.Number:
			// Written bare, as PostgreSQL stores it in reloptions.
			s, more := literalSQL(v, item.ValueExpr.Range(), fmt.Sprintf("Parameter %q", name))
			if more.HasErrors() {
				diags = append(diags, more...)
				continue
			}
			value = s
		default:
			diags = append(diags, diagError(item.ValueExpr.Range(), "Invalid value",
				"Parameter %q must be a string, a number or a bool.", name))
			continue
		}
		params = append(params, schema.StorageParam{Name: name, Value: value})
	}
	return params, diags
}

// sqlObjectName turns the name of a collation or an operator class as
// written in HCL ("C", "en_US", "public.my_ops") into the spelling the
// catalog gives: each part quoted only where needed ("C", "en_US",
// public.my_ops), as QualifiedName.String does. Text that contains a double
// quote is taken as SQL already ("\"My Schema\".my_ops").
func sqlObjectName(s string) string {
	switch {
	case strings.Contains(s, `"`):
		return s
	case strings.Contains(s, "."):
		schemaName, name, _ := strings.Cut(s, ".")
		return schema.QualifiedName{Schema: schemaName, Name: name}.String()
	}
	return schema.QuoteIdent(s)
}

// hclObjectName is the inverse of sqlObjectName, for the encoder.
func hclObjectName(s string) string {
	plain := func(p string) bool { return p != "" && !strings.ContainsAny(p, `."`) }
	if q, ok := parseQualifiedName(s); ok && plain(q.Schema) && plain(q.Name) {
		return q.Schema + "." + q.Name
	}
	if name, ok := unquoteIdent(s); ok && plain(name) {
		return name
	}
	return s
}

// unquoteIdent reads one identifier as QuoteIdent writes it.
func unquoteIdent(s string) (string, bool) {
	if schema.IsBareIdent(s) {
		return s, true
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	name := strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	return name, schema.QuoteIdent(name) == s
}

// suggest returns the candidate closest to s, if one is close enough to be
// a likely typo.
func suggest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean formats suggest's answer for a diagnostic's detail.
func didYouMean(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" {
		return fmt.Sprintf(" Did you mean %q?", c)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		// Long names are never typos worth suggesting, and the quadratic
		// cost should not be paid on them.
		if a == b {
			return 0
		}
		return 1 << 10
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
