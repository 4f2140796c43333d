package deploy_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// smallMigrations returns n one-statement sqlx migrations.
func smallMigrations(n int) map[string]string {
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("%014d_t%d.sql", i+1, i)] = fmt.Sprintf("CREATE TABLE t%d (id int);\n", i)
	}
	return files
}

// BenchmarkApply500 applies 500 small sqlx migrations to an empty
// database (no rehearsal), then reads their status.
func BenchmarkApply500(b *testing.B) {
	files := smallMigrations(500)
	for b.Loop() {
		b.StopTimer()
		url := pgtest.New(b)
		conn := connectB(b, url)
		dir := b.TempDir()
		writeFiles(b, dir, files)
		d, err := migrate.ReadDir(dir, migrate.FormatSQLx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := deploy.Apply(context.Background(), conn, d, deploy.Options{Stdout: io.Discard})
		if err != nil || len(res.Applied) != 500 {
			b.Fatalf("apply: %v", err)
		}
	}
}

// BenchmarkStatus500 reads the status of 500 applied sqlx migrations.
func BenchmarkStatus500(b *testing.B) {
	url := pgtest.New(b)
	conn := connectB(b, url)
	dir := b.TempDir()
	writeFiles(b, dir, smallMigrations(500))
	d, err := migrate.ReadDir(dir, migrate.FormatSQLx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := deploy.Apply(context.Background(), conn, d, deploy.Options{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st, err := deploy.ReadStatus(context.Background(), conn, d)
		if err != nil || st.Count(deploy.Applied) != 500 {
			b.Fatalf("status: %v", err)
		}
	}
}
