package diff

import (
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// Triggers, on tables (partitioned ones included: the clones PostgreSQL
// puts on partitions are not objects) and on views. They are top-level
// changes, not part of AlterTable, because the plan creates them late,
// once the functions they execute exist, and drops them early, before the
// functions, columns and views they use.
type (
	// CreateTrigger creates a trigger on relation On (its desired name),
	// then sets its enabled state and its comment. Reason is "" for a
	// trigger the current realm lacks; for one that DropTrigger drops first,
	// it says why.
	CreateTrigger struct {
		On      schema.QualifiedName
		Trigger *schema.Trigger
		Reason  string
	}
	// DropTrigger drops a trigger of relation On (its current name) that
	// the plan keeps; a dropped relation's triggers go with it. Reason is
	// "" for a trigger the desired realm lacks.
	DropTrigger struct {
		On      schema.QualifiedName
		Trigger *schema.Trigger
		Reason  string
	}
	// ReplaceTrigger changes the definition of a trigger (timing, events,
	// level, WHEN, function, arguments, transition tables, constraint
	// options): CREATE OR REPLACE TRIGGER where the server allows it, a
	// drop and a create otherwise (see package plan). On is the desired
	// name of the relation; From's name was On's current name.
	ReplaceTrigger struct {
		On       schema.QualifiedName
		From, To *schema.Trigger
	}
	// AlterTriggerState enables or disables an existing trigger (ALTER
	// TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE TRIGGER) when nothing
	// else about it changes. Trigger is the desired trigger.
	AlterTriggerState struct {
		On      schema.QualifiedName
		Trigger *schema.Trigger
	}
	// CommentOnTrigger sets (or, when Comment is "", removes) the comment
	// of an existing trigger.
	CommentOnTrigger struct {
		On      schema.QualifiedName
		Trigger *schema.Trigger
		Comment string
	}
)

func (*CreateTrigger) change()     {}
func (*DropTrigger) change()       {}
func (*ReplaceTrigger) change()    {}
func (*AlterTriggerState) change() {}
func (*CommentOnTrigger) change()  {}

func triggerName(t *schema.Trigger) string { return t.Name }

// A triggerRel is a relation that holds triggers, on one side.
type triggerRel struct {
	name     schema.QualifiedName
	triggers []*schema.Trigger
}

// triggers compares the triggers of the managed relations. It runs after
// the tables, views and functions are compared, since a trigger must be
// dropped and created again when its relation is recreated (a view
// PostgreSQL cannot replace), when its function is dropped and created
// again, or when a column it names (UPDATE OF, WHEN) is dropped or changes
// type: PostgreSQL refuses those changes while the trigger exists.
func (d *differ) triggers() {
	var fromList []triggerRel
	for _, s := range sorted(d.from.Schemas, schemaName) {
		if !d.managed[s.Name] {
			continue
		}
		fromList = append(fromList, relsWithTriggers(s)...)
	}
	from := map[schema.QualifiedName]triggerRel{}
	for _, r := range fromList {
		// Keyed by the desired name of a renamed table.
		from[d.mapTable(r.name)] = r
	}
	// DROP FUNCTION runs before DROP TABLE and refuses while a trigger
	// uses the function: the triggers of a dropped table that use a
	// dropped function go first.
	dropped := map[schema.QualifiedName]bool{}
	for _, c := range d.changes {
		switch c := c.(type) {
		case *DropFunction:
			dropped[c.Function.QualifiedName()] = true
		case *RecreateFunction:
			dropped[c.From.QualifiedName()] = true
		}
	}
	kept := map[schema.QualifiedName]bool{}
	for _, s := range d.to.Schemas {
		for _, tr := range relsWithTriggers(s) {
			kept[tr.name] = true
		}
	}
	for _, fr := range fromList {
		if kept[d.mapTable(fr.name)] {
			continue
		}
		for _, t := range sorted(fr.triggers, triggerName) {
			if dropped[t.Function] {
				d.add(&DropTrigger{On: fr.name, Trigger: t,
					Reason: "function " + t.Function.String() + " is dropped before " + fr.name.String()})
			}
		}
	}
	for _, s := range sorted(d.to.Schemas, schemaName) {
		for _, tr := range relsWithTriggers(s) {
			fr, ok := from[tr.name]
			if !ok {
				for _, t := range sorted(tr.triggers, triggerName) {
					d.add(&CreateTrigger{On: tr.name, Trigger: t})
				}
				continue
			}
			if why, ok := d.invalidated[invalidKey(schema.ObjectRef{Kind: schema.KindView, Schema: fr.name.Schema, Name: fr.name.Name})]; ok {
				// The relation is dropped and created again, and its
				// triggers with it.
				for _, t := range sorted(tr.triggers, triggerName) {
					d.add(&CreateTrigger{On: tr.name, Trigger: t, Reason: why})
				}
				continue
			}
			d.relationTriggers(fr, tr)
		}
	}
}

// relsWithTriggers lists the tables and views of a schema, sorted by name,
// with their triggers.
func relsWithTriggers(s *schema.Schema) []triggerRel {
	var out []triggerRel
	for _, t := range s.Tables {
		out = append(out, triggerRel{name: schema.QualifiedName{Schema: s.Name, Name: t.Name}, triggers: t.Triggers})
	}
	for _, v := range s.Views {
		out = append(out, triggerRel{name: schema.QualifiedName{Schema: s.Name, Name: v.Name}, triggers: v.Triggers})
	}
	slices.SortFunc(out, func(a, b triggerRel) int { return compareNames(a.name, b.name) })
	return out
}

func compareNames(a, b schema.QualifiedName) int {
	switch {
	case a.Schema != b.Schema && a.Schema < b.Schema, a.Schema == b.Schema && a.Name < b.Name:
		return -1
	case a == b:
		return 0
	}
	return 1
}

// relationTriggers compares the triggers of a relation that the plan
// keeps.
func (d *differ) relationTriggers(fr, tr triggerRel) {
	for _, ft := range sorted(fr.triggers, triggerName) {
		tt, ok := findTrigger(tr.triggers, ft.Name)
		switch {
		case !ok:
			d.add(&DropTrigger{On: fr.name, Trigger: ft})
		case d.triggerInvalidated(fr.name, ft) != "":
			why := d.triggerInvalidated(fr.name, ft)
			d.add(&DropTrigger{On: fr.name, Trigger: ft, Reason: why}, &CreateTrigger{On: tr.name, Trigger: tt, Reason: why})
		}
	}
	for _, tt := range sorted(tr.triggers, triggerName) {
		ft, ok := findTrigger(fr.triggers, tt.Name)
		if !ok {
			d.add(&CreateTrigger{On: tr.name, Trigger: tt})
			continue
		}
		if d.triggerInvalidated(fr.name, ft) != "" {
			continue // recreated above
		}
		if !d.sameTriggerDefinition(fr.name, ft, tt) {
			d.add(&ReplaceTrigger{On: tr.name, From: ft, To: tt})
			continue // the replacement sets the state and the comment
		}
		if ft.Enabled != tt.Enabled {
			d.add(&AlterTriggerState{On: tr.name, Trigger: tt})
		}
		if ft.Comment != tt.Comment {
			d.add(&CommentOnTrigger{On: tr.name, Trigger: tt, Comment: tt.Comment})
		}
	}
}

// triggerInvalidated returns why trigger t of the current relation rel
// must be dropped before the plan changes what it uses, or "": its
// function is dropped and created again, or a column it names is dropped
// or changes type.
func (d *differ) triggerInvalidated(rel schema.QualifiedName, t *schema.Trigger) string {
	fn := schema.ObjectRef{Kind: schema.KindFunction, Schema: t.Function.Schema, Name: t.Function.Name}
	if why, ok := d.invalidated[invalidKey(fn)]; ok {
		return why
	}
	cols := append(slices.Clone(t.UpdateOf), identifiers(string(t.When))...)
	for _, c := range cols {
		ref := schema.ObjectRef{Kind: schema.KindColumn, Schema: rel.Schema, Name: rel.Name, Column: c}
		if why, ok := d.invalidated[invalidKey(ref)]; ok {
			return why
		}
	}
	return ""
}

// sameTriggerDefinition reports whether current trigger f (of current
// relation rel) and desired trigger t differ at most in their enabled
// state and comment. UPDATE OF columns are compared by their desired
// names; a renamed column in WHEN reads as a change (a harmless
// replacement).
func (d *differ) sameTriggerDefinition(rel schema.QualifiedName, f, t *schema.Trigger) bool {
	return f.Timing == t.Timing &&
		slices.Equal(f.Events, t.Events) &&
		slices.Equal(d.mapColumns(rel, f.UpdateOf), t.UpdateOf) &&
		f.ForEachRow == t.ForEachRow &&
		f.When == t.When &&
		f.Function == t.Function &&
		slices.Equal(f.Args, t.Args) &&
		f.OldTable == t.OldTable && f.NewTable == t.NewTable &&
		f.Constraint == t.Constraint && f.Deferrable == t.Deferrable && f.InitiallyDeferred == t.InitiallyDeferred
}

func findTrigger(ts []*schema.Trigger, name string) (*schema.Trigger, bool) {
	for _, t := range ts {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}
