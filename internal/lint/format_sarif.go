package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 (OASIS), the subset schemactl writes. The test validates
// the output against the official JSON schema (testdata/sarif).
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// docsURL is where each rule is documented, by id.
	docsURL = "https://github.com/schemactl/schemactl/blob/main/docs/lint.md"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifText           `json:"help"`
	HelpURI              string              `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig     `json:"defaultConfiguration"`
	Properties           map[string][]string `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to a SARIF level; info is "note".
func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "note"
	}
	return "none"
}

func writeSARIF(w io.Writer, fs []Finding, opts WriteOptions) error {
	driver := sarifDriver{Name: "schemactl", Version: opts.Version, InformationURI: "https://github.com/schemactl/schemactl"}
	index := map[string]int{}
	for i, r := range allRules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			Name:                 ruleName(r.ID),
			ShortDescription:     sarifText{Text: firstSentence(r.Summary)},
			FullDescription:      sarifText{Text: r.Summary},
			Help:                 sarifText{Text: "Safe alternative: " + r.Alternative},
			HelpURI:              docsURL + "#" + r.ID,
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
			Properties:           map[string][]string{"tags": {"postgresql", string(r.Category)}},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: make([]sarifResult, 0, len(fs)), ColumnKind: "unicodeCodePoints"}
	for _, f := range fs {
		msg := f.Message
		if f.Hint != "" {
			msg += "\n\nHint: " + f.Hint
		}
		r := f.Range
		end := r.End
		if end.Line < r.Start.Line || end.Line == r.Start.Line && end.Column < r.Start.Column {
			end = r.Start
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity), Message: sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(r.Filename)},
				Region:           sarifRegion{StartLine: max(r.Start.Line, 1), StartColumn: max(r.Start.Column, 1), EndLine: max(end.Line, 1), EndColumn: max(end.Column, 1)},
			}}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifURI turns a file name into a URI reference: relative paths stay
// relative (GitHub resolves them from the repository root), with forward
// slashes and percent-encoding; absolute paths become file: URIs.
func sarifURI(name string) string {
	p := filepath.ToSlash(name)
	if filepath.IsAbs(name) {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	p = strings.TrimPrefix(p, "./")
	return (&url.URL{Path: p}).String()
}

// ruleName turns a rule id into the PascalCase name SARIF viewers show.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// firstSentence returns text up to the end of its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ": "); i > 0 && i < 120 {
		return s[:i] + "."
	}
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}
