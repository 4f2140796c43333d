package hclschema

import "github.com/hashicorp/hcl/v2"

// blocks is the part of a kindDecoder that most kinds share: it decodes each
// block on its own with decode and keeps the results, in the order of the
// files, for the later phases. A kind embeds it and defines those phases
// with each.
type blocks[T any] struct {
	noPhases
	d      *decoder
	decode func(*hcl.Block) (T, hcl.Diagnostics)
	decls  []T
}

func (k *blocks[T]) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	x, diags := k.decode(b)
	k.decls = append(k.decls, x)
	return diags
}

// each calls f on every block kept, in order, and gathers its diagnostics.
func (k *blocks[T]) each(f func(T) hcl.Diagnostics) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, x := range k.decls {
		diags = append(diags, f(x)...)
	}
	return diags
}
