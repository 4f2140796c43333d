package deploy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/state"
)

// TestRehearsal: a pending migration that PostgreSQL rejects on schema
// grounds fails in the dev database, and nothing (not even the good file
// before it) is applied to the target.
func TestRehearsal(t *testing.T) {
	t.Parallel()
	conn := connect(t, pgtest.New(t))
	files := map[string]string{
		"1_users.sql": "CREATE TABLE users (id int);\n",
	}
	d := writeDir(t, migrate.FormatSQLx, files)
	loader := state.NewLoader(pgtest.AdminURL(t))
	loader.CacheDir = ""
	t.Cleanup(func() { loader.Close() })
	if _, out, _, err := applyAll(t, conn, d, deploy.Options{Rehearsal: loader}); err != nil || !strings.Contains(out, "rehearsed 1 pending migration(s) after the 0 applied") {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	files["2_teams.sql"] = "CREATE TABLE teams (id int);\n"
	files["3_dup.sql"] = "CREATE TABLE other (id int);\nALTER TABLE users ADD COLUMN id int;\n"
	d = writeDir(t, migrate.FormatSQLx, files)
	_, out, _, err := applyAll(t, conn, d, deploy.Options{Rehearsal: loader})
	var re *deploy.RehearsalError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "3_dup.sql:2:1: error: PostgreSQL rejected the statement: column \"id\" of relation \"users\" already exists") {
		t.Fatalf("apply = %v, want a rehearsal failure at 3_dup.sql:2:1\n%s", err, out)
	}
	wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Pending, "3": deploy.Pending})
	if tableExists(t, conn, "teams") || tableExists(t, conn, "other") {
		t.Error("a migration ran on the target although the rehearsal failed")
	}
}
