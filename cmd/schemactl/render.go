package main

import (
	"encoding/json"
	"io"

	"github.com/schemactl/schemactl/internal/plan"
)

// planJSON is the --format json form of a plan.
type planJSON struct {
	Statements []statementJSON `json:"statements"`
}

type statementJSON struct {
	SQL           string     `json:"sql"`
	Comment       string     `json:"comment,omitempty"`
	Lock          string     `json:"lock"`
	Relation      string     `json:"relation,omitempty"`
	Locks         []lockJSON `json:"locks,omitempty"`
	Rewrite       bool       `json:"rewrite"`
	Scan          bool       `json:"scan"`
	Transactional bool       `json:"transactional"`
	Destructive   bool       `json:"destructive"`
	Notes         []string   `json:"notes,omitempty"`
}

type lockJSON struct {
	Relation string `json:"relation"`
	Mode     string `json:"mode"`
	Rewrite  bool   `json:"rewrite"`
	Scan     bool   `json:"scan"`
}

func writePlanJSON(w io.Writer, p *plan.Plan) error {
	out := planJSON{Statements: make([]statementJSON, len(p.Statements))}
	for i, s := range p.Statements {
		js := statementJSON{
			SQL: s.SQL, Comment: s.Comment, Lock: s.Lock.String(),
			Rewrite: s.Rewrite, Scan: s.Scan, Transactional: s.Transactional,
			Destructive: s.Destructive, Notes: s.Notes,
		}
		if s.Relation.Name != "" {
			js.Relation = s.Relation.String()
		}
		for _, l := range s.Locks {
			js.Locks = append(js.Locks, lockJSON{Relation: l.Relation.String(), Mode: l.Mode.String(), Rewrite: l.Rewrite, Scan: l.Scan})
		}
		out.Statements[i] = js
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
