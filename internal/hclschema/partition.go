package hclschema

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/schemactl/schemactl/schema"
)

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

type partitionHCL struct {
	Type     *hcl.Attribute      `hcl:"type,optional"`
	Columns  *hcl.Attribute      `hcl:"columns,optional"`
	By       []*partitionPartHCL `hcl:"by,block"`
	DefRange hcl.Range           `hcl:",def_range"`
}

type partitionPartHCL struct {
	Column   *hcl.Attribute `hcl:"column,optional"`
	Expr     *hcl.Attribute `hcl:"expr,optional"`
	Collate  string         `hcl:"collate,optional"`
	Ops      *hcl.Attribute `hcl:"ops,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

// decodePartitionOf resolves partition_of and bound.
func (d *decoder) decodePartitionOf(td *tableDecl) hcl.Diagnostics {
	if td.skip {
		return nil
	}
	raw := &td.raw
	switch {
	case raw.PartitionOf == nil && raw.Bound == nil:
		return nil
	case raw.PartitionOf == nil:
		return hcl.Diagnostics{diagError(raw.Bound.NameRange, "Bound without partition_of",
			"Table %s has a bound but no partition_of; only a partition has a bound.", td.qualifiedName())}
	case raw.Bound == nil:
		return hcl.Diagnostics{diagError(raw.PartitionOf.NameRange, "Missing bound",
			`Partition %s needs a bound, such as bound = sql("FOR VALUES FROM (1) TO (10)") or bound = DEFAULT.`, td.qualifiedName())}
	}
	r, diags := decodeReference(raw.PartitionOf.Expr, "table.events")
	if diags.HasErrors() {
		return diags
	}
	if r.names[0] != "table" {
		return hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"partition_of expects a table reference such as table.events, not %s.", r)}
	}
	parent, diags := d.lookupTable(r.names[1:], r.rng)
	if diags.HasErrors() {
		return diags
	}
	switch {
	case parent == td:
		return hcl.Diagnostics{diagError(r.rng, "Invalid partition", "Table %s cannot be a partition of itself.", td.qualifiedName())}
	case parent.raw.Partition == nil:
		return hcl.Diagnostics{diagError(r.rng, "Not a partitioned table",
			"Table %s has no partition block, so it cannot have partitions.", parent.qualifiedName())}
	}
	bound, diags := decodeBound(raw.Bound.Expr)
	td.parent = parent
	td.t.PartitionOf = &schema.PartitionOf{Parent: parent.qualifiedName(), Bound: bound}
	return diags
}

// decodeBound reads a partition bound: DEFAULT, or FOR VALUES ... as a
// string or sql("...").
func decodeBound(expr hcl.Expression) (string, hcl.Diagnostics) {
	var (
		s     string
		diags hcl.Diagnostics
	)
	if e, ok := unparen(expr).(*hclsyntax.ScopeTraversalExpr); ok && len(e.Traversal) == 1 {
		s = e.Traversal.RootName()
	} else {
		s, diags = decodeSQLText(expr, "A partition bound")
		if diags.HasErrors() {
			return "", diags
		}
	}
	upper := strings.ToUpper(strings.TrimSpace(s))
	switch {
	case upper == "DEFAULT":
		return "DEFAULT", nil
	case strings.HasPrefix(upper, "FOR VALUES") || strings.HasPrefix(upper, "FOR\tVALUES"):
		return s, nil
	}
	return "", hcl.Diagnostics{diagError(expr.Range(), "Invalid partition bound",
		`A bound is DEFAULT or FOR VALUES ..., such as sql("FOR VALUES FROM (1) TO (10)").`)}
}

// checkPartitionCycles reports partitions that are, through their parents,
// partitions of themselves.
func (d *decoder) checkPartitionCycles() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, td := range d.tables {
		seen := map[*tableDecl]bool{td: true}
		for p := td.parent; p != nil; p = p.parent {
			if seen[p] {
				if p == td {
					diags = append(diags, diagError(td.raw.PartitionOf.Expr.Range(), "Invalid partition",
						"Table %s is, through its parents, a partition of itself.", td.qualifiedName()))
				}
				break
			}
			seen[p] = true
		}
	}
	// Break the cycles so that column lookups end.
	for _, td := range d.tables {
		seen := map[*tableDecl]bool{td: true}
		for p := td; p.parent != nil; p = p.parent {
			if seen[p.parent] {
				p.parent = nil
				break
			}
			seen[p.parent] = true
		}
	}
	return diags
}

func (e *encoder) partitionKey(b *hclBlock, k *schema.PartitionKey) {
	b.set("type", wordText(k.Strategy))
	plain := true
	var cols []string
	for _, p := range k.Parts {
		if p.Column == "" || p.Collation != "" || p.OpClass != "" {
			plain = false
			break
		}
		cols = append(cols, p.Column)
	}
	if plain && len(cols) > 0 {
		setColumns(b, "columns", cols)
		return
	}
	for _, p := range k.Parts {
		pb := b.block("by")
		if p.Column != "" {
			pb.set("column", hclTraversal("column", p.Column))
		} else {
			pb.set("expr", hclString(string(p.Expr)))
		}
		setString(pb, "collate", hclObjectName(p.Collation))
		if p.OpClass != "" {
			pb.set("ops", opClassText(p.OpClass))
		}
	}
}
