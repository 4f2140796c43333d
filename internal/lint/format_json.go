package lint

import (
	"encoding/json"
	"io"
)

// jsonFinding is the JSON shape of a finding: flat, with 1-based lines and
// columns (columns count Unicode characters).
type jsonFinding struct {
	Rule      string   `json:"rule"`
	Severity  Severity `json:"severity"`
	Message   string   `json:"message"`
	Hint      string   `json:"hint,omitempty"`
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Relation  string   `json:"relation,omitempty"`
	Size      string   `json:"size,omitempty"`
}

type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	Counts   struct {
		Error   int `json:"error"`
		Warning int `json:"warning"`
		Info    int `json:"info"`
	} `json:"counts"`
}

func writeJSON(w io.Writer, fs []Finding) error {
	r := jsonReport{Findings: make([]jsonFinding, 0, len(fs))}
	for _, f := range fs {
		r.Findings = append(r.Findings, jsonFinding{
			Rule: f.Rule, Severity: f.Severity, Message: f.Message, Hint: f.Hint,
			File: f.Range.Filename, Line: f.Range.Start.Line, Column: f.Range.Start.Column,
			EndLine: f.Range.End.Line, EndColumn: f.Range.End.Column,
			Relation: f.Relation, Size: f.Size,
		})
	}
	c := Counts(fs)
	r.Counts.Error, r.Counts.Warning, r.Counts.Info = c[Error], c[Warning], c[Info]
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
