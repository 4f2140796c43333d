package hclschema

import (
	"slices"
	"testing"
)

// TestKindsListedOnce checks the two lists of kinds.go against each other: a
// kind added to kinds but not to encodeOrder would decode and never be
// written back, and a block type listed twice would shadow a kind.
func TestKindsListedOnce(t *testing.T) {
	if len(kinds) != len(encodeOrder) {
		t.Errorf("kinds has %d entries, encodeOrder %d", len(kinds), len(encodeOrder))
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if seen[k.block] {
			t.Errorf("block %q is listed twice in kinds", k.block)
		}
		seen[k.block] = true
		if !slices.Contains(encodeOrder, k) {
			t.Errorf("kind %q is missing from encodeOrder", k.block)
		}
		if slices.Contains(unsupportedBlocks, k.block) {
			t.Errorf("kind %q is also listed as unsupported", k.block)
		}
		if k.decoder == nil || (k.encodeRealm == nil) == (k.encodeSchema == nil) {
			t.Errorf("kind %q needs a decoder and exactly one of encodeRealm and encodeSchema", k.block)
		}
	}
}
