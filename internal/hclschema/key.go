package hclschema

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/schema"
)

// defaultPKeyName is the name PostgreSQL gives a primary key without one:
// <table>_pkey, with the table name cut so that the whole fits in 63 bytes
// (ChooseRelationName and makeObjectName in PostgreSQL's sources).
func defaultPKeyName(table string) string {
	const suffix = "_pkey"
	return clipName(table, maxNameLen-len(suffix)) + suffix
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

// keyOptionsHCL are the attributes shared by primary_key and unique.
type keyOptionsHCL struct {
	Columns           *hcl.Attribute
	Include           *hcl.Attribute
	Deferrable        bool
	InitiallyDeferred bool
	DeferredRange     hcl.Range
	StorageParams     *hcl.Attribute
	Comment           string
	DefRange          hcl.Range
}

type primaryKeyHCL struct {
	Name              string         `hcl:"name,optional"`
	NameRange         hcl.Range      `hcl:"name,attr_range"`
	Columns           *hcl.Attribute `hcl:"columns,optional"`
	Include           *hcl.Attribute `hcl:"include,optional"`
	Deferrable        bool           `hcl:"deferrable,optional"`
	InitiallyDeferred bool           `hcl:"initially_deferred,optional"`
	DeferredRange     hcl.Range      `hcl:"initially_deferred,attr_range"`
	StorageParams     *hcl.Attribute `hcl:"storage_params,optional"`
	Comment           string         `hcl:"comment,optional"`
	DefRange          hcl.Range      `hcl:",def_range"`
}

func (r *primaryKeyHCL) options() *keyOptionsHCL {
	return &keyOptionsHCL{r.Columns, r.Include, r.Deferrable, r.InitiallyDeferred, r.DeferredRange, r.StorageParams, r.Comment, r.DefRange}
}

type uniqueHCL struct {
	Name              string         `hcl:"name,label"`
	NameRange         hcl.Range      `hcl:"name,label_range"`
	NullsDistinct     *bool          `hcl:"nulls_distinct,optional"`
	Columns           *hcl.Attribute `hcl:"columns,optional"`
	Include           *hcl.Attribute `hcl:"include,optional"`
	Deferrable        bool           `hcl:"deferrable,optional"`
	InitiallyDeferred bool           `hcl:"initially_deferred,optional"`
	DeferredRange     hcl.Range      `hcl:"initially_deferred,attr_range"`
	StorageParams     *hcl.Attribute `hcl:"storage_params,optional"`
	Comment           string         `hcl:"comment,optional"`
	DefRange          hcl.Range      `hcl:",def_range"`
}

func (r *uniqueHCL) options() *keyOptionsHCL {
	return &keyOptionsHCL{r.Columns, r.Include, r.Deferrable, r.InitiallyDeferred, r.DeferredRange, r.StorageParams, r.Comment, r.DefRange}
}

func (e *encoder) key(b *hclBlock, k *schema.Key) {
	setColumns(b, "columns", k.Columns)
	setColumns(b, "include", k.Include)
	if k.NullsNotDistinct {
		b.set("nulls_distinct", "false")
	}
	setBool(b, "deferrable", k.Deferrable)
	setBool(b, "initially_deferred", k.InitiallyDeferred)
	setParams(b, "storage_params", k.StorageParams)
	setString(b, "comment", k.Comment)
}
