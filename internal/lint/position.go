package lint

import (
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// lineIndex converts byte offsets of a file to line and column numbers.
type lineIndex struct {
	text   string
	starts []int // byte offset of each line's first byte
}

func newLineIndex(text string) *lineIndex {
	ix := &lineIndex{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// pos returns the position of byte offset off: line and column from 1, the
// column counted in Unicode characters (code points), so that a line with
// "é" before the finding is not shifted.
func (ix *lineIndex) pos(off int) hcl.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(ix.text) {
		off = len(ix.text)
	}
	line := sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > off }) - 1
	col := utf8.RuneCountInString(ix.text[ix.starts[line]:off]) + 1
	return hcl.Pos{Line: line + 1, Column: col, Byte: off}
}

// rng returns the range from start to end (byte offsets).
func (ix *lineIndex) rng(filename string, start, end int) hcl.Range {
	if end < start {
		end = start
	}
	return hcl.Range{Filename: filename, Start: ix.pos(start), End: ix.pos(end)}
}

// line returns the number (from 1) of the line holding byte offset off.
func (ix *lineIndex) line(off int) int { return ix.pos(off).Line }
