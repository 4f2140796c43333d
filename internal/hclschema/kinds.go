package hclschema

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/schema"
)

// A kind is one top-level block type of the language: "table", "enum", ...
// Everything about a kind lives in its own file (table.go, enum.go, ...): the
// gohcl struct of its block, its decoding in the decoder's phases and its
// encoding. kinds and encodeOrder below are the only lists of kinds, so that
// adding a kind means adding its file, its test cases and a line in each.
type kind struct {
	block string // the block type; its one label is the object's name
	// noLabel marks a block type without a label (permission): its
	// objects have no name of their own.
	noLabel bool
	// decoder returns the state in which one decode keeps the blocks of
	// this kind.
	decoder func(d *decoder) kindDecoder
	// encodeRealm writes the blocks of realm-wide objects (schemas,
	// extensions), encodeSchema those of the objects of one schema. Either
	// may be nil.
	encodeRealm  func(e *encoder, r *schema.Realm, add addBlock)
	encodeSchema func(e *encoder, s *schema.Schema, add addBlock)
}

// An addBlock adds a top-level block to the output, after those added
// before it.
type addBlock func(typ, name string) *hclBlock

// A kindDecoder decodes the blocks of one kind. The decoder runs each phase
// for every kind, in the order of kinds, before it begins the next phase, so
// that a phase may rely on what the earlier phases did for all kinds.
type kindDecoder interface {
	// decodeBlock decodes one block on its own and keeps it (phase 1).
	decodeBlock(b *hcl.Block) hcl.Diagnostics
	// place resolves the schema of every block kept, adds its object to
	// the realm and takes the object's names (phase 2).
	place() hcl.Diagnostics
	// decodeTypes decodes what refers to types, which are all placed by
	// now: enum values, domain bodies, composite fields, columns (phase 3).
	decodeTypes() hcl.Diagnostics
	// decodeRelations decodes what refers to the columns of tables, which
	// are all decoded by now: keys, constraints, sequence owners (phase 4).
	decodeRelations() hcl.Diagnostics
}

// noPhases is the part of a kindDecoder that does nothing in phases 2 to 4:
// a kind embeds it and defines the phases it needs.
type noPhases struct{}

func (noPhases) place() hcl.Diagnostics           { return nil }
func (noPhases) decodeTypes() hcl.Diagnostics     { return nil }
func (noPhases) decodeRelations() hcl.Diagnostics { return nil }

// kinds lists the kinds in the order in which the decoder runs them within
// a phase. Tables take their names before types and sequences do, so a
// clash between a table and another object is reported on the other one.
var kinds = []*kind{schemaKind, extensionKind, roleKind, tableKind, enumKind, domainKind, compositeKind, sequenceKind, viewKind, materializedKind, functionKind, procedureKind, policyKind, triggerKind, permissionKind, defaultPrivilegeKind}

// encodeOrder is the order of Encode's blocks: all schemas, all extensions,
// then schema by schema the types and sequences before the tables that use
// them.
var encodeOrder = []*kind{schemaKind, extensionKind, roleKind, permissionKind, defaultPrivilegeKind, enumKind, domainKind, compositeKind, sequenceKind, tableKind, viewKind, materializedKind, functionKind, procedureKind, policyKind, triggerKind}

// unsupportedBlocks are Atlas's blocks that the model does not cover yet.
// They are in fileSchema so that they get a clear diagnostic rather than a
// guess at a misspelling.
var unsupportedBlocks = []string{"aggregate", "event_trigger"}

// fileSchema lists the top-level blocks: the kinds, then unsupportedBlocks.
var fileSchema = func() *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, k := range kinds {
		if k.noLabel {
			s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: k.block})
			continue
		}
		s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: k.block, LabelNames: []string{"name"}})
	}
	for _, b := range unsupportedBlocks {
		s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: b, LabelNames: []string{"name"}})
	}
	return s
}()
