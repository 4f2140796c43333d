package hclschema

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// This file parses a large HCL file in pieces. hclsyntax lexes a whole file
// into one slice of tokens before it parses: for the 3 MB schema.hcl of a
// 2,000-table database that is hundreds of megabytes, grown by copying,
// and most of a first diff's peak memory. Cut at its top-level items, the
// same file parses with small slices that die young, on every CPU.

// chunkSize is the least size of a piece; smaller files are parsed whole.
const chunkSize = 64 << 10

// parseChunked parses src as hclsyntax.ParseConfig does, in pieces when it
// is large. It reports whether it did: the body of a file parsed in pieces
// has no navigation for diagnostic context, so a caller whose decoding
// finds errors parses the file whole again to report them exactly as
// before. Any doubt about where the pieces end (a piece that does not
// parse, an attribute that two pieces set) falls back to a whole parse.
func parseChunked(src []byte, name string) (*hcl.File, hcl.Diagnostics, bool) {
	starts := topLevelCuts(src, chunkSize)
	if len(starts) < 2 {
		f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		return f, diags, false
	}
	type piece struct {
		body  *hclsyntax.Body
		diags hcl.Diagnostics
	}
	pieces := make([]piece, len(starts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(starts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				start, end := starts[i], len(src)
				if i+1 < len(starts) {
					end = starts[i+1]
				}
				pos := hcl.Pos{Line: 1 + bytes.Count(src[:start], []byte{'\n'}), Column: 1, Byte: start}
				f, diags := hclsyntax.ParseConfig(src[start:end], name, pos)
				body, _ := f.Body.(*hclsyntax.Body)
				pieces[i] = piece{body, diags}
			}
		}()
	}
	for i := range starts {
		next <- i
	}
	close(next)
	wg.Wait()

	merged := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	for _, p := range pieces {
		if p.diags.HasErrors() || p.body == nil {
			f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
			return f, diags, false
		}
		for k, a := range p.body.Attributes {
			if _, dup := merged.Attributes[k]; dup {
				f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
				return f, diags, false
			}
			merged.Attributes[k] = a
		}
		merged.Blocks = append(merged.Blocks, p.body.Blocks...)
	}
	first, last := pieces[0].body, pieces[len(pieces)-1].body
	merged.SrcRange = hcl.RangeBetween(first.SrcRange, last.SrcRange)
	merged.EndRange = last.EndRange
	var diags hcl.Diagnostics
	for _, p := range pieces {
		diags = append(diags, p.diags...)
	}
	return &hcl.File{Body: merged, Bytes: src}, diags, true
}

// topLevelCuts returns the byte offsets at which src may be cut into pieces
// of at least size bytes that each hold whole top-level items: the starts
// of lines outside any bracket, string, heredoc or comment. The first is 0.
// It returns nil when the scan meets what it does not follow (a template
// sequence in a string, an unterminated string, comment or heredoc, a
// closing bracket without its opening one): the file is then parsed whole.
func topLevelCuts(src []byte, size int) []int {
	if len(src) < 2*size {
		return nil
	}
	cuts := []int{0}
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i-- // the newline is seen below
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return nil
			}
			i += 2 + end + 1
		case c == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				switch {
				case src[i] == '\\':
					i++
				case src[i] == '\n':
					return nil
				case (src[i] == '$' || src[i] == '%') && i+1 < len(src) && src[i+1] == '{':
					return nil // a template: its braces nest
				}
			}
			if i >= len(src) {
				return nil
			}
		case c == '<' && i+1 < len(src) && src[i+1] == '<':
			end, ok := heredocEnd(src, i)
			if !ok {
				return nil
			}
			i = end - 1 // the newline after the closing marker is seen below
		case c == '{' || c == '[' || c == '(':
			depth++
		case c == '}' || c == ']' || c == ')':
			if depth--; depth < 0 {
				return nil
			}
		case c == '\n' && depth == 0:
			if i+1-cuts[len(cuts)-1] >= size && len(src)-(i+1) >= size {
				cuts = append(cuts, i+1)
			}
		}
	}
	if depth != 0 {
		return nil
	}
	return cuts
}

// heredocEnd returns the offset just past the closing marker of the heredoc
// that starts at src[i] ("<<EOT" or "<<-EOT"), or false when it is not one
// or has no end.
func heredocEnd(src []byte, i int) (int, bool) {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	k := j
	for k < len(src) && (src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z' || src[k] >= '0' && src[k] <= '9') {
		k++
	}
	if k == j || k >= len(src) || src[k] != '\n' && src[k] != '\r' {
		return 0, false
	}
	marker := src[j:k]
	for line := bytes.IndexByte(src[k:], '\n'); line >= 0; {
		start := k + line + 1
		end := bytes.IndexByte(src[start:], '\n')
		text := src[start:]
		if end >= 0 {
			text = src[start : start+end]
		}
		if bytes.Equal(bytes.TrimSpace(text), marker) {
			return start + len(text), true
		}
		if end < 0 {
			return 0, false
		}
		k, line = start, end
	}
	return 0, false
}
