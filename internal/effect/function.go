package effect

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// A FunctionCatalog is a Catalog that also knows which triggers execute a
// function. Analyze asks it, when the catalog implements it, so that a
// DROP FUNCTION that PostgreSQL would refuse (or, with CASCADE, that would
// take triggers with it) names those triggers.
type FunctionCatalog interface {
	// TriggersExecuting returns the triggers that execute the function
	// called name, as `"trg" on public.t`, sorted.
	TriggersExecuting(function Name) []string
}

// TriggersExecuting implements FunctionCatalog by asking the base catalog.
// A State does not follow triggers: those a script creates are not known.
func (s *State) TriggersExecuting(n Name) []string {
	if fc, ok := s.base.(FunctionCatalog); ok {
		return fc.TriggersExecuting(n)
	}
	return nil
}

// dropFunction describes DROP FUNCTION, PROCEDURE or ROUTINE. It locks no
// table and runs in a transaction; what it may break is other objects:
// PostgreSQL refuses the drop while a trigger, view, default, check or
// index uses the function, and CASCADE drops them.
func (a *analyzer) dropFunction(s *pg_query.DropStmt) {
	cascade := s.Behavior == pg_query.DropBehavior_DROP_CASCADE
	fc, _ := a.cat.(FunctionCatalog)
	for _, o := range s.Objects {
		owa := o.GetObjectWithArgs()
		if owa == nil {
			continue
		}
		name := listName(owa.GetObjname())
		a.action(Action{Kind: ActDrop, Target: name, Destructive: cascade})
		if fc == nil {
			continue
		}
		if trs := fc.TriggersExecuting(name); len(trs) > 0 {
			what := "triggers " + strings.Join(trs, ", ") + " execute"
			if len(trs) == 1 {
				what = "trigger " + trs[0] + " executes"
			}
			if cascade {
				a.note(what + " function " + name.String() + ": CASCADE drops them with it")
			} else {
				a.note(what + " function " + name.String() + ": PostgreSQL refuses the drop while they exist")
			}
		}
	}
	if cascade {
		a.e.Destructive = true
		a.note("CASCADE also drops the triggers, views, defaults, checks and indexes that use the function")
	}
}
