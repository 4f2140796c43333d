package deploy_test

import (
	"context"
	"database/sql"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for goose
	"github.com/pressly/goose/v3"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

var gooseFiles = map[string]string{
	"00001_users.sql":  "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n\n-- +goose Down\nDROP TABLE users;\n",
	"00002_teams.sql":  "-- +goose Up\nCREATE TABLE teams (id int);\nALTER TABLE users ADD COLUMN team int;\n\n-- +goose Down\nDROP TABLE teams;\n",
	"00003_index.sql":  "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY users_team ON users (team);\n\n-- +goose Down\nDROP INDEX users_team;\n",
	"00004_column.sql": "-- +goose Up\nALTER TABLE teams ADD COLUMN name text;\n\n-- +goose Down\nALTER TABLE teams DROP COLUMN name;\n",
}

// gooseProvider returns goose's own runner for d on the database at url.
func gooseProvider(t *testing.T, url string, d *migrate.Dir) *goose.Provider {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS(d.Path))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// gooseApplied lists the versions goose sees as applied.
func gooseApplied(t *testing.T, p *goose.Provider) []int64 {
	t.Helper()
	sts, err := p.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, s := range sts {
		if s.State == goose.StateApplied {
			out = append(out, s.Source.Version)
		}
	}
	return out
}

// TestGooseInterop applies half a directory with goose and the rest with
// schemactl, then the other way round, and checks that each sees the
// other's work as applied.
func TestGooseInterop(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	all := map[string]deploy.State{"00001": deploy.Applied, "00002": deploy.Applied, "00003": deploy.Applied, "00004": deploy.Applied}

	t.Run("goose then schemactl", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		d := writeDir(t, migrate.FormatGoose, gooseFiles)
		p := gooseProvider(t, url, d)
		if _, err := p.UpTo(ctx, 2); err != nil {
			t.Fatalf("goose up-to 2: %v", err)
		}
		conn := connect(t, url)
		wantStates(t, states(t, conn, d), map[string]deploy.State{"00001": deploy.Applied, "00002": deploy.Applied, "00003": deploy.Pending, "00004": deploy.Pending})
		if res, out, _, err := applyAll(t, conn, d, deploy.Options{}); err != nil || len(res.Applied) != 2 {
			t.Fatalf("schemactl apply: %v\n%s", err, out)
		}
		wantStates(t, states(t, conn, d), all)
		if got := gooseApplied(t, p); len(got) != 4 {
			t.Errorf("goose sees %v applied, want 1 to 4", got)
		}
		if pending, err := p.HasPending(ctx); err != nil || pending {
			t.Errorf("goose HasPending = %t, %v; want false", pending, err)
		}
		if !tableExists(t, conn, "users_team") {
			t.Error("the index of the no-transaction migration is missing")
		}
	})

	t.Run("schemactl then goose", func(t *testing.T) {
		t.Parallel()
		url := pgtest.New(t)
		d := writeDir(t, migrate.FormatGoose, gooseFiles)
		conn := connect(t, url)
		if res, out, _, err := applyAll(t, conn, d, deploy.Options{ToVersion: "00002"}); err != nil || len(res.Applied) != 2 {
			t.Fatalf("schemactl apply --to-version 2: %v\n%s", err, out)
		}
		p := gooseProvider(t, url, d)
		if got := gooseApplied(t, p); len(got) != 2 || got[0] != 1 || got[1] != 2 {
			t.Errorf("goose sees %v applied, want [1 2]", got)
		}
		results, err := p.Up(ctx)
		if err != nil {
			t.Fatalf("goose up: %v", err)
		}
		if len(results) != 2 {
			t.Errorf("goose applied %d migrations, want 2 (3 and 4)", len(results))
		}
		wantStates(t, states(t, conn, d), all)
		if _, out, _, err := applyAll(t, conn, d, deploy.Options{}); err != nil {
			t.Fatalf("schemactl apply after goose: %v\n%s", err, out)
		}
	})
}
