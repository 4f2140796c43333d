// Package rehearsal runs a declarative plan in the dev database before it
// runs on its target: the target's current schema is created in a scratch
// database (only the tables the plan changes, and those they need, when
// that is enough; see internal/state), the plan's statements run there as
// apply runs them, and what they leave is read back and compared with the
// desired state, which a re-plan must find nothing left to do for. A plan
// that fails there, or leaves a difference, is not to be applied.
//
// The copy holds no rows: what only data can make fail (a duplicate under
// a new unique index, a NULL under a new NOT NULL, a cast of an existing
// value) passes the rehearsal and can still fail on the target.
package rehearsal
