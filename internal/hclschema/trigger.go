package hclschema

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/schemactl/schemactl/schema"
)

// Triggers are Atlas's `trigger` blocks:
//
//	trigger "touch" {
//	  on = table.users                      # or view.v, table.public.users
//	  before {                              # or after, instead_of
//	    insert    = true                    # update, delete, truncate
//	    update_of = [table.users.column.a]  # or [column.a]
//	  }
//	  for = ROW                             # or STATEMENT, the default
//	  when = "new.a IS DISTINCT FROM old.a"
//	  execute {
//	    function = function.touch           # or function.public.touch
//	    args     = ["x"]
//	  }
//	  comment = "..."
//	}
//
// schemactl adds what Atlas lacks: referencing { old = "o", new = "n" }
// (transition tables), constraint = true with deferrable and
// initially_deferred (CREATE CONSTRAINT TRIGGER), and enabled = false,
// REPLICA or ALWAYS (ALTER TABLE ... DISABLE / ENABLE REPLICA / ENABLE
// ALWAYS TRIGGER; true, the default, is ENABLE).
var triggerKind = &kind{
	block:   "trigger",
	decoder: func(d *decoder) kindDecoder { return &triggerBlocks{d: d} },
	encodeSchema: func(e *encoder, s *schema.Schema, add addBlock) {
		byName := func(t *schema.Trigger) string { return t.Name }
		for _, t := range sortedByName(s.Tables, func(t *schema.Table) string { return t.Name }) {
			for _, tr := range sortedByName(t.Triggers, byName) {
				e.trigger(add("trigger", tr.Name), e.tableRef(t.QualifiedName()), tr)
			}
		}
		for _, v := range sortedByName(s.Views, func(v *schema.View) string { return v.Name }) {
			for _, tr := range sortedByName(v.Triggers, byName) {
				e.trigger(add("trigger", tr.Name), e.viewRef(v), tr)
			}
		}
	},
}

type triggerBlocks struct {
	noPhases
	d        *decoder
	triggers []*triggerDecl
}

type triggerEventsHCL struct {
	Insert   bool           `hcl:"insert,optional"`
	Update   bool           `hcl:"update,optional"`
	Delete   bool           `hcl:"delete,optional"`
	Truncate bool           `hcl:"truncate,optional"`
	UpdateOf *hcl.Attribute `hcl:"update_of,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type triggerExecuteHCL struct {
	Function hcl.Expression `hcl:"function"`
	Args     []string       `hcl:"args,optional"`
}

type triggerReferencingHCL struct {
	Old string `hcl:"old,optional"`
	New string `hcl:"new,optional"`
}

type triggerHCL struct {
	On                *hcl.Attribute         `hcl:"on,optional"`
	Before            []*triggerEventsHCL    `hcl:"before,block"`
	After             []*triggerEventsHCL    `hcl:"after,block"`
	InsteadOf         []*triggerEventsHCL    `hcl:"instead_of,block"`
	For               *hcl.Attribute         `hcl:"for,optional"`
	When              *hcl.Attribute         `hcl:"when,optional"`
	Referencing       *triggerReferencingHCL `hcl:"referencing,block"`
	Execute           *triggerExecuteHCL     `hcl:"execute,block"`
	Constraint        bool                   `hcl:"constraint,optional"`
	Deferrable        bool                   `hcl:"deferrable,optional"`
	InitiallyDeferred bool                   `hcl:"initially_deferred,optional"`
	Enabled           *hcl.Attribute         `hcl:"enabled,optional"`
	Comment           string                 `hcl:"comment,optional"`
}

type triggerDecl struct {
	t         *schema.Trigger
	raw       triggerHCL
	events    *triggerEventsHCL
	nameRange hcl.Range
}

// decodeBlock reads what needs no other block: everything but on,
// update_of and the function.
func (k *triggerBlocks) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	td := &triggerDecl{nameRange: b.LabelRanges[0]}
	diags := gohcl.DecodeBody(b.Body, nil, &td.raw)
	raw := &td.raw
	t := &schema.Trigger{Name: b.Labels[0], Comment: raw.Comment, DeclRange: b.DefRange,
		Constraint: raw.Constraint, Deferrable: raw.Deferrable, InitiallyDeferred: raw.InitiallyDeferred}
	td.t = t
	k.triggers = append(k.triggers, td)
	diags = append(diags, checkName("trigger", t.Name, td.nameRange)...)
	if diags.HasErrors() {
		return diags
	}
	timings := 0
	for _, tm := range []struct {
		blocks []*triggerEventsHCL
		timing string
	}{{raw.Before, schema.TriggerBefore}, {raw.After, schema.TriggerAfter}, {raw.InsteadOf, schema.TriggerInsteadOf}} {
		for _, ev := range tm.blocks {
			timings++
			if timings > 1 {
				diags = append(diags, diagError(ev.DefRange, "Conflicting timing",
					"Trigger %q has one of before, after or instead_of, once.", t.Name))
				continue
			}
			t.Timing, td.events = tm.timing, ev
			for _, e := range []struct {
				on   bool
				name string
			}{{ev.Insert, "INSERT"}, {ev.Update || ev.UpdateOf != nil, "UPDATE"}, {ev.Delete, "DELETE"}, {ev.Truncate, "TRUNCATE"}} {
				if e.on {
					t.Events = append(t.Events, e.name)
				}
			}
			if len(t.Events) == 0 {
				diags = append(diags, diagError(ev.DefRange, "Missing event",
					"Trigger %q fires on at least one of insert, update, update_of, delete and truncate.", t.Name))
			}
		}
	}
	if timings == 0 {
		diags = append(diags, diagError(td.nameRange, "Missing timing",
			"Trigger %q needs a before, after or instead_of block with its events, such as before { update = true }.", t.Name))
	}
	if raw.For != nil {
		level, more := decodeKeyword(raw.For.Expr, "for", "ROW", "STATEMENT")
		diags = append(diags, more...)
		t.ForEachRow = level == "ROW"
	}
	if raw.When != nil {
		when, more := decodeSQLText(raw.When.Expr, "The WHEN condition of a trigger")
		diags = append(diags, more...)
		t.When = schema.Expr(strings.TrimSpace(when))
	}
	if r := raw.Referencing; r != nil {
		t.OldTable, t.NewTable = r.Old, r.New
	}
	if raw.Execute == nil {
		diags = append(diags, diagError(td.nameRange, "Missing function",
			"Trigger %q needs the function it executes, such as execute { function = function.touch }.", t.Name))
	} else {
		t.Args = raw.Execute.Args
	}
	if (raw.Deferrable || raw.InitiallyDeferred) && !raw.Constraint {
		diags = append(diags, diagError(td.nameRange, "Not a constraint trigger",
			"Trigger %q is deferrable, which only a constraint trigger can be: add constraint = true.", t.Name))
	}
	if raw.Enabled != nil {
		state, more := decodeTriggerState(raw.Enabled.Expr)
		diags = append(diags, more...)
		t.Enabled = state
	}
	return diags
}

// decodeTriggerState reads enabled: true, false, ORIGIN, REPLICA or ALWAYS.
func decodeTriggerState(expr hcl.Expression) (string, hcl.Diagnostics) {
	if v, diags := expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "bool" && v.IsKnown() && !v.IsNull() {
		if v.True() {
			return schema.TriggerEnabled, nil
		}
		return schema.TriggerDisabled, nil
	}
	w, diags := decodeKeyword(expr, "enabled (true, false,", "ORIGIN", "REPLICA", "ALWAYS")
	switch w {
	case "REPLICA":
		return schema.TriggerReplica, diags
	case "ALWAYS":
		return schema.TriggerAlways, diags
	}
	return schema.TriggerEnabled, diags
}

// decodeRelations resolves on, update_of and the function, once every
// table, view and function is placed, and adds each trigger to its
// relation.
func (k *triggerBlocks) decodeRelations() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, td := range k.triggers {
		t := td.t
		if td.raw.On == nil {
			diags = append(diags, diagError(td.nameRange, "Missing table",
				"Trigger %q needs the table or view it is on, such as on = table.users.", t.Name))
			continue
		}
		r, more := decodeReference(td.raw.On.Expr, "table.users")
		if more.HasErrors() {
			diags = append(diags, more...)
			continue
		}
		bothEnds := func(ds hcl.Diagnostics, on string) hcl.Diagnostics {
			for _, dg := range ds {
				dg.Detail = fmt.Sprintf("Trigger %q (declared at %s) is on %s: %s", t.Name, posString(td.nameRange), on, dg.Detail)
			}
			return ds
		}
		var (
			rel     schema.QualifiedName
			table   *schema.Table
			list    *[]*schema.Trigger
			relSkip bool
		)
		switch {
		case len(r.names) >= 2 && r.names[0] == "table":
			tbl, more := k.d.lookupTable(r.names[1:], r.rng)
			if more.HasErrors() {
				diags = append(diags, bothEnds(more, r.String())...)
				continue
			}
			relSkip, table, list = tbl.skip, tbl.t, &tbl.t.Triggers
			if !relSkip {
				rel = tbl.qualifiedName()
			}
		case len(r.names) >= 2 && r.names[0] == "view":
			vd, more := k.d.lookupView(false, r.names[1:], r.rng)
			if more.HasErrors() {
				diags = append(diags, bothEnds(more, r.String())...)
				continue
			}
			relSkip, list = vd.skip, &vd.view.Triggers
			if !relSkip {
				rel = schema.QualifiedName{Schema: vd.schema.Name, Name: vd.view.Name}
			}
		default:
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"Trigger %q is on a table or a view, such as table.users or view.active_users, not %s.", t.Name, r))
			continue
		}
		if relSkip {
			continue
		}
		if ev := td.events; ev != nil && ev.UpdateOf != nil {
			cols, more := k.updateOf(td, rel, table, ev.UpdateOf.Expr)
			diags = append(diags, more...)
			t.UpdateOf = cols
		}
		if td.raw.Execute != nil {
			fn, more := k.function(td, rel, td.raw.Execute.Function)
			diags = append(diags, more...)
			t.Function = fn
		}
		for _, other := range *list {
			if other.Name == t.Name {
				diags = append(diags, diagError(td.nameRange, "Duplicate trigger",
					"Trigger %q is already declared on %s at %s.", t.Name, rel, posString(other.DeclRange)))
			}
		}
		*list = append(*list, t)
	}
	return diags
}

// updateOf resolves the columns of update_of: column.a, or
// table.users.column.a naming the trigger's table.
func (k *triggerBlocks) updateOf(td *triggerDecl, rel schema.QualifiedName, table *schema.Table, expr hcl.Expression) ([]string, hcl.Diagnostics) {
	refs, diags := decodeReferenceList(expr, "column.updated_at")
	var cols []string
	for _, r := range refs {
		n := len(r.names)
		if n < 2 || r.names[n-2] != "column" || (n > 2 && r.names[0] != "table") {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"update_of lists columns, such as column.a or table.users.column.a, not %s.", r))
			continue
		}
		name := r.names[n-1]
		if table == nil {
			diags = append(diags, diagError(r.rng, "Invalid reference",
				"Trigger %q is on view %s: UPDATE OF names columns of tables only.", td.t.Name, rel))
			continue
		}
		if n > 2 {
			if other, more := k.d.lookupTable(r.names[1:n-2], r.rng); more.HasErrors() || other.t != table {
				diags = append(diags, diagError(r.rng, "Invalid reference",
					"Trigger %q is on table %s; update_of names its columns, not %s.", td.t.Name, rel, r))
				continue
			}
		}
		if _, ok := table.Column(name); !ok {
			diags = append(diags, diagError(r.rng, "Reference to undeclared column",
				"Trigger %q (declared at %s) fires on UPDATE OF column %q, which table %s does not declare.",
				td.t.Name, posString(td.nameRange), name, rel))
			continue
		}
		cols = append(cols, name)
	}
	return cols, diags
}

// function resolves the function a trigger executes: function.f or
// function.s.f, declared in the files; or a string "schema.name" for a
// function declared elsewhere (an extension's), which is not checked.
func (k *triggerBlocks) function(td *triggerDecl, rel schema.QualifiedName, expr hcl.Expression) (schema.QualifiedName, hcl.Diagnostics) {
	if s, diags := constString(expr, "function"); !diags.HasErrors() {
		i := strings.LastIndex(s, ".")
		if i <= 0 || i == len(s)-1 {
			return schema.QualifiedName{}, hcl.Diagnostics{diagError(expr.Range(), "Invalid function",
				"A function given as a string is qualified: \"schema.name\", not %q.", s)}
		}
		return schema.QualifiedName{Schema: s[:i], Name: s[i+1:]}, nil
	}
	r, diags := decodeReference(expr, "function.touch")
	if diags.HasErrors() {
		return schema.QualifiedName{}, diags
	}
	if len(r.names) < 2 || len(r.names) > 3 || r.names[0] != "function" {
		return schema.QualifiedName{}, hcl.Diagnostics{diagError(r.rng, "Invalid reference",
			"Trigger %q executes a function, such as function.touch or function.public.touch, not %s.", td.t.Name, r)}
	}
	name, schemaName := r.names[len(r.names)-1], ""
	if len(r.names) == 3 {
		schemaName = r.names[1]
	}
	var found []schema.QualifiedName
	var known []string
	for _, s := range k.d.realm.Schemas {
		for _, f := range s.Functions {
			if f.Procedure {
				continue
			}
			known = append(known, f.Name)
			if f.Name == name && (schemaName == "" || s.Name == schemaName) {
				q := schema.QualifiedName{Schema: s.Name, Name: f.Name}
				if len(found) == 0 || found[len(found)-1] != q {
					found = append(found, q)
				}
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return schema.QualifiedName{}, hcl.Diagnostics{diagError(r.rng, "Reference to undeclared function",
			"Trigger %q (declared at %s) on %s executes %s, which is not declared.%s",
			td.t.Name, posString(td.nameRange), rel, r, didYouMean(name, known))}
	}
	return schema.QualifiedName{}, hcl.Diagnostics{diagError(r.rng, "Ambiguous reference",
		"Function %q is declared in schemas %q and %q; name its schema, as in function.%s.%s.",
		name, found[0].Schema, found[1].Schema, found[0].Schema, name)}
}

// viewRef refers to a view by its name alone when no other schema
// declares a view of that name, and with its schema otherwise.
func (e *encoder) viewRef(v *schema.View) string {
	n := 0
	for _, s := range e.r.Schemas {
		if ov, ok := s.View(v.Name); ok && !ov.Materialized {
			n++
		}
	}
	if n == 1 {
		return hclTraversal("view", v.Name)
	}
	return hclTraversal("view", v.Schema.Name, v.Name)
}

// functionRef refers to a trigger function of the realm by its name alone
// when that is unambiguous, with its schema otherwise, and as a string
// when the realm does not hold it.
func (e *encoder) functionRef(q schema.QualifiedName) string {
	n, in := 0, false
	for _, s := range e.r.Schemas {
		for _, f := range s.Functions {
			if f.Name == q.Name && !f.Procedure {
				n++
				in = in || s.Name == q.Schema
			}
		}
	}
	switch {
	case !in:
		return hclString(q.Schema + "." + q.Name)
	case n == 1:
		return hclTraversal("function", q.Name)
	}
	return hclTraversal("function", q.Schema, q.Name)
}

func (e *encoder) trigger(b *hclBlock, on string, t *schema.Trigger) {
	b.set("on", on)
	block := map[string]string{schema.TriggerBefore: "before", schema.TriggerAfter: "after", schema.TriggerInsteadOf: "instead_of"}[t.Timing]
	ev := b.block(block)
	for _, e := range t.Events {
		if e == "UPDATE" && len(t.UpdateOf) > 0 {
			continue
		}
		ev.set(strings.ToLower(e), "true")
	}
	if len(t.UpdateOf) > 0 {
		ev.set("update_of", columnRefs(t.UpdateOf))
	}
	if t.ForEachRow {
		b.set("for", "ROW")
	} else {
		b.set("for", "STATEMENT")
	}
	setString(b, "when", string(t.When))
	if t.OldTable != "" || t.NewTable != "" {
		ref := b.block("referencing")
		setString(ref, "old", t.OldTable)
		setString(ref, "new", t.NewTable)
	}
	x := b.block("execute")
	x.set("function", e.functionRef(t.Function))
	if len(t.Args) > 0 {
		args := make([]string, len(t.Args))
		for i, a := range t.Args {
			args[i] = hclString(a)
		}
		x.set("args", hclTuple(args))
	}
	if t.Constraint {
		b.set("constraint", "true")
		if t.Deferrable {
			b.set("deferrable", "true")
		}
		if t.InitiallyDeferred {
			b.set("initially_deferred", "true")
		}
	}
	switch t.Enabled {
	case schema.TriggerDisabled:
		b.set("enabled", "false")
	case schema.TriggerReplica:
		b.set("enabled", "REPLICA")
	case schema.TriggerAlways:
		b.set("enabled", "ALWAYS")
	}
	setString(b, "comment", t.Comment)
}
