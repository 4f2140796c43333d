package plan

import (
	"fmt"
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// replaceTriggerVersion is the first PostgreSQL (server_version_num) with
// CREATE OR REPLACE TRIGGER.
const replaceTriggerVersion = 140000

// triggerChange plans a change of a trigger. Triggers are created in
// phTrigger, after the tables, views and functions they need, and dropped
// in phDropTrigger, before the functions, views and columns they use are
// dropped or changed.
func (b *builder) triggerChange(c diff.Change) error {
	switch c := c.(type) {
	case *diff.CreateTrigger:
		comment := "create trigger " + triggerWhat(c.On, c.Trigger)
		if c.Reason != "" {
			comment = "recreate trigger " + triggerWhat(c.On, c.Trigger) + ": " + c.Reason
		}
		b.add(phTrigger, c, comment, createTriggerSQL(c.On, c.Trigger, false))
		b.triggerState(c, c.On, c.Trigger, schema.TriggerEnabled)
		if c.Trigger.Comment != "" {
			b.add(phComment, c, "comment on trigger "+triggerWhat(c.On, c.Trigger), commentOnTrigger(c.On, c.Trigger, c.Trigger.Comment))
		}
	case *diff.DropTrigger:
		// Drops run after the plan's renames: the relation has its new
		// name by then.
		on := b.current(c.On)
		comment := "drop trigger " + triggerWhat(on, c.Trigger)
		if c.Reason != "" {
			comment += " first: " + c.Reason
		}
		b.add(phDropTrigger, c, comment, "DROP TRIGGER "+ident(c.Trigger.Name)+" ON "+qname(on))
	case *diff.ReplaceTrigger:
		b.replaceTrigger(c)
	case *diff.AlterTriggerState:
		b.triggerState(c, c.On, c.Trigger, "unknown")
	case *diff.CommentOnTrigger:
		b.add(phComment, c, "comment on trigger "+triggerWhat(c.On, c.Trigger), commentOnTrigger(c.On, c.Trigger, c.Comment))
	default:
		return fmt.Errorf("plan: unexpected trigger change %T", c)
	}
	return nil
}

// replaceTrigger plans a change of a trigger's definition: CREATE OR
// REPLACE TRIGGER when the target server is known to have it (PostgreSQL
// 14 and later) and the trigger is not a constraint trigger, which
// PostgreSQL refuses to replace (nor may a trigger become one or stop
// being one); a drop and a create otherwise, in the same transaction.
func (b *builder) replaceTrigger(c *diff.ReplaceTrigger) {
	from, to := c.From, c.To
	what := triggerWhat(c.On, to)
	if b.serverVersion >= replaceTriggerVersion && !from.Constraint && !to.Constraint {
		b.add(phTrigger, c, "replace trigger "+what, createTriggerSQL(c.On, to, true))
		// CREATE OR REPLACE TRIGGER sets the trigger enabled again.
		b.triggerState(c, c.On, to, schema.TriggerEnabled)
		if from.Comment != to.Comment {
			b.add(phComment, c, "comment on trigger "+what, commentOnTrigger(c.On, to, to.Comment))
		}
		return
	}
	why := "PostgreSQL cannot replace a constraint trigger"
	switch {
	case from.Constraint != to.Constraint:
		why = "PostgreSQL cannot turn a trigger into a constraint trigger or back"
	case !from.Constraint && b.serverVersion == 0:
		why = "the server's version is unknown (CREATE OR REPLACE TRIGGER needs PostgreSQL 14)"
	case !from.Constraint:
		why = "CREATE OR REPLACE TRIGGER needs PostgreSQL 14"
	}
	on := b.current(c.On)
	b.add(phDropTrigger, c, "drop trigger "+triggerWhat(on, from)+" to create it again: "+why,
		"DROP TRIGGER "+ident(from.Name)+" ON "+qname(on))
	b.add(phTrigger, c, "create trigger "+what+" again with its new definition", createTriggerSQL(c.On, to, false))
	b.triggerState(c, c.On, to, schema.TriggerEnabled)
	if to.Comment != "" {
		b.add(phComment, c, "comment on trigger "+what, commentOnTrigger(c.On, to, to.Comment))
	}
}

// triggerState sets the enabled state of trigger t when it differs from
// the state it has (pass "unknown" to set it whatever it is).
func (b *builder) triggerState(src diff.Change, on schema.QualifiedName, t *schema.Trigger, has string) {
	if t.Enabled == has {
		return
	}
	var clause, words string
	switch t.Enabled {
	case schema.TriggerDisabled:
		clause, words = "DISABLE TRIGGER", "disable"
	case schema.TriggerReplica:
		clause, words = "ENABLE REPLICA TRIGGER", "fire only in replica sessions:"
	case schema.TriggerAlways:
		clause, words = "ENABLE ALWAYS TRIGGER", "fire in every session:"
	default:
		clause, words = "ENABLE TRIGGER", "enable"
	}
	b.add(phTrigger, src, words+" trigger "+triggerWhat(on, t),
		"ALTER TABLE "+qname(on)+" "+clause+" "+ident(t.Name))
}

// triggerWhat names a trigger for a statement's comment.
func triggerWhat(on schema.QualifiedName, t *schema.Trigger) string {
	return ident(t.Name) + " on " + on.String()
}

// commentOnTrigger renders COMMENT ON TRIGGER; "" removes the comment.
func commentOnTrigger(on schema.QualifiedName, t *schema.Trigger, comment string) string {
	val := "NULL"
	if comment != "" {
		val = literal(comment)
	}
	return "COMMENT ON TRIGGER " + ident(t.Name) + " ON " + qname(on) + " IS " + val
}

// createTriggerSQL renders CREATE [OR REPLACE] [CONSTRAINT] TRIGGER,
// leaving out the clauses that hold their defaults (NOT DEFERRABLE,
// INITIALLY IMMEDIATE).
func createTriggerSQL(on schema.QualifiedName, t *schema.Trigger, orReplace bool) string {
	var sb strings.Builder
	sb.WriteString("CREATE ")
	if orReplace {
		sb.WriteString("OR REPLACE ")
	}
	if t.Constraint {
		sb.WriteString("CONSTRAINT ")
	}
	sb.WriteString("TRIGGER " + ident(t.Name) + " " + t.Timing + " ")
	for i, e := range t.Events {
		if i > 0 {
			sb.WriteString(" OR ")
		}
		sb.WriteString(e)
		if e == "UPDATE" && len(t.UpdateOf) > 0 {
			sb.WriteString(" OF " + strings.Join(quoteAll(t.UpdateOf), ", "))
		}
	}
	sb.WriteString(" ON " + qname(on))
	if t.Constraint {
		if t.Deferrable {
			sb.WriteString(" DEFERRABLE")
		}
		if t.InitiallyDeferred {
			sb.WriteString(" INITIALLY DEFERRED")
		}
	}
	if t.OldTable != "" || t.NewTable != "" {
		sb.WriteString(" REFERENCING")
		if t.OldTable != "" {
			sb.WriteString(" OLD TABLE AS " + ident(t.OldTable))
		}
		if t.NewTable != "" {
			sb.WriteString(" NEW TABLE AS " + ident(t.NewTable))
		}
	}
	if t.ForEachRow {
		sb.WriteString(" FOR EACH ROW")
	} else {
		sb.WriteString(" FOR EACH STATEMENT")
	}
	if t.When != "" {
		sb.WriteString(" WHEN (" + string(t.When) + ")")
	}
	sb.WriteString(" EXECUTE FUNCTION " + qname(t.Function) + "(")
	for i, a := range t.Args {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(literal(a))
	}
	sb.WriteString(")")
	return sb.String()
}

// quoteAll quotes each identifier.
func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = ident(n)
	}
	return out
}
