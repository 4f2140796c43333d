package migrate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/state"
)

// outsideRoles is a directory whose migrations use roles that they do not
// create (made by Terraform, say), and one role they create themselves.
var outsideRoles = map[string]string{
	"1_audit.sql": "CREATE SCHEMA audit AUTHORIZATION audit_owner;\n" +
		"CREATE TABLE audit.events (id bigint PRIMARY KEY, body text);\n" +
		"GRANT SELECT ON audit.events TO reporting;\n" +
		"CREATE ROLE app_writer NOLOGIN;\n" +
		"GRANT INSERT ON audit.events TO app_writer;\n" +
		"ALTER TABLE audit.events OWNER TO audit_owner;\n",
	"2_more.sql": "ALTER DEFAULT PRIVILEGES FOR ROLE audit_owner IN SCHEMA audit GRANT SELECT ON TABLES TO \"Reporting Team\";\n" +
		"ALTER TABLE audit.events ENABLE ROW LEVEL SECURITY;\n" +
		"CREATE POLICY readers ON audit.events FOR SELECT TO reporting, PUBLIC USING (true);\n" +
		// pg_monitor: a predefined role of every supported version
		// (pg_read_all_data, say, is new in 14).
		"REVOKE ALL ON audit.events FROM CURRENT_USER, pg_monitor;\n",
}

// throwawayLoader returns a loader on a throwaway dev server of its own
// (no --dev-url), the only kind on which schemactl creates roles.
func throwawayLoader(t *testing.T) (*state.Loader, *bytes.Buffer) {
	t.Helper()
	t.Setenv("SCHEMACTL_DEV_URL", "")
	var stderr bytes.Buffer
	l := &state.Loader{Stderr: &stderr}
	t.Cleanup(func() { l.Close() })
	if _, err := l.Dev(context.Background()); err != nil {
		if errors.Is(err, devdb.ErrNoPostgres) && os.Getenv("SCHEMACTL_TEST_REQUIRE_DB") != "1" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	return l, &stderr
}

// TestReplayOutsideRoles replays the directory twice on one throwaway
// server: the first replay creates the outside roles, NOLOGIN, with a note
// each; the second finds them and says nothing; the role the migrations
// create themselves is dropped after each replay, so the second replay's
// CREATE ROLE does not fail.
func TestReplayOutsideRoles(t *testing.T) {
	ctx := context.Background()
	l, stderr := throwawayLoader(t)
	d, err := ReadDir(writeDir(t, outsideRoles), FormatSQLx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Replay(ctx, l, d)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if _, ok := st.Realm.Table(qualified("audit", "events")); !ok {
		t.Fatal("no table audit.events after the replay")
	}
	want := "schemactl: created role \"Reporting Team\" (NOLOGIN) in the dev database: the migrations use it and do not create it\n" +
		"schemactl: created role audit_owner (NOLOGIN) in the dev database: the migrations use it and do not create it\n" +
		"schemactl: created role reporting (NOLOGIN) in the dev database: the migrations use it and do not create it\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	dev, err := l.Dev(ctx)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := dev.Roles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"audit_owner", "reporting", "Reporting Team"} {
		if !contains(roles, r) {
			t.Errorf("role %s is not on the dev server after the replay", r)
		}
	}
	if contains(roles, "app_writer") {
		t.Error("the role the migrations create is still on the dev server after the replay")
	}
	stderr.Reset()
	if _, err := Replay(ctx, l, d); err != nil {
		t.Fatalf("second Replay: %v", err)
	}
	if stderr.Len() > 0 {
		t.Errorf("second replay: stderr %q, want nothing (the roles exist)", stderr)
	}
}

// TestReplayOutsideRolesNamedServer checks that on a dev server the user
// named, no role is created and the error lists exactly the missing ones.
func TestReplayOutsideRolesNamedServer(t *testing.T) {
	ctx := context.Background()
	d, err := ReadDir(writeDir(t, outsideRoles), FormatSQLx)
	if err != nil {
		t.Fatal(err)
	}
	l := newLoader(t)
	_, err = Replay(ctx, l, d)
	var missing *devdb.MissingRolesError
	if !errors.As(err, &missing) {
		t.Fatalf("Replay error = %v, want a *devdb.MissingRolesError", err)
	}
	if got, want := strings.Join(missing.Roles, ","), "Reporting Team,audit_owner,reporting"; got != want {
		t.Errorf("missing roles %s, want %s", got, want)
	}
	if !strings.Contains(err.Error(), `"Reporting Team", audit_owner, reporting`) {
		t.Errorf("error %q does not list the roles", err)
	}
	dev, err := l.Dev(ctx)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := dev.Roles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if contains(roles, "audit_owner") {
		t.Error("a role was created on the named server")
	}
}

// TestReplayMissingExtension checks the error for an extension the dev
// server lacks: it names the extension, where the migration creates it,
// the server's version and, for a throwaway server, its bin folder.
func TestReplayMissingExtension(t *testing.T) {
	ctx := context.Background()
	d, err := ReadDir(writeDir(t, map[string]string{
		"1_ext.sql": "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n\nCREATE EXTENSION no_such_ext;\n",
	}), FormatSQLx)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := throwawayLoader(t)
	dev, err := l.Dev(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Replay(ctx, l, d)
	var me *devdb.MissingExtensionError
	if !errors.As(err, &me) {
		t.Fatalf("Replay error = %v, want a *devdb.MissingExtensionError", err)
	}
	msg := err.Error()
	for _, want := range []string{"1_ext.sql:3:1: error: ", `extension "no_such_ext"`, "PostgreSQL 1", dev.BinDir()} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if me.Extension != "no_such_ext" || dev.BinDir() == "" {
		t.Errorf("extension %q, bin folder %q", me.Extension, dev.BinDir())
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
