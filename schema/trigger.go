package schema

import "github.com/hashicorp/hcl/v2"

// Trigger timings.
const (
	TriggerBefore    = "BEFORE"
	TriggerAfter     = "AFTER"
	TriggerInsteadOf = "INSTEAD OF"
)

// Trigger states (pg_trigger.tgenabled), as ALTER TABLE ... ENABLE/DISABLE
// TRIGGER sets them.
const (
	TriggerEnabled  = ""        // 'O': fires in origin and local sessions
	TriggerDisabled = "DISABLE" // 'D'
	TriggerReplica  = "REPLICA" // 'R': fires only in replica sessions
	TriggerAlways   = "ALWAYS"  // 'A': fires always
)

// A Trigger is a trigger on a table or a view. Triggers that PostgreSQL
// clones onto the partitions of a partitioned table are not separate
// triggers: only the parent's is in the model.
type Trigger struct {
	Name   string
	Timing string // TriggerBefore, TriggerAfter or TriggerInsteadOf
	// Events are "INSERT", "UPDATE", "DELETE" and "TRUNCATE", in that order.
	Events []string
	// UpdateOf lists the columns of UPDATE OF, in declaration order.
	UpdateOf   []string
	ForEachRow bool
	// When is the WHEN condition, as pg_get_triggerdef prints it.
	When Expr
	// Function is the trigger function that runs, and Args the literal
	// arguments passed to it (TG_ARGV).
	Function QualifiedName
	Args     []string
	// OldTable and NewTable are the REFERENCING OLD/NEW TABLE names of
	// transition tables.
	OldTable, NewTable string
	// Constraint reports a CONSTRAINT TRIGGER, which may be deferrable.
	Constraint        bool
	Deferrable        bool
	InitiallyDeferred bool
	// Enabled is TriggerEnabled unless the trigger was disabled or set to
	// fire in replica sessions, or always.
	Enabled   string
	Comment   string
	DeclRange hcl.Range
}

// Trigger returns the trigger with the given name.
func (t *Table) Trigger(name string) (*Trigger, bool) { return find(t.Triggers, name, triggerName) }

func triggerName(t *Trigger) string { return t.Name }
