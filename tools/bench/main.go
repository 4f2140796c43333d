// Command bench measures schemactl against PostgreSQL's own tools on a large
// schema, in one run on one server so that the figures are comparable:
//
//	go run ./tools/bench -schemactl bin/schemactl
//
// It starts a throwaway server (internal/devdb), creates the benchmark schema
// of internal/bigschema, and runs each command several times, reporting the
// median wall time and the peak resident memory of the child process.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/bigschema"
	"github.com/schemactl/schemactl/internal/devdb"
)

func main() {
	tables := flag.Int("tables", 2000, "number of tables in the benchmark schema")
	runs := flag.Int("runs", 5, "runs per command; the median is reported")
	bin := flag.String("schemactl", "bin/schemactl", "schemactl binary to measure")
	objects := flag.Bool("objects", true, "add views, functions, triggers and policies (bigschema.BenchObjects, scaled to -tables) to the tables")
	adoptOnly := flag.Bool("adopt-only", false, "time only migrate init and migrate check on a generated 150-file directory")
	lintOnly := flag.Bool("lint-only", false, "time only lint against squawk on 1,000 generated files")
	deployOnly := flag.Bool("deploy-only", false, "time only migrate apply and migrate status of 500 migrations, and apply with and without the rehearsal on the benchmark schema")
	flag.Parse()
	if *adoptOnly || *lintOnly {
		only := benchAdopt
		if *lintOnly {
			only = benchLint
		}
		if err := only(*bin, *runs); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %v\n", err)
			os.Exit(1)
		}
		return
	}
	var o bigschema.Objects
	if *objects {
		// Scaled with the tables, so that -tables 200 keeps the mix.
		b := bigschema.BenchObjects
		o = bigschema.Objects{Views: b.Views * *tables / 2000, Functions: b.Functions * *tables / 2000,
			Triggers: b.Triggers * *tables / 2000, Policies: b.Policies * *tables / 2000}
	}
	if err := benchmark(context.Background(), *bin, *tables, o, *runs, *deployOnly); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func benchmark(ctx context.Context, bin string, tables int, o bigschema.Objects, runs int, deployOnly bool) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	t0 := time.Now()
	srv, err := devdb.Start(ctx)
	if err != nil {
		return err
	}
	defer srv.Stop()
	fmt.Printf("PostgreSQL %d server started in %v\n", srv.Major, time.Since(t0).Round(time.Millisecond))

	url := srv.URL("postgres")
	t0 = time.Now()
	if err := execSQL(ctx, url, bigschema.SQL(tables)); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if err := execSQL(ctx, url, bigschema.ObjectsSQL(tables, o)); err != nil {
		return fmt.Errorf("create views, functions, triggers and policies: %w", err)
	}
	fmt.Printf("created %d tables, %d views, %d functions, %d triggers and %d policies in %v\n\n",
		tables, o.Views, o.Functions, o.Triggers, o.Policies, time.Since(t0).Round(time.Millisecond))
	objects := tables + o.Views + o.Functions + o.Triggers + o.Policies
	if deployOnly {
		return benchDeployAll(ctx, bin, srv, url, tables, runs)
	}

	pgDump := filepath.Join(srv.BinDir, "pg_dump")
	results := []result{
		measure(runs, "schemactl inspect (hcl)", bin, "inspect", "--url", url),
		measure(runs, "schemactl inspect (sql)", bin, "inspect", "--url", url, "--format", "sql"),
		measure(runs, "pg_dump --schema-only", pgDump, "--schema-only", "-d", url),
	}
	fmt.Printf("%-28s %12s %12s %8s\n", "command", "median", "peak RSS", "runs")
	for _, r := range results {
		if r.err != nil {
			fmt.Printf("%-28s failed: %v\n", r.name, r.err)
			continue
		}
		fmt.Printf("%-28s %12v %9.1f MB %8d\n", r.name, r.median.Round(time.Millisecond), float64(r.peakKB)/1024, r.runs)
	}
	if a, b := results[0], results[2]; a.err == nil && b.err == nil {
		fmt.Printf("\ninspect is %.1fx faster than pg_dump --schema-only\n", float64(b.median)/float64(a.median))
		// Per object, so that runs with and without -objects compare.
		fmt.Printf("inspect (hcl) per object: %.1f µs over %d tables, views, functions, triggers and policies\n",
			float64(a.median.Microseconds())/float64(objects), objects)
	}
	fmt.Println()
	if err := benchDiff(ctx, bin, url); err != nil {
		return err
	}
	fmt.Println()
	if err := benchAdopt(bin, runs); err != nil {
		return err
	}
	fmt.Println()
	if err := benchLint(bin, runs); err != nil {
		return err
	}
	fmt.Println()
	return benchDeployAll(ctx, bin, srv, url, tables, runs)
}

// benchDeployAll times the deploy side: apply's rehearsal on the
// benchmark schema at url, then migrate apply and status.
func benchDeployAll(ctx context.Context, bin string, srv *devdb.Server, url string, tables, runs int) error {
	if err := benchRehearsal(ctx, bin, url, tables, runs); err != nil {
		return err
	}
	return benchDeploy(ctx, bin, srv, runs)
}

// benchDiff times `schemactl diff` of the benchmark database against its
// own HCL with one column added: a first run with an empty cache (the dev
// database canonicalises the whole desired schema) and a second run of the
// same command (the canonical form comes from the cache). It also times
// the dev database's cold start (initdb) and warm start (cached template).
func benchDiff(ctx context.Context, bin, url string) error {
	work, err := os.MkdirTemp("", "schemactl-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	cache := filepath.Join(work, "cache")
	t0 := time.Now()
	os.Setenv("SCHEMACTL_CACHE_DIR", cache)
	cold, err := devdb.Start(ctx)
	if err != nil {
		return err
	}
	coldTime := time.Since(t0)
	cold.Stop()
	var warmTimes []time.Duration
	for range 5 {
		t0 = time.Now()
		warm, err := devdb.Start(ctx)
		if err != nil {
			return err
		}
		warmTimes = append(warmTimes, time.Since(t0))
		warm.Stop()
	}
	slices.Sort(warmTimes)
	fmt.Printf("dev database: cold start (initdb) %v, warm start (median of 5) %v\n",
		coldTime.Round(time.Millisecond), warmTimes[2].Round(time.Millisecond))

	desired := filepath.Join(work, "schema.hcl")
	hcl, err := writeAddedColumn(bin, url, desired)
	if err != nil {
		return err
	}
	// Both runs share the cache folder; the first finds it empty of
	// canonical forms (the warm-start test above only cached the template).
	first := measure(1, "schemactl diff (first run)", bin, "diff", "--url", url, "--to", desired)
	second := measure(3, "schemactl diff (second run)", bin, "diff", "--url", url, "--to", desired)
	// What a user sees after each edit of schema.hcl: the same files with
	// one more column, so that neither cache level has their canonical form.
	var edits []result
	for i := range 3 {
		table := fmt.Sprintf("table \"t%04d\" {\n", i+2)
		hcl = strings.Replace(hcl, table, table+fmt.Sprintf("  column \"edit_%d\" {\n    type = bigint\n    null = true\n  }\n", i), 1)
		if err := os.WriteFile(desired, []byte(hcl), 0o644); err != nil {
			return err
		}
		edits = append(edits, measure(1, "schemactl diff (after an edit)", bin, "diff", "--url", url, "--to", desired))
	}
	slices.SortFunc(edits, func(a, b result) int { return cmp.Compare(a.median, b.median) })
	edit := edits[1]
	edit.runs = len(edits)
	for _, r := range []result{first, second, edit} {
		if r.err != nil {
			fmt.Printf("%-28s failed: %v\n", r.name, r.err)
			continue
		}
		fmt.Printf("%-28s %12v %9.1f MB %8d\n", r.name, r.median.Round(time.Millisecond), float64(r.peakKB)/1024, r.runs)
	}
	return nil
}

// writeAddedColumn writes to path the inspected HCL of the database at
// url with one nullable column added to table t0001, and returns it.
func writeAddedColumn(bin, url, path string) (string, error) {
	out, err := exec.Command(bin, "inspect", "--url", url).Output()
	if err != nil {
		return "", fmt.Errorf("inspect: %w", err)
	}
	hcl := strings.Replace(string(out), "table \"t0001\" {\n",
		"table \"t0001\" {\n  column \"added_by_bench\" {\n    type = text\n    null = true\n  }\n", 1)
	if hcl == string(out) {
		return "", errors.New("the inspected HCL has no table t0001")
	}
	return hcl, os.WriteFile(path, []byte(hcl), 0o644)
}

type result struct {
	name   string
	median time.Duration
	// cpu is the user and system time of the median run: unlike wall
	// time, little moved by other load on a shared machine.
	cpu    time.Duration
	peakKB int64
	runs   int
	err    error
}

// measure runs a command n times with its output discarded and returns the
// median wall time and the largest peak RSS over the runs.
func measure(n int, name, path string, args ...string) result {
	return measureExit(n, 0, name, path, args...)
}

// measureExit is measure for commands whose exit code reports findings
// (linters): an exit status up to allowed still counts as a run.
func measureExit(n, allowed int, name, path string, args ...string) result {
	r := result{name: name, runs: n}
	var times, cpus []time.Duration
	for range n {
		cmd := exec.Command(path, args...)
		cmd.Stdout = io.Discard
		errBuf := &limitedBuffer{max: 4096}
		cmd.Stderr = errBuf
		start := time.Now()
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() <= allowed) {
			r.err = fmt.Errorf("%w: %s", err, errBuf.b)
			return r
		}
		times = append(times, time.Since(start))
		cpus = append(cpus, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.peakKB = max(r.peakKB, ru.Maxrss) // kilobytes on Linux
		}
	}
	slices.Sort(times)
	slices.Sort(cpus)
	r.median, r.cpu = times[len(times)/2], cpus[len(cpus)/2]
	return r
}

type limitedBuffer struct {
	b   []byte
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func execSQL(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}
