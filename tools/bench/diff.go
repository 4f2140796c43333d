package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"github.com/schemactl/schemactl/internal/devdb"
)

// Targets of the diff rows (issue 13).
const (
	warmDiffLimit  = time.Second
	editDiffLimit  = time.Second
	coldDiffLimit  = 4 * time.Second
	coldDiffMaxMB  = 200
	editsPerResult = 3
)

// benchDiff times `schemactl diff` of the 2,000-table database at url
// against its own HCL with one column added: a first run with an empty
// cache (the dev database canonicalises the whole desired schema), a second
// run of the same command (the canonical form comes from the cache), and
// runs after each of a few edits of one more table (what a user sees after
// each edit of schema.hcl). It also times the dev database's cold start
// (initdb) and warm start (cached template).
func benchDiff(ctx context.Context, c config, url string) ([]row, error) {
	work, err := os.MkdirTemp("", "schemactl-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	cache := filepath.Join(work, "cache")
	os.Setenv("SCHEMACTL_CACHE_DIR", cache)
	defer os.Unsetenv("SCHEMACTL_CACHE_DIR")
	t0 := time.Now()
	cold, err := devdb.Start(ctx)
	if err != nil {
		return nil, err
	}
	coldTime := time.Since(t0)
	cold.Stop()
	var warmTimes []time.Duration
	for range 5 {
		t0 = time.Now()
		warm, err := devdb.Start(ctx)
		if err != nil {
			return nil, err
		}
		warmTimes = append(warmTimes, time.Since(t0))
		warm.Stop()
	}
	slices.Sort(warmTimes)
	fmt.Printf("dev database: cold start (initdb) %v, warm start (median of 5) %v\n",
		coldTime.Round(time.Millisecond), warmTimes[2].Round(time.Millisecond))

	// Both runs share the cache folder; the first finds it empty of
	// canonical forms (the warm-start test above only cached the template).
	d, err := newDiffRun(c, url, work, `table "t0001" \{\n`)
	if err != nil {
		return nil, err
	}
	first := d.run(1, "schemactl diff (first run)")
	second := d.run(3, "schemactl diff (second run)")
	edit, err := d.edits(func(i int) string { return fmt.Sprintf(`table "t%04d" \{\n`, i+2) })
	if err != nil {
		return nil, err
	}
	for _, r := range []result{first, second, edit} {
		if r.err != nil {
			return nil, fmt.Errorf("%s: %w", r.name, r.err)
		}
		printResult(r, "")
	}
	n := fmt.Sprintf("%d tables", c.tables)
	return []row{
		timeRow("diff warm, one column added, "+n, second, warmDiffLimit, 0),
		timeRow("diff after editing one table in schema.hcl, "+n, edit, editDiffLimit, 0),
		timeRow("first diff, cold cache, "+n, first, coldDiffLimit, coldDiffMaxMB),
	}, nil
}

// A diffRun is a desired schema.hcl made from the inspected HCL of a
// database, diffed against that database.
type diffRun struct {
	c       config
	url     string
	hcl     string
	desired string
}

// newDiffRun inspects the database at url and writes its HCL to
// work/schema.hcl with one column added to the table whose block starts
// with what the regular expression header matches.
func newDiffRun(c config, url, work, header string) (*diffRun, error) {
	out, err := execOutput(c.bin, "inspect", "--url", url)
	if err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	d := &diffRun{c: c, url: url, hcl: string(out), desired: filepath.Join(work, "schema.hcl")}
	return d, d.addColumn(header, "added_by_bench", "text")
}

// addColumn adds a column to the table block whose start the regular
// expression header matches, and writes the file.
func (d *diffRun) addColumn(header, name, typ string) error {
	loc := regexp.MustCompile(header).FindStringIndex(d.hcl)
	if loc == nil {
		return fmt.Errorf("the inspected HCL has no block %q", header)
	}
	col := fmt.Sprintf("  column %q {\n    type = %s\n    null = true\n  }\n", name, typ)
	d.hcl = d.hcl[:loc[1]] + col + d.hcl[loc[1]:]
	return os.WriteFile(d.desired, []byte(d.hcl), 0o644)
}

func (d *diffRun) run(n int, name string) result {
	return measure(n, name, d.c.bin, "diff", "--url", d.url, "--to", d.desired)
}

// edits adds a column to the table that header(i) matches, for editsPerResult
// edits, timing the diff after each, and returns the median run.
func (d *diffRun) edits(header func(i int) string) (result, error) {
	var edits []result
	for i := range editsPerResult {
		if err := d.addColumn(header(i), fmt.Sprintf("edit_%d", i), "bigint"); err != nil {
			return result{}, err
		}
		r := d.run(1, "schemactl diff (after an edit)")
		if r.err != nil {
			return r, nil
		}
		edits = append(edits, r)
	}
	slices.SortFunc(edits, func(a, b result) int { return cmp.Compare(a.median, b.median) })
	edit := edits[len(edits)/2]
	edit.runs = len(edits)
	return edit, nil
}

// execOutput runs a command and returns its stdout; its stderr is in the
// error.
func execOutput(path string, args ...string) ([]byte, error) {
	cmd := exec.Command(path, args...)
	errBuf := &limitedBuffer{max: 4096}
	cmd.Stderr = errBuf
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, errBuf.b)
	}
	return out, nil
}
