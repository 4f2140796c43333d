package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// adoptFiles is the size of the migrations directory that benchAdopt
// adopts: a project with a few years of history.
const adoptFiles = 150

// benchAdopt times `schemactl migrate init` on a generated sqlx directory
// of adoptFiles migrations (tables, columns, indexes, foreign keys and an
// enum that grows), with the cache off so that every run replays the whole
// directory twice (once to write schema.hcl, once in the final check) and
// starts its own throwaway dev server, as a first adoption does.
func benchAdopt(bin string, runs int) (row, error) {
	work, err := os.MkdirTemp("", "schemactl-bench-adopt-")
	if err != nil {
		return row{}, err
	}
	defer os.RemoveAll(work)
	dir := filepath.Join(work, "migrations")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return row{}, err
	}
	last := -1 // the newest table so far
	for i := range adoptFiles {
		var sql string
		switch {
		case i == 0:
			sql = "CREATE TYPE public.status AS ENUM ('new');\n"
		case i%10 == 0:
			sql = fmt.Sprintf("ALTER TYPE public.status ADD VALUE 's%d';\n", i)
		case i%3 == 0 && last >= 0:
			sql = fmt.Sprintf("ALTER TABLE public.t%d ADD COLUMN note_%d text;\nCREATE INDEX t%d_note_%d_idx ON public.t%d (note_%d);\n", last, i, last, i, last, i)
		default:
			sql = fmt.Sprintf("CREATE TABLE public.t%d (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name varchar(100) NOT NULL CHECK (name <> ''),\n  status public.status NOT NULL DEFAULT 'new',\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n", i)
			if last >= 0 {
				sql += fmt.Sprintf("ALTER TABLE public.t%d ADD COLUMN parent_id bigint REFERENCES public.t%d (id);\n", i, last)
			}
			last = i
		}
		name := fmt.Sprintf("%s_step_%d.sql", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format("20060102150405"), i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644); err != nil {
			return row{}, err
		}
	}
	// Each run adopts the directory afresh: --force overwrites the files
	// of the run before, and the cache is off.
	os.Setenv("SCHEMACTL_NO_CACHE", "1")
	defer os.Unsetenv("SCHEMACTL_NO_CACHE")
	r := measure(runs, fmt.Sprintf("migrate init (%d files)", adoptFiles), bin, "migrate", "init", "--dir", dir, "--force")
	if r.err != nil {
		return row{}, fmt.Errorf("migrate init: %w", r.err)
	}
	schema, err := os.ReadFile(filepath.Join(work, "schema.hcl"))
	if err != nil {
		return row{}, err
	}
	printResult(r, fmt.Sprintf(" (%d tables in schema.hcl)", strings.Count(string(schema), "\ntable \"")))

	// migrate check as CI runs it on every push: the directory unchanged
	// since the last check, so the replay's canonical form is cached. The
	// first check (not timed) fills the cache the init above had off.
	os.Unsetenv("SCHEMACTL_NO_CACHE")
	check := []string{"migrate", "check", "--dir", dir, "--to", filepath.Join(work, "schema.hcl")}
	if r := measure(1, "", bin, check...); r.err != nil {
		return row{}, fmt.Errorf("migrate check: %w", r.err)
	}
	r = measure(runs, fmt.Sprintf("migrate check (%d, warm)", adoptFiles), bin, check...)
	if r.err != nil {
		return row{}, fmt.Errorf("migrate check: %w", r.err)
	}
	printResult(r, "")
	return timeRow(fmt.Sprintf("migrate check of a %d-file directory, warm", adoptFiles), r, time.Second, 0), nil
}
