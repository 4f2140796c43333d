package lint

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// DefaultConfigFile is the project config file that `schemactl lint` and
// `schemactl migrate lint` read from the working directory when --config
// is not given.
const DefaultConfigFile = "schemactl.lint.hcl"

// DefaultSmallTableRows is the default of Config.SmallTableRows: building
// an index or rewriting ten thousand rows takes milliseconds.
const DefaultSmallTableRows = 10000

// A Config says which rules run and how severe their findings are. The
// zero value is not ready for use; start from DefaultConfig.
//
// Settings apply in this order, each overriding the one before: the rules'
// defaults, the project file (LoadFile), then command-line flags (Enable,
// Disable, SetSeverity).
type Config struct {
	// severity overrides a rule's default; Off disables it.
	severity map[string]Severity
	// SmallTableRows: with a live database, findings of rules whose harm
	// grows with the table (Rule.SizeMatters) on a table whose estimated
	// row count is below this are downgraded to info. Zero turns the
	// downgrade off.
	SmallTableRows float64
	// AssumeInTransaction says that each file whose runner does not decide
	// runs in one transaction, as squawk's --assume-in-transaction does:
	// plain SQL files (no goose, dbmate or sqlx markers) and golang-migrate
	// files, which golang-migrate itself sends as one query string. Files
	// whose runner says how they run (sqlx, goose, dbmate and Flyway, with
	// their no-transaction markers) keep that.
	AssumeInTransaction bool
}

// DefaultConfig returns every rule at its default severity.
func DefaultConfig() *Config {
	return &Config{severity: map[string]Severity{}, SmallTableRows: DefaultSmallTableRows}
}

// Severity returns the severity findings of the rule get; Off means the
// rule does not run.
func (c *Config) Severity(r *Rule) Severity {
	if s, ok := c.severity[r.ID]; ok {
		return s
	}
	return r.Severity
}

// SetSeverity re-grades a rule; Off disables it.
func (c *Config) SetSeverity(id string, s Severity) error {
	if _, ok := LookupRule(id); !ok {
		return unknownRule(id)
	}
	c.severity[id] = s
	return nil
}

// Enable turns a rule on at its default severity (or keeps the severity it
// was given, if it is on already).
func (c *Config) Enable(id string) error {
	r, ok := LookupRule(id)
	if !ok {
		return unknownRule(id)
	}
	if c.Severity(r) == Off {
		c.severity[id] = r.Severity
		if r.Severity == Off {
			c.severity[id] = Warning
		}
	}
	return nil
}

// Disable turns a rule off.
func (c *Config) Disable(id string) error { return c.SetSeverity(id, Off) }

// SetSeverityFlag applies a `rule=level` setting, as --severity gives it.
func (c *Config) SetSeverityFlag(v string) error {
	id, level, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("severity %q: want rule=level", v)
	}
	s, err := ParseSeverity(strings.TrimSpace(level))
	if err != nil {
		return err
	}
	return c.SetSeverity(strings.TrimSpace(id), s)
}

func unknownRule(id string) error {
	ids := make([]string, 0, len(allRules))
	for _, r := range allRules {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	if s := suggest(id, ids); s != "" {
		return fmt.Errorf("unknown rule %q; did you mean %q?", id, s)
	}
	return fmt.Errorf("unknown rule %q", id)
}

// suggest returns the id closest to id when it is close enough to be a typo.
func suggest(id string, ids []string) string {
	best, bestDist := "", 4
	for _, c := range ids {
		if d := editDistance(id, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// configFile is the schema of schemactl.lint.hcl.
type configFile struct {
	SmallTableRows      *float64     `hcl:"small_table_rows,optional"`
	AssumeInTransaction *bool        `hcl:"assume_in_transaction,optional"`
	Rules               []configRule `hcl:"rule,block"`
}

type configRule struct {
	ID        string    `hcl:"id,label"`
	Enabled   *bool     `hcl:"enabled,optional"`
	Severity  *string   `hcl:"severity,optional"`
	DeclRange hcl.Range `hcl:",def_range"`
}

// LoadFile reads a project config file (see docs/lint.md) into c:
//
//	small_table_rows = 50000
//	assume_in_transaction = true
//
//	rule "prefer-text" {
//	  enabled = false
//	}
//	rule "drop-column" {
//	  severity = "warning"
//	}
//
// Problems are diagnostics that point into the file.
func (c *Config) LoadFile(path string) hcl.Diagnostics {
	src, err := os.ReadFile(path)
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read lint config", Detail: err.Error(),
			Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	return c.Load(src, path)
}

// Load is LoadFile for a config already in memory; filename is used in
// diagnostics.
func (c *Config) Load(src []byte, filename string) hcl.Diagnostics {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return diags
	}
	return c.LoadBody(f.Body)
}

// LoadBody is Load for settings that are already parsed: the whole body
// of a lint config file, or the lint block of a project file
// (schemactl.hcl, see internal/project).
func (c *Config) LoadBody(body hcl.Body) hcl.Diagnostics {
	// Decode errors do not stop here: the rule ids are checked too, so that
	// one run reports every mistake of the file.
	var cf configFile
	diags := gohcl.DecodeBody(body, nil, &cf)
	if cf.SmallTableRows != nil {
		if *cf.SmallTableRows < 0 {
			rng := body.MissingItemRange()
			if sb, ok := body.(*hclsyntax.Body); ok {
				if attr, ok := sb.Attributes["small_table_rows"]; ok {
					rng = attr.Expr.Range()
				}
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid small_table_rows",
				Detail: "small_table_rows must be zero (no downgrade) or more.", Subject: rng.Ptr()})
		} else {
			c.SmallTableRows = *cf.SmallTableRows
		}
	}
	if cf.AssumeInTransaction != nil {
		c.AssumeInTransaction = *cf.AssumeInTransaction
	}
	for _, r := range cf.Rules {
		labelRange := r.DeclRange
		if _, ok := LookupRule(r.ID); !ok {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown lint rule",
				Detail: unknownRule(r.ID).Error() + ".", Subject: &labelRange})
			continue
		}
		if r.Enabled != nil {
			if *r.Enabled {
				_ = c.Enable(r.ID)
			} else {
				_ = c.Disable(r.ID)
			}
		}
		if r.Severity != nil {
			s, err := ParseSeverity(*r.Severity)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid severity",
					Detail: err.Error() + ".", Subject: &labelRange})
				continue
			}
			if r.Enabled != nil && !*r.Enabled && s != Off {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Conflicting rule settings",
					Detail: "enabled = false and a severity other than \"off\" contradict each other.", Subject: &labelRange})
				continue
			}
			_ = c.SetSeverity(r.ID, s)
		}
	}
	// Report in file order.
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		if a == nil || b == nil {
			return b == nil && a != nil
		}
		return a.Start.Byte < b.Start.Byte
	})
	return diags
}
