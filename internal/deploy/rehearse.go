package deploy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/state"
)

// A RehearsalError is a pending migration that failed when rehearsed in
// the dev database: nothing was applied to the target. Err (an
// *apply.Error most of the time) names the file, line and column.
type RehearsalError struct {
	Err error
}

func (e *RehearsalError) Error() string {
	return "rehearsal in the dev database failed, so nothing was applied: " + e.Err.Error()
}

func (e *RehearsalError) Unwrap() error { return e.Err }

// rehearse replays, in a scratch database of l's dev server, the
// migrations st finds applied followed by the files of todo, as the
// runner runs them, so that a pending migration PostgreSQL rejects on
// schema grounds fails there and not on the target. The schema it starts
// from is the replay of the applied migrations (the cached canonical
// state when it is known), not the live one: drift (see Drift) and data
// (a duplicate row under a new unique index) are out of its sight. It
// returns how many files it replayed.
func rehearse(ctx context.Context, l *state.Loader, st *Status, todo []int) (int, error) {
	files := map[int]bool{}
	for _, e := range st.Entries {
		if e.File >= 0 && (e.State == Applied || e.State == Edited) {
			files[e.File] = true
		}
	}
	for _, i := range todo {
		files[i] = true
	}
	idx := make([]int, 0, len(files))
	for i := range files {
		idx = append(idx, i)
	}
	slices.Sort(idx) // Dir.Files are in version order
	d := &migrate.Dir{Path: st.Dir.Path, Format: st.Dir.Format}
	for _, i := range idx {
		d.Files = append(d.Files, st.Dir.Files[i])
	}
	if _, err := migrate.Replay(ctx, l, d); err != nil {
		var re *migrate.ReplayError
		if errors.As(err, &re) {
			err = re.Err
		}
		return len(d.Files), &RehearsalError{Err: err}
	}
	return len(d.Files), nil
}

// rehearsalNote says what a rehearsal did.
func rehearsalNote(n, pending int, took time.Duration) string {
	return fmt.Sprintf("rehearsed %d pending migration(s) after the %d applied in the dev database in %s", pending, n-pending, round(took))
}
