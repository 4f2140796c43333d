package diff

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/schema"
)

// triggerRealm is a realm with table public.t (columns a, b) carrying the
// given triggers, and trigger function public.f.
func triggerRealm(trs ...*schema.Trigger) *schema.Realm {
	r := &schema.Realm{Schemas: []*schema.Schema{{
		Name:      "public",
		Functions: []*schema.Function{{Name: "f", Language: "plpgsql", Returns: "trigger", Body: "BEGIN RETURN NEW; END"}},
		Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "a", Type: "integer"}, {Name: "b", Type: "integer"}},
			Triggers: trs}},
	}}}
	r.Link()
	return r
}

func trig(mod func(*schema.Trigger)) *schema.Trigger {
	t := &schema.Trigger{Name: "tr", Timing: schema.TriggerBefore, Events: []string{"UPDATE"}, ForEachRow: true,
		Function: schema.QualifiedName{Schema: "public", Name: "f"}}
	if mod != nil {
		mod(t)
	}
	return t
}

// describe prints the trigger changes of a diff, one a line.
func describe(cs []Change) string {
	var lines []string
	for _, c := range cs {
		switch c := c.(type) {
		case *CreateTrigger:
			lines = append(lines, fmt.Sprintf("create %s on %s %q", c.Trigger.Name, c.On, c.Reason))
		case *DropTrigger:
			lines = append(lines, fmt.Sprintf("drop %s on %s %q", c.Trigger.Name, c.On, c.Reason))
		case *ReplaceTrigger:
			lines = append(lines, fmt.Sprintf("replace %s on %s", c.To.Name, c.On))
		case *AlterTriggerState:
			lines = append(lines, fmt.Sprintf("state %s on %s %q", c.Trigger.Name, c.On, c.Trigger.Enabled))
		case *CommentOnTrigger:
			lines = append(lines, fmt.Sprintf("comment %s on %s %q", c.Trigger.Name, c.On, c.Comment))
		}
	}
	return strings.Join(lines, "\n")
}

func TestTriggers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to *schema.Realm
		want     string
	}{
		{"unchanged", triggerRealm(trig(nil)), triggerRealm(trig(nil)), ""},
		{"created", triggerRealm(), triggerRealm(trig(nil)), `create tr on public.t ""`},
		{"dropped", triggerRealm(trig(nil)), triggerRealm(), `drop tr on public.t ""`},
		{"state only", triggerRealm(trig(nil)), triggerRealm(trig(func(t *schema.Trigger) { t.Enabled = schema.TriggerReplica })),
			`state tr on public.t "REPLICA"`},
		{"comment only", triggerRealm(trig(nil)), triggerRealm(trig(func(t *schema.Trigger) { t.Comment = "c" })),
			`comment tr on public.t "c"`},
		{"definition and state", triggerRealm(trig(nil)),
			triggerRealm(trig(func(t *schema.Trigger) { t.When = "(new.a > 0)"; t.Enabled = schema.TriggerDisabled })),
			`replace tr on public.t`},
		{"constraint options", triggerRealm(trig(func(t *schema.Trigger) { t.Constraint = true })),
			triggerRealm(trig(func(t *schema.Trigger) { t.Constraint = true; t.Deferrable = true })), `replace tr on public.t`},
		{"update of order", triggerRealm(trig(func(t *schema.Trigger) { t.UpdateOf = []string{"a", "b"} })),
			triggerRealm(trig(func(t *schema.Trigger) { t.UpdateOf = []string{"b", "a"} })), `replace tr on public.t`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := Realms(tc.from, tc.to, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(cs); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestTriggerOverDroppedColumn checks that a trigger whose UPDATE OF names
// a column the plan drops is dropped first and created again, saying why.
func TestTriggerOverDroppedColumn(t *testing.T) {
	from := triggerRealm(trig(func(t *schema.Trigger) { t.UpdateOf = []string{"a", "b"} }))
	to := triggerRealm(trig(func(t *schema.Trigger) { t.UpdateOf = []string{"a"} }))
	tbl := to.Schemas[0].Tables[0]
	tbl.Columns = tbl.Columns[:1]
	cs, err := Realms(from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "drop tr on public.t \"column public.t.b is dropped\"\ncreate tr on public.t \"column public.t.b is dropped\""
	if got := describe(cs); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
