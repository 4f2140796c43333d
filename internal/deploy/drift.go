package deploy

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
)

// A DriftReport compares the live schema with the replay of the migrations
// the database has applied.
type DriftReport struct {
	// Replayed counts the files replayed: the applied and edited ones (an
	// edited file is replayed as it is now, not as it ran).
	Replayed int
	// Statements turn the live database back into the replay; empty when
	// they agree.
	Statements *plan.Plan
	// DumpDiff is the unified diff from the dump of the replay to the dump
	// of the live database ("" when they agree).
	DumpDiff string
}

// Drifted reports whether the live schema differs from the replay.
func (r *DriftReport) Drifted() bool { return len(r.Statements.Statements) > 0 || r.DumpDiff != "" }

// Drift replays, in the loader's dev database, the migrations st finds
// applied (as their runner runs them), inspects the database on conn, and
// compares the two, leaving out the runner's table on both sides. Missing
// migrations cannot be replayed; the caller says so from st.
func Drift(ctx context.Context, l *state.Loader, conn *pgx.Conn, st *Status) (*DriftReport, error) {
	applied := &migrate.Dir{Path: st.Dir.Path, Format: st.Dir.Format}
	for _, e := range st.Entries {
		if e.File >= 0 && (e.State == Applied || e.State == Edited) {
			applied.Files = append(applied.Files, st.Dir.Files[e.File])
		}
	}
	replayed, err := migrate.Replay(ctx, l, applied)
	if err != nil {
		return nil, err
	}
	live, err := l.Database(ctx, conn, nil)
	if err != nil {
		return nil, fmt.Errorf("inspect the database: %w", err)
	}
	state.RemoveTable(live.Realm, st.Table.Schema, st.Table.Name)
	if err := l.Reconcile(ctx, live, replayed); err != nil {
		return nil, err
	}
	var schemas []string
	for _, s := range live.Realm.Schemas {
		schemas = append(schemas, s.Name)
	}
	for _, s := range replayed.Realm.Schemas {
		schemas = append(schemas, s.Name)
	}
	slices.Sort(schemas)
	schemas = slices.Compact(schemas)
	changes, err := diff.Realms(live.Realm, replayed.Realm, diff.Options{Schemas: schemas})
	if err != nil {
		return nil, err
	}
	// A report, not a plan to run as is: no lock_timeout statements.
	p, err := plan.Build(changes, plan.Options{From: live.Realm, LockTimeout: -1})
	if err != nil {
		return nil, err
	}
	var a, b bytes.Buffer
	if err := plan.Dump(replayed.Realm, &a); err != nil {
		return nil, err
	}
	if err := plan.Dump(live.Realm, &b); err != nil {
		return nil, err
	}
	return &DriftReport{
		Replayed:   len(applied.Files),
		Statements: p,
		DumpDiff:   migrate.UnifiedDiff("replay of the applied migrations of "+st.Dir.Path, "database", a.String(), b.String()),
	}, nil
}
