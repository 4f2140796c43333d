package deploy_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gomigrate "github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // pgx5:// URLs
	_ "github.com/golang-migrate/migrate/v4/source/file"     // file:// sources

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

var golangMigrateFiles = map[string]string{
	"1_users.up.sql":    "CREATE TABLE users (id bigint PRIMARY KEY);\n",
	"1_users.down.sql":  "DROP TABLE users;\n",
	"2_teams.up.sql":    "CREATE TABLE teams (id int);\nALTER TABLE users ADD COLUMN team int;\n",
	"2_teams.down.sql":  "DROP TABLE teams;\n",
	"3_index.up.sql":    "CREATE INDEX CONCURRENTLY users_team ON users (team);\n",
	"3_index.down.sql":  "DROP INDEX users_team;\n",
	"4_column.up.sql":   "ALTER TABLE teams ADD COLUMN name text;\n",
	"4_column.down.sql": "ALTER TABLE teams DROP COLUMN name;\n",
}

// golangMigrate returns golang-migrate's own runner for d on the database
// at url, through its pgx/v5 driver.
func golangMigrate(t *testing.T, url string, d *migrate.Dir) *gomigrate.Migrate {
	t.Helper()
	m, err := gomigrate.New("file://"+d.Path, "pgx5"+strings.TrimPrefix(url, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func TestGolangMigrateInterop(t *testing.T) {
	t.Parallel()
	all := map[string]deploy.State{"1": deploy.Applied, "2": deploy.Applied, "3": deploy.Applied, "4": deploy.Applied}

	t.Run("golang-migrate then schemactl", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		d := writeDir(t, migrate.FormatGolangMigrate, golangMigrateFiles)
		m := golangMigrate(t, url, d)
		if err := m.Steps(2); err != nil {
			t.Fatalf("migrate steps 2: %v", err)
		}
		conn := connect(t, url)
		wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Applied, "3": deploy.Pending, "4": deploy.Pending})
		if res, out, _, err := applyAll(t, conn, d, deploy.Options{}); err != nil || len(res.Applied) != 2 {
			t.Fatalf("schemactl apply: %v\n%s", err, out)
		}
		wantStates(t, states(t, conn, d), all)
		v, dirty, err := m.Version()
		if err != nil || v != 4 || dirty {
			t.Errorf("golang-migrate version = %d, dirty %t, %v; want 4, clean", v, dirty, err)
		}
		if err := m.Up(); !errors.Is(err, gomigrate.ErrNoChange) {
			t.Errorf("golang-migrate up after schemactl = %v, want no change", err)
		}
	})

	t.Run("schemactl then golang-migrate", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		d := writeDir(t, migrate.FormatGolangMigrate, golangMigrateFiles)
		conn := connect(t, url)
		if res, out, _, err := applyAll(t, conn, d, deploy.Options{ToVersion: "2"}); err != nil || len(res.Applied) != 2 {
			t.Fatalf("schemactl apply --to-version 2: %v\n%s", err, out)
		}
		m := golangMigrate(t, url, d)
		if v, dirty, err := m.Version(); err != nil || v != 2 || dirty {
			t.Errorf("golang-migrate version = %d, dirty %t, %v; want 2, clean", v, dirty, err)
		}
		if err := m.Up(); err != nil {
			t.Fatalf("golang-migrate up: %v", err)
		}
		wantStates(t, states(t, conn, d), all)
	})

	// A failing file leaves the version dirty, as golang-migrate does; both
	// tools then refuse to go on until the user steps in.
	t.Run("dirty", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		files := map[string]string{
			"1_users.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
			"2_bad.up.sql":   "CREATE TABLE teams (id int);\nALTER TABLE nope ADD COLUMN x int;\n",
		}
		d := writeDir(t, migrate.FormatGolangMigrate, files)
		conn := connect(t, url)
		_, out, _, err := applyAll(t, conn, d, deploy.Options{})
		if err == nil || !strings.Contains(err.Error(), "2_bad.up.sql:2:1: error: PostgreSQL rejected the statement: relation \"nope\" does not exist") ||
			!strings.Contains(err.Error(), "records 2_bad.up.sql as dirty") {
			t.Fatalf("apply error = %v\n%s", err, out)
		}
		if tableExists(t, conn, "teams") {
			t.Error("the failed file's implicit transaction was not rolled back")
		}
		m := golangMigrate(t, url, d)
		if v, dirty, err := m.Version(); err != nil || v != 2 || !dirty {
			t.Errorf("golang-migrate version = %d, dirty %t, %v; want 2, dirty", v, dirty, err)
		}
		wantStates(t, states(t, conn, d), map[string]deploy.State{"1": deploy.Applied, "2": deploy.Dirty})
		var refused *deploy.RefusedError
		if _, _, _, err := applyAll(t, conn, d, deploy.Options{}); !errors.As(err, &refused) {
			t.Errorf("apply over a dirty version = %v, want a refusal", err)
		}
		// Fixed, and allowed: the dirty version runs again.
		if err := os.WriteFile(filepath.Join(d.Path, "2_bad.up.sql"), []byte("CREATE TABLE teams (id int);\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		d = readDir(t, d.Path, migrate.FormatGolangMigrate)
		if _, out, _, err := applyAll(t, conn, d, deploy.Options{AllowDirty: true}); err != nil {
			t.Fatalf("apply --allow-dirty: %v\n%s", err, out)
		}
		if v, dirty, err := m.Version(); err != nil || v != 2 || dirty {
			t.Errorf("golang-migrate version = %d, dirty %t, %v; want 2, clean", v, dirty, err)
		}
	})
}
