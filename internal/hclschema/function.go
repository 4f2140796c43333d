package hclschema

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// Functions and procedures are Atlas's `function` and `procedure` blocks:
// schema, lang (SQL, PLpgSQL or another language's name), arg "name"
// blocks (type, mode IN/OUT/INOUT/VARIADIC, default), return (a type, or
// sql("SETOF ...") and sql("TABLE(...)")), as (the body: a string body, or
// a SQL-standard BEGIN ATOMIC ... END or RETURN expr body), volatility
// (IMMUTABLE, STABLE, VOLATILE), strict, leakproof, security (DEFINER or
// INVOKER), parallel (SAFE, RESTRICTED, UNSAFE), cost, rows, comment.
// schemactl adds config, a map of the function's SET clauses
// (config = { search_path = "public, pg_temp" }), which Atlas lacks.
// An unnamed argument is an arg block without a label, as in Atlas.
var (
	functionKind = &kind{
		block:   "function",
		decoder: func(d *decoder) kindDecoder { return &functionBlocks{d: d} },
		encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
			for _, f := range sortedFunctionsHCL(s.Functions) {
				if !f.Procedure {
					e.function(add("function", f.Name), s, f)
				}
			}
		},
	}
	procedureKind = &kind{
		block:   "procedure",
		decoder: func(d *decoder) kindDecoder { return &functionBlocks{d: d, procedure: true} },
		encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
			for _, f := range sortedFunctionsHCL(s.Functions) {
				if f.Procedure {
					e.function(add("procedure", f.Name), s, f)
				}
			}
		},
	}
)

// sortedFunctionsHCL sorts functions by name, then identity arguments.
func sortedFunctionsHCL(fs []*schema.Function) []*schema.Function {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b *schema.Function) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.IdentityArgs(), b.IdentityArgs())
	})
	return out
}

type functionBlocks struct {
	noPhases
	d         *decoder
	procedure bool
	fns       []*functionDecl
}

type functionHCL struct {
	Schema *hcl.Attribute `hcl:"schema,optional"`
	Lang   *hcl.Attribute `hcl:"lang,optional"`
	// Remain holds the arg blocks, which Atlas writes with a name label
	// or, for an unnamed argument, without one: gohcl needs one label
	// count per block type, so decodeArgs reads them.
	Remain     hcl.Body `hcl:",remain"`
	Args       []*funcArgHCL
	Return     *hcl.Attribute `hcl:"return,optional"`
	As         *hcl.Attribute `hcl:"as,optional"`
	Volatility *hcl.Attribute `hcl:"volatility,optional"`
	Strict     bool           `hcl:"strict,optional"`
	Leakproof  bool           `hcl:"leakproof,optional"`
	Security   *hcl.Attribute `hcl:"security,optional"`
	Parallel   *hcl.Attribute `hcl:"parallel,optional"`
	Cost       *float64       `hcl:"cost,optional"`
	Rows       *float64       `hcl:"rows,optional"`
	Config     *hcl.Attribute `hcl:"config,optional"`
	Comment    string         `hcl:"comment,optional"`
}

type funcArgHCL struct {
	Name     string
	Type     *hcl.Attribute `hcl:"type,optional"`
	Mode     *hcl.Attribute `hcl:"mode,optional"`
	Default  *hcl.Attribute `hcl:"default,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type functionDecl struct {
	fn        *schema.Function
	raw       functionHCL
	nameRange hcl.Range
	defRange  hcl.Range
	schema    *schema.Schema
	skip      bool
}

func (k *functionBlocks) what() string {
	if k.procedure {
		return "procedure"
	}
	return "function"
}

func (k *functionBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	fd := &functionDecl{nameRange: b.LabelRanges[0], defRange: b.DefRange}
	diags := gohcl.DecodeBody(b.Body, nil, &fd.raw)
	raw := &fd.raw
	if raw.Remain != nil {
		args, more := decodeArgs(raw.Remain)
		diags = append(diags, more...)
		raw.Args = args
	}
	f := &schema.Function{Name: b.Labels[0], Procedure: k.procedure, Language: "sql", Strict: raw.Strict,
		Leakproof: raw.Leakproof, Cost: raw.Cost, Rows: raw.Rows, Comment: raw.Comment, DeclRange: b.DefRange}
	fd.fn = f
	k.fns = append(k.fns, fd)
	diags = append(diags, checkName(k.what(), f.Name, fd.nameRange)...)
	if raw.Lang != nil {
		word, more := keyword(raw.Lang.Expr, "The language of a function")
		diags = append(diags, more...)
		f.Language = strings.ToLower(word)
	}
	if raw.As == nil {
		diags = append(diags, diagError(fd.nameRange, "Missing body",
			"%s %q needs its body: as = \"SELECT ...\".", capitalize(k.what()), f.Name))
	} else {
		body, more := decodeSQLText(raw.As.Expr, "The body of a function")
		diags = append(diags, more...)
		if f.Language == "sql" && isSQLStandardBody(body) {
			f.SQLBody = strings.TrimSpace(body)
		} else {
			f.Body = body
		}
	}
	word := func(a *hcl.Attribute, what string, allowed ...string) string {
		if a == nil {
			return ""
		}
		w, more := keyword(a.Expr, what)
		diags = append(diags, more...)
		w = strings.ToUpper(w)
		if !more.HasErrors() && !slices.Contains(allowed, w) {
			diags = append(diags, diagError(a.Expr.Range(), "Invalid value",
				"%s is %s, not %s.", what, strings.Join(allowed, ", "), w))
			return ""
		}
		return w
	}
	notForProcedure := func(a *hcl.Attribute, name string) {
		if k.procedure && a != nil {
			diags = append(diags, diagError(a.NameRange, "Unsupported argument", "A procedure has no %s.", name))
		}
	}
	notForProcedure(raw.Return, "return type")
	notForProcedure(raw.Volatility, "volatility")
	notForProcedure(raw.Parallel, "parallel safety")
	if v := word(raw.Volatility, "The volatility of a function", schema.Volatile, schema.Stable, schema.Immutable); v != schema.Volatile {
		f.Volatility = v
	}
	if p := word(raw.Parallel, "The parallel safety of a function", schema.ParallelUnsafe, schema.ParallelRestricted, schema.ParallelSafe); p != schema.ParallelUnsafe {
		f.Parallel = p
	}
	f.SecurityDefiner = word(raw.Security, "The security of a function", "DEFINER", "INVOKER") == "DEFINER"
	if raw.Config != nil {
		params, more := decodeParams(raw.Config.Expr, "config")
		diags = append(diags, more...)
		for _, p := range params {
			f.Config = append(f.Config, schema.ConfigParam{Name: p.Name, Value: p.Value})
		}
	}
	if !k.procedure && raw.Return == nil {
		diags = append(diags, diagError(fd.nameRange, "Missing return type",
			"Function %q needs its result type: return = integer (or void, trigger, sql(\"SETOF ...\")).", f.Name))
	}
	return diags
}

// decodeArgs reads the arg blocks of a function body, with a name label
// (arg "x" { ... }) or without (an unnamed argument, arg { ... }), in the
// order written, and reports anything else the body holds.
func decodeArgs(body hcl.Body) ([]*funcArgHCL, hcl.Diagnostics) {
	// Content reports unknown attributes and blocks; the labels of arg
	// blocks are checked below, so its complaint about them is dropped.
	_, all := body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "arg"}}})
	var diags hcl.Diagnostics
	for _, d := range all {
		if d.Summary != "Extraneous label for arg" {
			diags = append(diags, d)
		}
	}
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		content, more := body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "arg", LabelNames: []string{"name"}}}})
		diags = append(diags, more...)
		var args []*funcArgHCL
		for _, b := range content.Blocks {
			a := &funcArgHCL{Name: b.Labels[0], DefRange: b.DefRange}
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, a)...)
			args = append(args, a)
		}
		return args, diags
	}
	var args []*funcArgHCL
	for _, b := range sb.Blocks {
		if b.Type != "arg" {
			continue
		}
		a := &funcArgHCL{DefRange: b.DefRange()}
		switch len(b.Labels) {
		case 0:
		case 1:
			a.Name = b.Labels[0]
		default:
			diags = append(diags, diagError(b.LabelRanges[1], "Extraneous label for arg",
				"An arg block has at most one label, the argument's name."))
			continue
		}
		diags = append(diags, gohcl.DecodeBody(b.Body, nil, a)...)
		args = append(args, a)
	}
	return args, diags
}

// isSQLStandardBody reports whether a SQL function's body is BEGIN ATOMIC
// ... END or RETURN expr rather than a string to run.
func isSQLStandardBody(body string) bool {
	fields := strings.Fields(strings.ToUpper(body))
	return len(fields) >= 2 && (fields[0] == "BEGIN" && fields[1] == "ATOMIC" || fields[0] == "RETURN")
}

// place adds each function to its schema. Overloads share a name; two
// blocks with the same name and argument types are one function declared
// twice, which is reported once the types are known.
func (k *functionBlocks) place() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, fd := range k.fns {
		s, more := k.d.schemaOf(fd.raw.Schema, k.what(), fd.fn.Name, fd.nameRange)
		diags = append(diags, more...)
		if s == nil || more.HasErrors() {
			fd.skip = true
			continue
		}
		fd.schema = s
		s.Functions = append(s.Functions, fd.fn)
	}
	return diags
}

// pseudoTypes are the result types that are not types of values: written
// as bare words (return = trigger).
var pseudoTypes = map[string]bool{"void": true, "trigger": true, "event_trigger": true, "record": true}

var argModesHCL = []string{schema.ArgIn, schema.ArgOut, schema.ArgInOut, schema.ArgVariadic}

// decodeTypes decodes argument and result types, and reports a function
// declared twice with the same argument types.
func (k *functionBlocks) decodeTypes() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, fd := range k.fns {
		if fd.skip {
			continue
		}
		f := fd.fn
		for _, ra := range fd.raw.Args {
			a := &schema.FuncArg{Name: ra.Name, DeclRange: ra.DefRange}
			if ra.Type == nil {
				diags = append(diags, diagError(ra.DefRange, "Missing type", "Argument %q of %s %q needs a type.", ra.Name, k.what(), f.Name))
			} else {
				typ, more := k.d.decodeType(ra.Type.Expr)
				diags = append(diags, more...)
				a.Type = typ
			}
			if ra.Mode != nil {
				w, more := keyword(ra.Mode.Expr, "The mode of an argument")
				diags = append(diags, more...)
				w = strings.ToUpper(w)
				switch {
				case more.HasErrors():
				case !slices.Contains(argModesHCL, w):
					diags = append(diags, diagError(ra.Mode.Expr.Range(), "Invalid value",
						"The mode of an argument is IN, OUT, INOUT or VARIADIC, not %s.", w))
				case w != schema.ArgIn:
					a.Mode = w
				}
			}
			if ra.Default != nil {
				def, more := decodeExpr(ra.Default.Expr, "The default of an argument")
				diags = append(diags, more...)
				a.Default = def
			}
			f.Args = append(f.Args, a)
		}
		if fd.raw.Return != nil {
			if s, ok, more := sqlCall(fd.raw.Return.Expr); ok {
				// SETOF and TABLE(...) are not types: written as PostgreSQL
				// prints them, they are used as they are.
				diags = append(diags, more...)
				f.Returns = strings.TrimSpace(s)
				if !strings.HasPrefix(strings.ToUpper(f.Returns), "TABLE") && !strings.HasPrefix(strings.ToUpper(f.Returns), "SETOF") {
					typ, more := k.d.decodeType(fd.raw.Return.Expr)
					diags = append(diags, more...)
					f.Returns = typ
				}
			} else if w, more := keyword(fd.raw.Return.Expr, "The result type"); !more.HasErrors() && pseudoTypes[strings.ToLower(w)] {
				f.Returns = strings.ToLower(w)
			} else {
				typ, more := k.d.decodeType(fd.raw.Return.Expr)
				diags = append(diags, more...)
				f.Returns = typ
			}
		}
	}
	seen := map[string]*functionDecl{}
	for _, fd := range k.fns {
		if fd.skip {
			continue
		}
		// The schema back-reference is set by Link, after decoding.
		key := schema.QualifiedName{Schema: fd.schema.Name, Name: fd.fn.Name}.String() + "(" + fd.fn.IdentityArgs() + ")"
		if prev, ok := seen[key]; ok {
			diags = append(diags, diagError(fd.nameRange, "Duplicate "+k.what(),
				"%s %s is already declared at %s.", capitalize(k.what()), key, posString(prev.nameRange)))
			continue
		}
		seen[key] = fd
	}
	return diags
}

// function writes a function or procedure block.
func (e *encoder) function(b *hclBlock, s *schema.Schema, f *schema.Function) {
	b.set("schema", e.schemaRef(s.Name))
	switch lang := strings.ToLower(f.Language); lang {
	case "sql":
		b.set("lang", "SQL")
	case "plpgsql":
		b.set("lang", "PLpgSQL")
	default:
		if isHCLIdent(lang) {
			b.set("lang", lang)
		} else {
			b.set("lang", hclString(lang))
		}
	}
	for _, a := range f.Args {
		if a.Mode == schema.ArgTable {
			continue // part of return = sql("TABLE(...)")
		}
		var ab *hclBlock
		if a.Name == "" {
			ab = b.block("arg")
		} else {
			ab = b.block("arg", a.Name)
		}
		ab.set("type", e.typeText(a.Type))
		if a.Mode != "" && a.Mode != schema.ArgIn {
			ab.set("mode", a.Mode)
		}
		if a.Default != "" {
			ab.set("default", exprText(a.Default))
		}
	}
	if !f.Procedure {
		up := strings.ToUpper(f.Returns)
		switch {
		case pseudoTypes[f.Returns]:
			b.set("return", f.Returns)
		case strings.HasPrefix(up, "SETOF ") || strings.HasPrefix(up, "TABLE("):
			b.set("return", hclCall("sql", hclString(f.Returns)))
		default:
			b.set("return", e.typeText(f.Returns))
		}
	}
	if f.SQLBody != "" {
		b.setSQL("as", f.SQLBody, true)
	} else {
		b.setSQL("as", f.Body, false)
	}
	if v := strings.ToUpper(f.Volatility); v != "" && v != schema.Volatile {
		b.set("volatility", v)
	}
	setBool(b, "strict", f.Strict)
	setBool(b, "leakproof", f.Leakproof)
	if f.SecurityDefiner {
		b.set("security", "DEFINER")
	}
	if p := strings.ToUpper(f.Parallel); p != "" && p != schema.ParallelUnsafe {
		b.set("parallel", p)
	}
	if f.Cost != nil {
		b.set("cost", strconv.FormatFloat(*f.Cost, 'g', -1, 64))
	}
	if f.Rows != nil {
		b.set("rows", strconv.FormatFloat(*f.Rows, 'g', -1, 64))
	}
	if len(f.Config) > 0 {
		var keys, values []string
		for _, c := range f.Config {
			keys = append(keys, c.Name)
			values = append(values, hclString(c.Value))
		}
		b.set("config", hclObject(keys, values))
	}
	setString(b, "comment", f.Comment)
}
