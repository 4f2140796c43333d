package deploy_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

var dbmateFiles = map[string]string{
	"20240101000000_users.sql": "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n",
	"20240102000000_teams.sql": "-- migrate:up\nCREATE TABLE teams (id int);\nALTER TABLE users ADD COLUMN team int;\n\n-- migrate:down\nDROP TABLE teams;\n",
	"20240103000000_index.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_team ON users (team);\n\n-- migrate:down\nDROP INDEX users_team;\n",
	"20240104000000_name.sql":  "-- migrate:up\nALTER TABLE teams ADD COLUMN name text;\n\n-- migrate:down\nALTER TABLE teams DROP COLUMN name;\n",
}

// dbmateBinary returns the dbmate executable: $SCHEMACTL_DBMATE (which
// .ci/run installs with npm), or dbmate on the PATH. Without it the test
// skips, and fails when SCHEMACTL_TEST_REQUIRE_DB=1, as CI sets.
func dbmateBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SCHEMACTL_DBMATE"); p != "" {
		return p
	}
	if p, err := exec.LookPath("dbmate"); err == nil {
		return p
	}
	if os.Getenv("SCHEMACTL_TEST_REQUIRE_DB") == "1" {
		t.Fatal("no dbmate: set SCHEMACTL_DBMATE to its binary (npm install dbmate; .ci/run does)")
	}
	t.Skip("no dbmate: set SCHEMACTL_DBMATE to its binary (npm install dbmate)")
	return ""
}

// runDbmate runs dbmate's command on the database at url with the
// migrations of dir.
func runDbmate(t *testing.T, bin, url, dir string, args ...string) string {
	t.Helper()
	u := url + "&sslmode=disable"
	if !strings.Contains(url, "?") {
		u = url + "?sslmode=disable"
	}
	cmd := exec.Command(bin, append([]string{"--url", u, "--migrations-dir", dir, "--no-dump-schema"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dbmate %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestDbmateInterop applies half a directory with dbmate and the rest
// with schemactl, then the other way round. dbmate has no "up to": the
// half it applies is a copy of the directory with the first two files.
func TestDbmateInterop(t *testing.T) {
	t.Parallel()
	bin := dbmateBinary(t)
	all := map[string]deploy.State{"20240101000000": deploy.Applied, "20240102000000": deploy.Applied, "20240103000000": deploy.Applied, "20240104000000": deploy.Applied}
	half := map[string]string{}
	for n, text := range dbmateFiles {
		if n < "20240103" {
			half[n] = text
		}
	}

	t.Run("dbmate then schemactl", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		first := writeDir(t, migrate.FormatDbmate, half)
		runDbmate(t, bin, url, first.Path, "migrate")
		d := writeDir(t, migrate.FormatDbmate, dbmateFiles)
		conn := connect(t, url)
		wantStates(t, states(t, conn, d), map[string]deploy.State{"20240101000000": deploy.Applied, "20240102000000": deploy.Applied, "20240103000000": deploy.Pending, "20240104000000": deploy.Pending})
		if res, out, _, err := applyAll(t, conn, d, deploy.Options{}); err != nil || len(res.Applied) != 2 {
			t.Fatalf("schemactl apply: %v\n%s", err, out)
		}
		wantStates(t, states(t, conn, d), all)
		out := runDbmate(t, bin, url, d.Path, "status")
		if !strings.Contains(out, "Applied: 4") || !strings.Contains(out, "Pending: 0") {
			t.Errorf("dbmate status after schemactl:\n%s", out)
		}
		if !tableExists(t, conn, "users_team") {
			t.Error("the transaction:false migration's index is missing")
		}
	})

	t.Run("schemactl then dbmate", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		d := writeDir(t, migrate.FormatDbmate, dbmateFiles)
		conn := connect(t, url)
		if res, out, _, err := applyAll(t, conn, d, deploy.Options{ToVersion: "20240102000000"}); err != nil || len(res.Applied) != 2 {
			t.Fatalf("schemactl apply --to-version: %v\n%s", err, out)
		}
		out := runDbmate(t, bin, url, d.Path, "status")
		if !strings.Contains(out, "Applied: 2") || !strings.Contains(out, "Pending: 2") {
			t.Errorf("dbmate status after schemactl applied two:\n%s", out)
		}
		runDbmate(t, bin, url, d.Path, "migrate")
		wantStates(t, states(t, conn, d), all)
	})
}
