// Package convergence checks that schemactl reaches a desired schema: it
// applies a case's `from` SQL to one scratch database and its `to` SQL to
// another, plans the first into the state of the second, applies the plan,
// and requires both catalogs to match and a second plan to be empty. The
// convergence suite (testdata/) and the third-party conformance runner
// (tools/conformance) both use it.
package convergence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
	"github.com/schemactl/schemactl/schema"
)

// A Case is a starting schema and a desired one, both as SQL.
type Case struct {
	Name  string
	Setup string // SQL run on both databases first (schemas a harness creates)
	From  string
	Data  string // rows inserted into the starting database before planning
	To    string
	// PlanError, when set, is what the plan must refuse with: the case
	// asks for a change PostgreSQL cannot make in place, and it passes
	// when the diff or plan fails with an error containing this text.
	PlanError string
	// SearchPath, when set, is the search_path under which Setup, From,
	// Data and To run (cases that create objects with unqualified names in
	// another schema than public).
	SearchPath string
	// Renames are the renames the desired state declares (renamed_from in
	// HCL), which SQL cannot say: without them a renamed object is dropped
	// and created.
	Renames []Rename
	// PlanHas lists texts that the first plan's SQL must contain (the
	// statement a case is about: ALTER VIEW ... RENAME TO); PlanLacks,
	// texts it must not contain (a DROP the case must avoid).
	PlanHas, PlanLacks []string
}

// A Rename declares that the desired Kind ("table" or "view", which
// covers materialized views) Schema.Name was called From.
type Rename struct {
	Kind, Schema, Name, From string
}

// declareRenames sets the RenamedFrom of the objects that renames name in
// r; an object r lacks is an error of the case.
func declareRenames(r *schema.Realm, renames []Rename) error {
	for _, rn := range renames {
		s, ok := r.Schema(rn.Schema)
		if !ok {
			return fmt.Errorf("rename: no schema %s", rn.Schema)
		}
		switch rn.Kind {
		case "table":
			t, ok := s.Table(rn.Name)
			if !ok {
				return fmt.Errorf("rename: no table %s.%s", rn.Schema, rn.Name)
			}
			t.RenamedFrom = rn.From
		case "view":
			v, ok := s.View(rn.Name)
			if !ok {
				return fmt.Errorf("rename: no view %s.%s", rn.Schema, rn.Name)
			}
			v.RenamedFrom = rn.From
		default:
			return fmt.Errorf("rename: unknown kind %q", rn.Kind)
		}
	}
	return nil
}

// Via says how the desired state reaches the planner.
type Via int

const (
	// ViaSQL gives the planner the catalog of the database built from To,
	// as `diff --to desired.sql` does.
	ViaSQL Via = iota
	// ViaHCL encodes that catalog as HCL, decodes it, dumps it as SQL,
	// applies the dump to a third database and gives the planner its
	// catalog, as `diff --to schema.hcl` does.
	ViaHCL
)

func (v Via) String() string {
	if v == ViaHCL {
		return "hcl"
	}
	return "sql"
}

// Stages of a run, in order; a Failure names the one that failed.
const (
	StageSetup       = "setup"       // the case's own SQL did not apply
	StageUnsupported = "unsupported" // a side holds objects the model cannot represent
	StageHCL         = "hcl"         // encoding, decoding or applying the HCL failed
	StagePlan        = "plan"        // diff or plan returned an error
	StageApply       = "apply"       // PostgreSQL rejected a planned statement
	StageConverge    = "converge"    // after the plan, the catalogs differ
	StageReplan      = "replan"      // a second plan is not empty
)

// A Failure says where and why a case failed.
type Failure struct {
	Stage string
	Err   error
	// Unsupported lists the objects that stopped the case at StageUnsupported.
	Unsupported []inspect.Unsupported
}

func (f *Failure) Error() string { return f.Stage + ": " + f.Err.Error() }

func (f *Failure) Unwrap() error { return f.Err }

// A Result is what a successful or failed run produced.
type Result struct {
	Plan   *plan.Plan // the first plan, when one was built
	Replan *plan.Plan // the second plan, when one was built
}

// Run runs case c on scratch databases of dev. It returns a *Failure when
// the case does not converge.
func Run(ctx context.Context, dev *devdb.DB, c Case, via Via) (*Result, error) {
	res := &Result{}
	a, closeA, err := open(ctx, dev)
	if err != nil {
		return res, err
	}
	defer closeA()
	b, closeB, err := open(ctx, dev)
	if err != nil {
		return res, err
	}
	defer closeB()

	for _, step := range []struct {
		conn       *pgx.Conn
		name, text string
	}{
		{a, "setup", c.Setup}, {a, "from.sql", c.From}, {a, "data.sql", c.Data},
		{b, "setup", c.Setup}, {b, "to.sql", c.To},
	} {
		if err := runSQL(ctx, step.conn, step.name, step.text, c.SearchPath); err != nil {
			return res, &Failure{Stage: StageSetup, Err: err}
		}
	}

	from, fromUnsupported, err := inspect.Realm(ctx, a, inspect.Options{})
	if err != nil {
		return res, err
	}
	want, toUnsupported, err := inspect.Realm(ctx, b, inspect.Options{})
	if err != nil {
		return res, err
	}
	if u := append(slices.Clone(fromUnsupported), toUnsupported...); len(u) > 0 {
		return res, &Failure{Stage: StageUnsupported, Err: fmt.Errorf("not modelled: %v", u), Unsupported: u}
	}

	if err := declareRenames(want, c.Renames); err != nil {
		return res, &Failure{Stage: StageSetup, Err: err}
	}
	desired := want
	if via == ViaHCL {
		desired, err = throughHCL(ctx, dev, want)
		if err != nil {
			return res, &Failure{Stage: StageHCL, Err: err}
		}
	}

	// The schemas of the starting database are managed too, so that a
	// schema the desired state lacks is dropped.
	opts := diff.Options{Schemas: schemaNames(from)}
	// The plan runs as the role of connection a: objects it creates take
	// that role's default privileges there.
	if err := a.QueryRow(ctx, "SELECT current_user").Scan(&opts.CreatingRole); err != nil {
		return res, err
	}
	// The SQL run plans for the server's version (CREATE OR REPLACE
	// TRIGGER); the HCL run for an unknown one (the portable forms), so
	// that both forms are applied.
	version := 0
	if via == ViaSQL {
		if err := a.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
			return res, err
		}
	}
	res.Plan, err = planFor(from, desired, opts, version)
	switch {
	case c.PlanError != "" && err == nil:
		return res, &Failure{Stage: StagePlan, Err: fmt.Errorf("planned %d statements, want a refusal containing %q", len(res.Plan.Statements), c.PlanError)}
	case c.PlanError != "" && !strings.Contains(err.Error(), c.PlanError):
		return res, &Failure{Stage: StagePlan, Err: fmt.Errorf("refused with %q, want %q", err, c.PlanError)}
	case c.PlanError != "":
		return res, nil
	case err != nil:
		return res, &Failure{Stage: StagePlan, Err: err}
	}
	if err := checkPlanText(res.Plan, c.PlanHas, c.PlanLacks); err != nil {
		return res, &Failure{Stage: StagePlan, Err: err}
	}
	if err := apply.RunPlan(ctx, a, res.Plan, nil); err != nil {
		return res, &Failure{Stage: StageApply, Err: err}
	}

	got, _, err := inspect.Realm(ctx, a, inspect.Options{})
	if err != nil {
		return res, err
	}
	if d := Compare(got, want); d != "" {
		return res, &Failure{Stage: StageConverge, Err: fmt.Errorf("the catalogs differ after the plan (- got, + want):\n%s", d)}
	}
	res.Replan, err = planFor(got, desired, opts, version)
	if err != nil {
		return res, &Failure{Stage: StageReplan, Err: err}
	}
	if n := len(res.Replan.Statements); n > 0 {
		var sb strings.Builder
		res.Replan.WriteSQL(&sb)
		return res, &Failure{Stage: StageReplan, Err: fmt.Errorf("a second plan has %d statements:\n%s", n, sb.String())}
	}
	return res, nil
}

// checkPlanText checks that p's SQL contains each of has and none of lacks.
func checkPlanText(p *plan.Plan, has, lacks []string) error {
	if len(has)+len(lacks) == 0 {
		return nil
	}
	var sb strings.Builder
	p.WriteSQL(&sb)
	text := sb.String()
	for _, h := range has {
		if !strings.Contains(text, h) {
			return fmt.Errorf("the plan lacks %q", h)
		}
	}
	for _, l := range lacks {
		if strings.Contains(text, l) {
			return fmt.Errorf("the plan holds %q", l)
		}
	}
	return nil
}

func planFor(from, to *schema.Realm, opts diff.Options, serverVersion int) (*plan.Plan, error) {
	changes, err := diff.Realms(from, to, opts)
	if err != nil {
		return nil, err
	}
	return plan.Build(changes, plan.Options{From: from, ServerVersion: serverVersion})
}

// throughHCL turns a canonical realm into HCL and back into a canonical
// realm by way of the dump and a third database.
func throughHCL(ctx context.Context, dev *devdb.DB, r *schema.Realm) (*schema.Realm, error) {
	src := hclschema.Encode(r)
	decoded, diags := hclschema.DecodeBytes(src, "to.hcl")
	if diags.HasErrors() {
		return nil, fmt.Errorf("decode the encoded HCL: %w\n%s", diags, src)
	}
	var dump strings.Builder
	if err := plan.Dump(decoded, &dump); err != nil {
		return nil, err
	}
	c, closeC, err := open(ctx, dev)
	if err != nil {
		return nil, err
	}
	defer closeC()
	if err := apply.RunScript(ctx, c, apply.Script{Name: "dump of to.hcl", SQL: dump.String()}); err != nil {
		return nil, fmt.Errorf("%w\nHCL:\n%s", err, src)
	}
	got, _, err := inspect.Realm(ctx, c, inspect.Options{Schemas: schemaNames(decoded)})
	if err != nil {
		return nil, err
	}
	state.CarryRenames(decoded, got)
	return got, nil
}

// open connects to a new scratch database of dev; closing the connection
// drops the database.
func open(ctx context.Context, dev *devdb.DB) (*pgx.Conn, func(), error) {
	url, drop, err := dev.Scratch(ctx)
	if err != nil {
		return nil, nil, err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		drop()
		return nil, nil, err
	}
	return conn, func() {
		conn.Close(context.Background())
		drop()
	}, nil
}

func runSQL(ctx context.Context, conn *pgx.Conn, name, text, searchPath string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if searchPath != "" {
		if _, err := conn.Exec(ctx, "SELECT set_config('search_path', $1, false)", searchPath); err != nil {
			return err
		}
		defer conn.Exec(context.Background(), "RESET search_path")
	}
	return apply.RunScript(ctx, conn, apply.Script{Name: name, SQL: text})
}

func schemaNames(r *schema.Realm) []string {
	names := make([]string, len(r.Schemas))
	for i, s := range r.Schemas {
		names[i] = s.Name
	}
	return names
}

// Compare returns a line diff of two realms, or "" when they are equal.
// Column order is ignored: a column a plan adds comes last in the table,
// wherever the desired state declares it.
func Compare(got, want *schema.Realm) string {
	g, w := canonicalJSON(got), canonicalJSON(want)
	if g == w {
		return ""
	}
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(g, w)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var sb strings.Builder
	for _, d := range diffs {
		prefix := "  "
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			prefix = "- "
		case diffmatchpatch.DiffInsert:
			prefix = "+ "
		default:
			continue
		}
		for _, line := range strings.SplitAfter(strings.TrimSuffix(d.Text, "\n"), "\n") {
			sb.WriteString(prefix + strings.TrimSuffix(line, "\n") + "\n")
		}
	}
	return sb.String()
}

func canonicalJSON(r *schema.Realm) string {
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	var clone schema.Realm
	if err := json.Unmarshal(b, &clone); err != nil {
		panic(err)
	}
	for _, s := range clone.Schemas {
		for _, t := range s.Tables {
			slices.SortFunc(t.Columns, func(x, y *schema.Column) int { return strings.Compare(x.Name, y.Name) })
			// A declared rename is what the desired state says, not
			// what the catalog holds.
			t.RenamedFrom = ""
		}
		for _, v := range s.Views {
			v.RenamedFrom = ""
		}
	}
	out, err := json.MarshalIndent(&clone, "", " ")
	if err != nil {
		panic(err)
	}
	return string(out)
}

// IsFailure reports whether err is a case failure rather than trouble with
// the harness itself (a dev database that cannot be reached).
func IsFailure(err error) bool {
	var f *Failure
	return errors.As(err, &f)
}
