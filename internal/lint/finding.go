package lint

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// A Finding is one problem lint reports.
type Finding struct {
	Rule     string
	Severity Severity
	// Message says what the statement does, naming the lock and the relation.
	Message string
	// Hint is the safe way to do the same thing.
	Hint string
	// Range is where the statement (or the clause at fault) is; Range.Start
	// points at the clause when the parser records its position.
	Range hcl.Range
	// Relation is the relation the finding is about, as schema.name; "" when none.
	Relation string `json:",omitempty"`
	// Size describes the relation's size when lint read it from a database.
	Size string `json:",omitempty"`
}

// Diagnostic converts the finding for callers that print hcl diagnostics.
// hcl knows only errors and warnings, so info findings become warnings; the
// summary starts with the rule id, as style §2.6 asks.
func (f Finding) Diagnostic() *hcl.Diagnostic {
	sev := hcl.DiagWarning
	if f.Severity == Error {
		sev = hcl.DiagError
	}
	r := f.Range
	return &hcl.Diagnostic{Severity: sev, Summary: f.Rule + ": " + f.Message, Detail: f.Hint, Subject: &r}
}

// Diagnostics converts findings to hcl.Diagnostics.
func Diagnostics(fs []Finding) hcl.Diagnostics {
	out := make(hcl.Diagnostics, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Diagnostic())
	}
	return out
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders findings by file, position and rule, for stable output.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Range.Filename != b.Range.Filename {
			return a.Range.Filename < b.Range.Filename
		}
		if a.Range.Start.Byte != b.Range.Start.Byte {
			return a.Range.Start.Byte < b.Range.Start.Byte
		}
		return a.Rule < b.Rule
	})
}
