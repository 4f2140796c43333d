package hclschema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

// Keys, indexes, constraints and partition keys: everything in a table
// block that refers to the table's columns or to other tables.

// decodeConstraints decodes the keys, indexes, constraints and partition key
// of a table, and takes their names.
func (d *decoder) decodeConstraints(td *tableDecl) hcl.Diagnostics {
	if td.skip {
		return nil
	}
	var diags hcl.Diagnostics
	t, raw := td.t, &td.raw
	constraints := map[schema.QualifiedName]nameDecl{}
	where := fmt.Sprintf("on table %s", td.qualifiedName())
	// declareIndexed takes the name of a relation and of a constraint.
	declareIndexed := func(name, kind string, rng hcl.Range) hcl.Diagnostics {
		if more := d.declareRelation(td.schema, name, kind, rng); more.HasErrors() {
			return more
		}
		return declare(constraints, schema.QualifiedName{Name: name}, kind, rng, where, constraintNamespace)
	}
	if raw.Partition != nil {
		key, more := d.decodePartitionKey(td, raw.Partition)
		diags = append(diags, more...)
		t.PartitionKey = key
	}
	if pk := raw.PrimaryKey; pk != nil {
		k, more := d.decodeKey(td, pk.options(), "Primary key")
		diags = append(diags, more...)
		k.Name = defaultPKeyName(t.Name)
		rng := pk.DefRange
		if pk.NameRange != (hcl.Range{}) {
			k.Name, rng = pk.Name, pk.NameRange
			diags = append(diags, checkName("primary key", k.Name, rng)...)
		}
		diags = append(diags, declareIndexed(k.Name, "primary key", rng)...)
		for _, c := range k.Columns {
			if nullRange, ok := td.nullable[c]; ok {
				diags = append(diags, diagError(nullRange, "Nullable primary key column",
					"Column %q is in the primary key of table %s, which makes it NOT NULL; remove null = true.", c, td.qualifiedName()))
			}
		}
		t.PrimaryKey = k
	}
	for _, u := range raw.Uniques {
		diags = append(diags, checkName("unique constraint", u.Name, u.NameRange)...)
		k, more := d.decodeKey(td, u.options(), fmt.Sprintf("Unique constraint %q", u.Name))
		diags = append(diags, more...)
		k.Name = u.Name
		k.NullsNotDistinct = u.NullsDistinct != nil && !*u.NullsDistinct
		diags = append(diags, declareIndexed(u.Name, "unique constraint", u.NameRange)...)
		t.Uniques = append(t.Uniques, k)
	}
	for _, x := range raw.Excludes {
		diags = append(diags, checkName("exclude constraint", x.Name, x.NameRange)...)
		ex, more := d.decodeExclude(td, x)
		diags = append(diags, more...)
		diags = append(diags, declareIndexed(x.Name, "exclude constraint", x.NameRange)...)
		t.Excludes = append(t.Excludes, ex)
	}
	for _, fk := range raw.ForeignKeys {
		diags = append(diags, checkName("foreign key", fk.Name, fk.NameRange)...)
		f, more := d.decodeForeignKey(td, fk)
		diags = append(diags, more...)
		diags = append(diags, declare(constraints, schema.QualifiedName{Name: fk.Name}, "foreign key", fk.NameRange, where, constraintNamespace)...)
		t.ForeignKeys = append(t.ForeignKeys, f)
	}
	for _, c := range raw.Checks {
		diags = append(diags, checkName("check constraint", c.Name, c.NameRange)...)
		expr, more := requiredSQLText(c.Expr, c.NameRange, fmt.Sprintf("Check constraint %q", c.Name), `expr = "price > 0"`)
		diags = append(diags, more...)
		diags = append(diags, declare(constraints, schema.QualifiedName{Name: c.Name}, "check constraint", c.NameRange, where, constraintNamespace)...)
		t.Checks = append(t.Checks, &schema.Check{
			Name: c.Name, Expr: schema.Expr(expr), NoInherit: c.NoInherit, NotValid: c.NotValid,
			Comment: c.Comment, DeclRange: c.DefRange,
		})
	}
	for _, x := range raw.Indexes {
		diags = append(diags, checkName("index", x.Name, x.NameRange)...)
		diags = append(diags, checkRenamedFrom("index", x.Name, x.RenamedFrom, x.RenamedFromRange)...)
		idx, more := d.decodeIndex(td, x)
		diags = append(diags, more...)
		diags = append(diags, d.declareRelation(td.schema, x.Name, "index", x.NameRange)...)
		t.Indexes = append(t.Indexes, idx)
	}
	return diags
}

// requiredSQLText reads a mandatory SQL text attribute, such as the expr of
// a check.
func requiredSQLText(attr *hcl.Attribute, owner hcl.Range, what, example string) (string, hcl.Diagnostics) {
	if attr == nil {
		return "", hcl.Diagnostics{diagError(owner, "Missing expression", "%s needs an expression: %s.", what, example)}
	}
	return decodeSQLText(attr.Expr, "The expression of "+strings.ToLower(what[:1])+what[1:])
}

// defaultPKeyName is the name PostgreSQL gives a primary key without one:
// <table>_pkey, with the table name cut so that the whole fits in 63 bytes
// (ChooseRelationName and makeObjectName in PostgreSQL's sources).
func defaultPKeyName(table string) string {
	const suffix = "_pkey"
	return clipName(table, maxNameLen-len(suffix)) + suffix
}

// plural spells a count of things: "1 column", "2 columns".
func plural(n int, thing string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", thing)
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// clipName cuts s to at most n bytes without splitting a UTF-8 sequence.
func clipName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func (d *decoder) decodeKey(td *tableDecl, raw *keyOptionsHCL, what string) (*schema.Key, hcl.Diagnostics) {
	k := &schema.Key{
		Deferrable:        raw.Deferrable,
		InitiallyDeferred: raw.InitiallyDeferred,
		Comment:           raw.Comment,
		DeclRange:         raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Columns == nil {
		diags = append(diags, diagError(raw.DefRange, "Missing columns", "%s needs columns, such as columns = [column.id].", what))
	} else {
		cols, more := d.columnListNoDup(td, raw.Columns, what)
		diags = append(diags, more...)
		if !more.HasErrors() && len(cols) == 0 {
			diags = append(diags, diagError(raw.Columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		k.Columns = cols
	}
	if raw.Include != nil {
		inc, more := d.columnList(td, raw.Include, what)
		diags = append(diags, more...)
		k.Include = inc
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		k.StorageParams = params
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return k, diags
}

func checkDeferrable(deferrable, initiallyDeferred bool, rng hcl.Range, what string) hcl.Diagnostics {
	if initiallyDeferred && !deferrable {
		return hcl.Diagnostics{diagError(rng, "Conflicting constraint options",
			"%s is initially deferred, so it must be deferrable too: add deferrable = true.", what)}
	}
	return nil
}

func (d *decoder) decodeIndex(td *tableDecl, raw *indexHCL) (*schema.Index, hcl.Diagnostics) {
	what := fmt.Sprintf("Index %q", raw.Name)
	idx := &schema.Index{
		Name:             raw.Name,
		Unique:           raw.Unique,
		Method:           "btree",
		NullsNotDistinct: raw.NullsDistinct != nil && !*raw.NullsDistinct,
		Comment:          raw.Comment,
		RenamedFrom:      raw.RenamedFrom,
		DeclRange:        raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Type != nil {
		m, more := decodeMethod(raw.Type.Expr, "The type of an index")
		diags = append(diags, more...)
		idx.Method = m
	}
	parts, more := d.decodeIndexParts(td, raw.Columns, raw.On, raw.DefRange, what)
	diags = append(diags, more...)
	idx.Parts = parts
	if raw.Include != nil {
		inc, more := d.columnList(td, raw.Include, what)
		diags = append(diags, more...)
		idx.Include = inc
	}
	if raw.Where != nil {
		w, more := decodeSQLText(raw.Where.Expr, "The where clause of an index")
		diags = append(diags, more...)
		idx.Predicate = schema.Expr(w)
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		idx.StorageParams = params
	}
	return idx, diags
}

// decodeMethod reads an access method, a bare word such as GIN.
func decodeMethod(expr hcl.Expression, what string) (string, hcl.Diagnostics) {
	m, diags := keyword(expr, what)
	return strings.ToLower(m), diags
}

// decodeIndexParts reads the key of an index: columns = [...] or on blocks.
func (d *decoder) decodeIndexParts(td *tableDecl, columns *hcl.Attribute, on []*indexPartHCL, owner hcl.Range, what string) ([]*schema.IndexPart, hcl.Diagnostics) {
	switch {
	case columns != nil && len(on) > 0:
		return nil, hcl.Diagnostics{diagError(on[0].DefRange, "Conflicting index parts",
			"%s has both columns and on blocks; use one or the other.", what)}
	case columns != nil:
		names, diags := d.columnList(td, columns, what)
		if !diags.HasErrors() && len(names) == 0 {
			diags = append(diags, diagError(columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		var parts []*schema.IndexPart
		for _, n := range names {
			parts = append(parts, &schema.IndexPart{Column: n})
		}
		return parts, diags
	case len(on) == 0:
		return nil, hcl.Diagnostics{diagError(owner, "Missing columns",
			"%s needs columns = [...] or on blocks.", what)}
	}
	var (
		parts []*schema.IndexPart
		diags hcl.Diagnostics
	)
	for _, p := range on {
		part, more := d.decodeIndexPart(td, p, what)
		diags = append(diags, more...)
		parts = append(parts, part)
	}
	return parts, diags
}

func (d *decoder) decodeIndexPart(td *tableDecl, raw *indexPartHCL, what string) (*schema.IndexPart, hcl.Diagnostics) {
	p := &schema.IndexPart{Collation: collation(raw.Collate), Desc: raw.Desc}
	var diags hcl.Diagnostics
	switch {
	case raw.Column != nil && raw.Expr != nil:
		diags = append(diags, diagError(raw.Expr.NameRange, "Conflicting index parts",
			"An on block of %s has both a column and an expr; use one or the other.", strings.ToLower(what[:1])+what[1:]))
	case raw.Column != nil:
		r, more := decodeReference(raw.Column.Expr, "column.id")
		diags = append(diags, more...)
		if !more.HasErrors() {
			name, more := d.ownColumn(td, r, what)
			diags = append(diags, more...)
			p.Column = name
		}
	case raw.Expr != nil:
		e, more := decodeSQLText(raw.Expr.Expr, "The expression of an index part")
		diags = append(diags, more...)
		p.Expr = schema.Expr(e)
	default:
		diags = append(diags, diagError(raw.DefRange, "Missing column",
			`An on block needs a column (column = column.id) or an expression (expr = "lower(email)").`))
	}
	switch {
	case raw.NullsFirst && raw.NullsLast:
		diags = append(diags, diagError(raw.NullsRange, "Conflicting index options", "An index part cannot have both nulls_first and nulls_last."))
	case raw.NullsFirst && !raw.Desc:
		// NULLS LAST is the default of ASC, NULLS FIRST that of DESC: only
		// the other order is kept.
		p.NullsFirst = true
	case raw.NullsLast && raw.Desc:
		p.NullsLast = true
	}
	if raw.Ops != nil {
		name, params, more := decodeOpClass(raw.Ops.Expr)
		diags = append(diags, more...)
		p.OpClass, p.OpClassParams = name, params
	}
	if raw.OpsParams != nil {
		if raw.Ops == nil {
			diags = append(diags, diagError(raw.OpsParams.NameRange, "Missing operator class",
				"ops_params needs the operator class they are for: ops = gist_trgm_ops."))
		}
		params, more := decodeParams(raw.OpsParams.Expr, "ops_params")
		diags = append(diags, more...)
		p.OpClassParams = append(p.OpClassParams, params...)
	}
	return p, diags
}

// collation turns the collate attribute into the catalog's spelling: "C"
// is the collation "C", quoted.
func collation(s string) string {
	if s == "" {
		return ""
	}
	return sqlObjectName(s)
}

// decodeOpClass reads an operator class: a bare word (text_pattern_ops), a
// qualified name (public.gist_trgm_ops), a string, or Atlas's
// sql("gist_trgm_ops(siglen=32)") with parameters. The name is spelled as
// the catalog spells it (see sqlObjectName).
func decodeOpClass(expr hcl.Expression) (string, []schema.StorageParam, hcl.Diagnostics) {
	if s, ok, diags := sqlCall(expr); ok {
		if diags.HasErrors() {
			return "", nil, diags
		}
		name, params, ok := parseOpClassText(s)
		if !ok {
			return "", nil, hcl.Diagnostics{diagError(expr.Range(), "Invalid operator class",
				`Expected an operator class such as sql("gist_trgm_ops(siglen=32)").`)}
		}
		return name, params, nil
	}
	if e, ok := unparen(expr).(*hclsyntax.ScopeTraversalExpr); ok {
		r, diags := decodeReference(e, "text_pattern_ops")
		switch {
		case diags.HasErrors():
			return "", nil, diags
		case len(r.names) == 1:
			return schema.QuoteIdent(r.names[0]), nil, nil
		case len(r.names) == 2:
			return schema.QualifiedName{Schema: r.names[0], Name: r.names[1]}.String(), nil, nil
		}
		return "", nil, hcl.Diagnostics{diagError(r.rng, "Invalid operator class",
			"Expected an operator class such as text_pattern_ops or public.gist_trgm_ops, not %s.", r)}
	}
	s, diags := keyword(expr, "An operator class")
	return sqlObjectName(s), nil, diags
}

// parseOpClassText splits "name(a=1, b='x')" into the name and parameters.
func parseOpClassText(s string) (string, []schema.StorageParam, bool) {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return sqlObjectName(s), nil, s != ""
	}
	name := strings.TrimSpace(s[:open])
	if name == "" || !strings.HasSuffix(s, ")") {
		return "", nil, false
	}
	name = sqlObjectName(name)
	var params []schema.StorageParam
	for _, kv := range strings.Split(s[open+1:len(s)-1], ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), "'")
		if !ok || k == "" {
			return "", nil, false
		}
		params = append(params, schema.StorageParam{Name: k, Value: v})
	}
	return name, params, true
}

func (d *decoder) decodeExclude(td *tableDecl, raw *excludeHCL) (*schema.Exclude, hcl.Diagnostics) {
	what := fmt.Sprintf("Exclude constraint %q", raw.Name)
	x := &schema.Exclude{
		Name:              raw.Name,
		Method:            "gist",
		Deferrable:        raw.Deferrable,
		InitiallyDeferred: raw.InitiallyDeferred,
		Comment:           raw.Comment,
		DeclRange:         raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Type != nil {
		m, more := decodeMethod(raw.Type.Expr, "The type of an exclude constraint")
		diags = append(diags, more...)
		x.Method = m
	}
	if len(raw.On) == 0 {
		diags = append(diags, diagError(raw.NameRange, "Missing elements",
			`%s needs on blocks, such as on { column = column.room  op = "=" }.`, what))
	}
	for _, p := range raw.On {
		part, more := d.decodeIndexPart(td, p.indexPart(), what)
		diags = append(diags, more...)
		el := &schema.ExcludeElement{IndexPart: *part}
		if p.Op == nil {
			diags = append(diags, diagError(p.DefRange, "Missing operator", `An element of %s needs an operator, such as op = "&&".`, strings.ToLower(what[:1])+what[1:]))
		} else {
			op, more := constString(p.Op.Expr, "The operator of an exclude element")
			if !more.HasErrors() && strings.TrimSpace(op) == "" {
				more = append(more, diagError(p.Op.Expr.Range(), "Invalid value", "The operator of an exclude element must not be empty."))
			}
			diags = append(diags, more...)
			el.Operator = op
		}
		x.Elements = append(x.Elements, el)
	}
	if raw.Include != nil {
		inc, more := d.columnList(td, raw.Include, what)
		diags = append(diags, more...)
		x.Include = inc
	}
	if raw.Where != nil {
		w, more := decodeSQLText(raw.Where.Expr, "The where clause of an exclude constraint")
		diags = append(diags, more...)
		x.Predicate = schema.Expr(w)
	}
	if raw.StorageParams != nil {
		params, more := decodeParams(raw.StorageParams.Expr, "storage_params")
		diags = append(diags, more...)
		x.StorageParams = params
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return x, diags
}

var fkActions = []string{schema.NoAction, schema.Restrict, schema.Cascade, schema.SetNull, schema.SetDefault}

func (d *decoder) decodeForeignKey(td *tableDecl, raw *foreignKeyHCL) (*schema.ForeignKey, hcl.Diagnostics) {
	what := fmt.Sprintf("Foreign key %q", raw.Name)
	fk := &schema.ForeignKey{
		Name:              raw.Name,
		Match:             schema.MatchSimple,
		OnDelete:          schema.NoAction,
		OnUpdate:          schema.NoAction,
		Deferrable:        raw.Deferrable,
		InitiallyDeferred: raw.InitiallyDeferred,
		NotValid:          raw.NotValid,
		Comment:           raw.Comment,
		DeclRange:         raw.DefRange,
	}
	var diags hcl.Diagnostics
	if raw.Columns == nil {
		diags = append(diags, diagError(raw.NameRange, "Missing columns", "%s needs columns, such as columns = [column.user_id].", what))
	} else {
		cols, more := d.columnListNoDup(td, raw.Columns, what)
		diags = append(diags, more...)
		if !more.HasErrors() && len(cols) == 0 {
			diags = append(diags, diagError(raw.Columns.Expr.Range(), "Missing columns", "%s needs at least one column.", what))
		}
		fk.Columns = cols
	}
	if raw.RefColumns == nil {
		diags = append(diags, diagError(raw.NameRange, "Missing ref_columns",
			"%s needs the columns it references, such as ref_columns = [table.users.column.id].", what))
	} else {
		ref, cols, more := d.refColumns(td, raw.RefColumns, what)
		diags = append(diags, more...)
		fk.RefTable, fk.RefColumns = ref, cols
		switch {
		case diags.HasErrors():
		case len(fk.Columns) != len(fk.RefColumns):
			diags = append(diags, diagError(raw.RefColumns.Expr.Range(), "Column count mismatch",
				"%s has %s but references %d.", what, plural(len(fk.Columns), "column"), len(fk.RefColumns)))
		default:
			// The referenced table's keys may not be decoded yet.
			d.fkTargets = append(d.fkTargets, fkTarget{fk: fk, what: what, rng: raw.RefColumns.Expr.Range()})
		}
	}
	if raw.OnUpdate != nil {
		a, more := decodeKeyword(raw.OnUpdate.Expr, "on_update", fkActions...)
		diags = append(diags, more...)
		fk.OnUpdate = a
	}
	if raw.OnDelete != nil {
		a, more := decodeKeyword(raw.OnDelete.Expr, "on_delete", fkActions...)
		diags = append(diags, more...)
		fk.OnDelete = a
	}
	if raw.Match != nil {
		m, more := decodeKeyword(raw.Match.Expr, "match", schema.MatchSimple, schema.MatchFull, schema.MatchPartial)
		diags = append(diags, more...)
		if m == schema.MatchPartial {
			more = append(more, diagError(raw.Match.Expr.Range(), "Unsupported option", "PostgreSQL does not implement MATCH PARTIAL."))
			diags = append(diags, more...)
		}
		fk.Match = m
	}
	if raw.OnDeleteColumns != nil {
		diags = append(diags, d.decodeOnDeleteColumns(td, raw, fk, what)...)
	}
	diags = append(diags, checkDeferrable(raw.Deferrable, raw.InitiallyDeferred, raw.DeferredRange, what)...)
	return fk, diags
}

// decodeOnDeleteColumns reads ON DELETE SET NULL (a, b), PostgreSQL >= 15.
func (d *decoder) decodeOnDeleteColumns(td *tableDecl, raw *foreignKeyHCL, fk *schema.ForeignKey, what string) hcl.Diagnostics {
	if fk.OnDelete != schema.SetNull && fk.OnDelete != schema.SetDefault {
		return hcl.Diagnostics{diagError(raw.OnDeleteColumns.NameRange, "Conflicting foreign key options",
			"on_delete_columns needs on_delete = SET_NULL or SET_DEFAULT.")}
	}
	cols, diags := d.columnList(td, raw.OnDeleteColumns, what)
	if diags.HasErrors() {
		return diags
	}
	tuple := unparen(raw.OnDeleteColumns.Expr).(*hclsyntax.TupleConsExpr)
	for i, c := range cols {
		if !slices.Contains(fk.Columns, c) {
			diags = append(diags, diagError(tuple.Exprs[i].Range(), "Invalid column",
				"Column %q of on_delete_columns is not a column of %s.", c, strings.ToLower(what[:1])+what[1:]))
		}
	}
	fk.OnDeleteColumns = cols
	return diags
}

// refColumns resolves the referenced columns of a foreign key, which must
// all belong to one table. A table of a schema that is not declared, named
// in full (table.other.users.column.id), is outside the schemas schemactl
// manages: the reference is kept as written, its columns unchecked.
func (d *decoder) refColumns(td *tableDecl, attr *hcl.Attribute, what string) (schema.QualifiedName, []string, hcl.Diagnostics) {
	refs, diags := decodeReferenceList(attr.Expr, "table.users.column.id")
	if diags.HasErrors() {
		return schema.QualifiedName{}, nil, diags
	}
	if len(refs) == 0 {
		return schema.QualifiedName{}, nil, hcl.Diagnostics{diagError(attr.Expr.Range(), "Missing ref_columns", "%s needs at least one referenced column.", what)}
	}
	var (
		target schema.QualifiedName
		have   bool
		cols   []string
	)
	for _, r := range refs {
		var (
			ref  *tableDecl
			name string
			q    schema.QualifiedName
		)
		switch {
		case len(r.names) == 2 && r.names[0] == "column":
			ref, name = td, r.names[1]
		case len(r.names) == 5 && r.names[0] == "table" && r.names[3] == "column" && d.schemas[r.names[1]] == nil:
			q, name = schema.QualifiedName{Schema: r.names[1], Name: r.names[2]}, r.names[4]
		case len(r.names) >= 4 && r.names[0] == "table" && r.names[len(r.names)-2] == "column":
			t, more := d.lookupTable(r.names[1:len(r.names)-2], r.rng)
			if more.HasErrors() {
				diags = append(diags, more...)
				continue
			}
			ref, name = t, r.names[len(r.names)-1]
		default:
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"ref_columns expects columns such as table.users.column.id, not %s.", r))
			continue
		}
		if ref != nil {
			q = ref.qualifiedName()
		}
		if !have {
			target, have = q, true
		} else if q != target {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"%s references columns of both %s and %s; all must belong to one table.", what, target, q))
			continue
		}
		if ref != nil && (ref.skip || !d.findColumn(ref, name)) {
			diags = append(diags, diagError(r.rng, "Unknown column",
				"%s references unknown column %q of table %s.%s", what, name, q, didYouMean(name, d.columnNames(ref))))
			continue
		}
		cols = append(cols, name)
	}
	return target, cols, diags
}

var partitionStrategies = []string{"RANGE", "LIST", "HASH"}

func (d *decoder) decodePartitionKey(td *tableDecl, raw *partitionHCL) (*schema.PartitionKey, hcl.Diagnostics) {
	key := &schema.PartitionKey{}
	var diags hcl.Diagnostics
	const what = "The partition key"
	if raw.Type == nil {
		diags = append(diags, diagError(raw.DefRange, "Missing partition type",
			"A partition block needs a type: RANGE, LIST or HASH."))
	} else {
		s, more := decodeKeyword(raw.Type.Expr, "The type of a partition key", partitionStrategies...)
		diags = append(diags, more...)
		key.Strategy = s
	}
	switch {
	case raw.Columns != nil && len(raw.By) > 0:
		diags = append(diags, diagError(raw.By[0].DefRange, "Conflicting partition key",
			"A partition block has either columns or by blocks, not both."))
	case raw.Columns != nil:
		cols, more := d.columnList(td, raw.Columns, what)
		diags = append(diags, more...)
		for _, c := range cols {
			key.Parts = append(key.Parts, &schema.PartitionPart{Column: c})
		}
		if !more.HasErrors() && len(cols) == 0 {
			diags = append(diags, diagError(raw.Columns.Expr.Range(), "Missing columns", "A partition key needs at least one column."))
		}
	case len(raw.By) == 0:
		diags = append(diags, diagError(raw.DefRange, "Missing columns",
			"A partition block needs columns = [...] or by blocks."))
	}
	for _, b := range raw.By {
		part := &schema.PartitionPart{Collation: collation(b.Collate)}
		switch {
		case b.Column != nil && b.Expr != nil:
			diags = append(diags, diagError(b.Expr.NameRange, "Conflicting partition key",
				"A by block has a column or an expr, not both."))
		case b.Column != nil:
			r, more := decodeReference(b.Column.Expr, "column.id")
			diags = append(diags, more...)
			if !more.HasErrors() {
				name, more := d.ownColumn(td, r, what)
				diags = append(diags, more...)
				part.Column = name
			}
		case b.Expr != nil:
			e, more := decodeSQLText(b.Expr.Expr, "The expression of a partition key")
			diags = append(diags, more...)
			part.Expr = schema.Expr(e)
		default:
			diags = append(diags, diagError(b.DefRange, "Missing column",
				`A by block needs a column (column = column.id) or an expression (expr = "...").`))
		}
		if b.Ops != nil {
			name, params, more := decodeOpClass(b.Ops.Expr)
			diags = append(diags, more...)
			if len(params) > 0 {
				diags = append(diags, diagError(b.Ops.Expr.Range(), "Invalid operator class",
					"The operator class of a partition key takes no parameters."))
			}
			part.OpClass = name
		}
		key.Parts = append(key.Parts, part)
	}
	if key.Strategy == "LIST" && len(key.Parts) > 1 {
		diags = append(diags, diagError(raw.DefRange, "Invalid partition key",
			"PostgreSQL cannot partition by LIST on more than one column or expression."))
	}
	return key, diags
}

// An fkTarget is a foreign key whose referenced key is checked once every
// table is decoded.
type fkTarget struct {
	fk   *schema.ForeignKey
	what string
	rng  hcl.Range
}

// checkForeignKeyTargets reports foreign keys whose referenced columns are
// not exactly those of a primary key, a unique constraint that is not
// deferrable, or a unique index without predicate or expressions: PostgreSQL
// refuses such a foreign key. A partition has its parent's keys.
func (d *decoder) checkForeignKeyTargets() hcl.Diagnostics {
	tables := map[schema.QualifiedName]*tableDecl{}
	for _, td := range d.tables {
		if !td.skip {
			tables[td.qualifiedName()] = td
		}
	}
	var diags hcl.Diagnostics
	for _, x := range d.fkTargets {
		td, ok := tables[x.fk.RefTable]
		if !ok {
			continue // outside the declared schemas
		}
		if dup := duplicateName(x.fk.RefColumns); dup != "" {
			diags = append(diags, diagError(x.rng, "Duplicate column", "%s references column %q twice.", x.what, dup))
			continue
		}
		var deferrable string
		found := false
		for t := td; t != nil && !found; t = t.parent {
			var keys []*schema.Key
			if t.t.PrimaryKey != nil {
				keys = append(keys, t.t.PrimaryKey)
			}
			for _, k := range append(keys, t.t.Uniques...) {
				if sameColumns(k.Columns, x.fk.RefColumns) {
					if !k.Deferrable {
						found = true
					} else if deferrable == "" {
						deferrable = k.Name
					}
				}
			}
			for _, idx := range t.t.Indexes {
				if idx.Unique && idx.Predicate == "" && sameColumns(indexColumns(idx), x.fk.RefColumns) {
					found = true
				}
			}
		}
		switch {
		case found:
		case deferrable != "":
			diags = append(diags, diagError(x.rng, "Deferrable referenced key",
				"%s references the columns of %q, a deferrable constraint; PostgreSQL needs a key that is not deferrable.", x.what, deferrable))
		default:
			diags = append(diags, diagError(x.rng, "No unique key",
				"%s references (%s) of table %s, which no primary key, unique constraint or unique index covers exactly; PostgreSQL requires one.",
				x.what, strings.Join(x.fk.RefColumns, ", "), td.qualifiedName()))
		}
	}
	return diags
}

// indexColumns returns the key columns of an index, or nil when a part is
// an expression. Sort order, collation and operator class do not matter to
// a foreign key.
func indexColumns(idx *schema.Index) []string {
	var cols []string
	for _, p := range idx.Parts {
		if p.Column == "" {
			return nil
		}
		cols = append(cols, p.Column)
	}
	return cols
}

// sameColumns reports whether a and b hold the same columns, in any order.
func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		if !slices.Contains(b, c) {
			return false
		}
	}
	return true
}

// duplicateName returns a name that names holds twice, or "".
func duplicateName(names []string) string {
	for i, n := range names {
		if slices.Index(names, n) < i {
			return n
		}
	}
	return ""
}
