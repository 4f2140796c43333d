package effect_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/effect"
)

// triggerCatalog knows no relation, and one trigger that executes
// public.touch.
type triggerCatalog struct{}

func (triggerCatalog) Table(effect.Name) (effect.TableInfo, bool) { return effect.TableInfo{}, false }
func (triggerCatalog) Index(effect.Name) (effect.IndexInfo, bool) { return effect.IndexInfo{}, false }
func (triggerCatalog) TriggersExecuting(n effect.Name) []string {
	if n == (effect.Name{Schema: "public", Name: "touch"}) {
		return []string{`"t_touch" on public.t`}
	}
	return nil
}

func TestFunctionStatements(t *testing.T) {
	for _, tc := range []struct {
		sql         string
		tag         string
		destructive bool
		note        string
	}{
		{"CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS 'SELECT 1'", "CREATE FUNCTION", false, ""},
		{"CREATE OR REPLACE FUNCTION public.f() RETURNS integer LANGUAGE sql RETURN 1", "CREATE FUNCTION", false, ""},
		{"CREATE PROCEDURE public.p() LANGUAGE sql AS 'SELECT 1'", "CREATE PROCEDURE", false, ""},
		{"ALTER FUNCTION public.f() STABLE SET search_path TO public", "ALTER FUNCTION", false, ""},
		{"DROP FUNCTION public.f()", "DROP FUNCTION", false, ""},
		{"DROP PROCEDURE public.p(integer)", "DROP PROCEDURE", false, ""},
		{"DROP FUNCTION public.touch()", "DROP FUNCTION", false,
			`trigger "t_touch" on public.t executes function public.touch: PostgreSQL refuses the drop while they exist`},
		{"DROP FUNCTION public.touch() CASCADE", "DROP FUNCTION", true,
			`trigger "t_touch" on public.t executes function public.touch: CASCADE drops them with it`},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			stmts, err := effect.Parse(tc.sql)
			if err != nil || len(stmts) != 1 {
				t.Fatalf("parse: %v (%d statements)", err, len(stmts))
			}
			for _, cat := range []effect.Catalog{triggerCatalog{}, effect.NewState(triggerCatalog{})} {
				e := effect.Analyze(stmts[0], cat)
				if e.Tag != tc.tag {
					t.Errorf("tag %q, want %q", e.Tag, tc.tag)
				}
				if !e.Transactional {
					t.Errorf("not transactional")
				}
				if len(e.Relations) != 0 {
					t.Errorf("locks %v, want none", e.Relations)
				}
				if e.Destructive != tc.destructive {
					t.Errorf("destructive %v, want %v", e.Destructive, tc.destructive)
				}
				if tc.note != "" && !slices.Contains(e.Notes, tc.note) {
					t.Errorf("notes %q, want %q", strings.Join(e.Notes, " | "), tc.note)
				}
			}
		})
	}
}
