package hclschema

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/schemactl/schemactl/schema"
)

// enumKind reads and writes enum blocks.
var enumKind = &kind{
	block:   "enum",
	decoder: func(d *decoder) kindDecoder { return &enumBlocks{blocks[*enumDecl]{d: d, decode: decodeEnum}} },
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		for _, x := range sortedByName(s.Enums, func(x *schema.Enum) string { return x.Name }) {
			e.enum(add("enum", x.Name), s, x)
		}
	},
}

type enumBlocks struct{ blocks[*enumDecl] }

func (k *enumBlocks) place() hcl.Diagnostics {
	return k.each(func(e *enumDecl) hcl.Diagnostics {
		s, diags := k.d.schemaOf(e.raw.Schema, "enum", e.enum.Name, e.nameRange)
		if more := k.d.declareType(s, e.enum.Name, "enum", e.nameRange); more.HasErrors() {
			return append(diags, more...)
		}
		s.Enums = append(s.Enums, e.enum)
		k.d.addType("enum", s, e.enum.Name)
		return diags
	})
}

func (k *enumBlocks) decodeTypes() hcl.Diagnostics { return k.each(decodeEnumValues) }

type enumHCL struct {
	Schema        *hcl.Attribute `hcl:"schema,optional"`
	Values        *hcl.Attribute `hcl:"values,optional"`
	RenamedValues *hcl.Attribute `hcl:"renamed_values,optional"`
	Comment       string         `hcl:"comment,optional"`
}

type enumDecl struct {
	enum      *schema.Enum
	raw       enumHCL
	nameRange hcl.Range
}

func decodeEnum(b *hcl.Block) (*enumDecl, hcl.Diagnostics) {
	e := &enumDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &e.raw)
	e.enum = &schema.Enum{Name: b.Labels[0], Comment: e.raw.Comment, DeclRange: b.DefRange}
	diags = append(diags, checkName("enum", e.enum.Name, e.nameRange)...)
	return e, diags
}

// decodeEnumValues reads values = ["a", "b"] and renamed_values = { b = "old" }.
func decodeEnumValues(e *enumDecl) hcl.Diagnostics {
	if e.raw.Values == nil {
		return hcl.Diagnostics{diagError(e.nameRange, "Missing values",
			`Enum %q needs its values, such as values = ["active", "archived"].`, e.enum.Name)}
	}
	tuple, ok := unparen(e.raw.Values.Expr).(*hclsyntax.TupleConsExpr)
	if !ok {
		return hcl.Diagnostics{diagError(e.raw.Values.Expr.Range(), "Invalid value",
			`The values of an enum are a list of strings, such as ["active", "archived"].`)}
	}
	var diags hcl.Diagnostics
	seen := map[string]hcl.Range{}
	for _, x := range tuple.Exprs {
		v, more := constString(x, "An enum value")
		if !more.HasErrors() {
			more = checkEnumLabel(v, x.Range())
		}
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		if prev, dup := seen[v]; dup {
			diags = append(diags, diagError(x.Range(), "Duplicate enum value",
				"Enum %q already has the value %q at %s.", e.enum.Name, v, posString(prev)))
			continue
		}
		seen[v] = x.Range()
		e.enum.Values = append(e.enum.Values, v)
	}
	if e.raw.RenamedValues != nil {
		diags = append(diags, decodeRenamedValues(e, seen)...)
	}
	return diags
}

// checkEnumLabel reports a label that PostgreSQL refuses.
func checkEnumLabel(v string, rng hcl.Range) hcl.Diagnostics {
	if v == "" || len(v) > maxNameLen {
		return hcl.Diagnostics{diagError(rng, "Invalid enum value",
			"An enum value must be 1 to %d bytes long; %q is %d.", maxNameLen, v, len(v))}
	}
	return nil
}

func decodeRenamedValues(e *enumDecl, values map[string]hcl.Range) hcl.Diagnostics {
	obj, ok := unparen(e.raw.RenamedValues.Expr).(*hclsyntax.ObjectConsExpr)
	if !ok {
		return hcl.Diagnostics{diagError(e.raw.RenamedValues.Expr.Range(), "Invalid value",
			`renamed_values maps a value to its previous name, such as { archived = "deleted" }.`)}
	}
	var diags hcl.Diagnostics
	olds := map[string]bool{}
	for _, item := range obj.Items {
		k, more := item.KeyExpr.Value(nil)
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		if k.IsNull() || !k.IsKnown() || k.Type() != cty.String {
			diags = append(diags, diagError(item.KeyExpr.Range(), "Invalid value", "The keys of renamed_values must be enum values."))
			continue
		}
		value := k.AsString()
		old, more := constString(item.ValueExpr, "The previous name of an enum value")
		if !more.HasErrors() {
			more = checkEnumLabel(old, item.ValueExpr.Range())
		}
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		switch _, isValue := values[old]; {
		case values[value] == (hcl.Range{}):
			diags = append(diags, diagError(item.KeyExpr.Range(), "Unknown enum value",
				"Enum %q has no value %q to rename.%s", e.enum.Name, value, didYouMean(value, e.enum.Values)))
		case isValue:
			diags = append(diags, diagError(item.ValueExpr.Range(), "Invalid rename",
				"Enum value %q is renamed from %q, which is still a value of enum %q.", value, old, e.enum.Name))
		case olds[old]:
			diags = append(diags, diagError(item.ValueExpr.Range(), "Invalid rename",
				"Two values of enum %q are renamed from %q.", e.enum.Name, old))
		case e.enum.RenamedValues[value] != "":
			diags = append(diags, diagError(item.KeyExpr.Range(), "Invalid rename",
				"Enum value %q is renamed twice.", value))
		default:
			if e.enum.RenamedValues == nil {
				e.enum.RenamedValues = map[string]string{}
			}
			e.enum.RenamedValues[value] = old
			olds[old] = true
		}
	}
	return diags
}

func (e *encoder) enum(b *hclBlock, s *schema.Schema, x *schema.Enum) {
	b.set("schema", e.schemaRef(s.Name))
	values := make([]string, len(x.Values))
	for i, v := range x.Values {
		values[i] = hclString(v)
	}
	b.set("values", hclTuple(values))
	if len(x.RenamedValues) > 0 {
		keys := make([]string, 0, len(x.RenamedValues))
		for k := range x.RenamedValues {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		olds := make([]string, len(keys))
		for i, k := range keys {
			olds[i] = hclString(x.RenamedValues[k])
		}
		b.set("renamed_values", hclObject(keys, olds))
	}
	setString(b, "comment", x.Comment)
}
