package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"syscall"
	"time"

	"github.com/schemactl/schemactl/internal/devdb"
)

// deployFiles is the size of the directory that benchDeploy applies.
const deployFiles = 500

// benchDeploy times `migrate apply` of deployFiles one-statement sqlx
// migrations into a new database (without the rehearsal, and with it
// once the cache holds the replay), and `migrate status` of the applied
// directory, each run on a database of its own on srv.
func benchDeploy(ctx context.Context, bin string, srv *devdb.Server, runs int) error {
	work, err := os.MkdirTemp("", "schemactl-bench-deploy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	os.Setenv("SCHEMACTL_CACHE_DIR", filepath.Join(work, "cache"))
	dir := filepath.Join(work, "migrations")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	for i := range deployFiles {
		name := fmt.Sprintf("%014d_t%d.sql", i+1, i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf("CREATE TABLE public.t%d (id int);\n", i)), 0o644); err != nil {
			return err
		}
	}
	admin := srv.URL("postgres")
	db := 0
	fresh := func() (string, error) {
		db++
		name := fmt.Sprintf("bench_deploy_%d", db)
		return srv.URL(name), execSQL(ctx, admin, "CREATE DATABASE "+name)
	}
	var skip, rehearsed, status []result
	for i := range runs + 1 {
		url, err := fresh()
		if err != nil {
			return err
		}
		r := measure(1, "", bin, "migrate", "apply", "--url", url, "--dir", dir, "--skip-rehearsal")
		if r.err != nil {
			return fmt.Errorf("migrate apply: %w", r.err)
		}
		skip = append(skip, r)
		// migrate status exits 0: every migration applied.
		if r = measure(1, "", bin, "migrate", "status", "--url", url, "--dir", dir); r.err != nil {
			return fmt.Errorf("migrate status: %w", r.err)
		}
		status = append(status, r)
		if url, err = fresh(); err != nil {
			return err
		}
		// The first rehearsed run replays the directory into the cache;
		// the others take the replay from it, as every run after the first
		// does on a deploy machine.
		if r = measure(1, "", bin, "migrate", "apply", "--url", url, "--dir", dir); r.err != nil {
			return fmt.Errorf("migrate apply (rehearsed): %w", r.err)
		}
		if i > 0 {
			rehearsed = append(rehearsed, r)
		}
	}
	for _, r := range []result{
		median(fmt.Sprintf("migrate apply (%d, no rehearsal)", deployFiles), skip),
		median(fmt.Sprintf("migrate apply (%d, rehearsed)", deployFiles), rehearsed),
		median(fmt.Sprintf("migrate status (%d applied)", deployFiles), status),
	} {
		fmt.Printf("%-28s %12v %9.1f MB %8d\n", r.name, r.median.Round(time.Millisecond), float64(r.peakKB)/1024, r.runs)
	}
	return nil
}

// benchRehearsal times `apply` of one added column on the benchmark
// database at url (tables of them) with and without the rehearsal, runs
// interleaved so that the machine's load touches both alike, and the
// rehearsal's own time as apply reports it. The column is dropped again
// after each run.
func benchRehearsal(ctx context.Context, bin, url string, tables, runs int) error {
	work, err := os.MkdirTemp("", "schemactl-bench-rehearsal-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	os.Setenv("SCHEMACTL_CACHE_DIR", filepath.Join(work, "cache"))
	desired := filepath.Join(work, "schema.hcl")
	if _, err := newDiffRun(config{bin: bin}, url, work, `table "t0001" \{\n`); err != nil {
		return err
	}
	// Canonicalise the desired state once, so that every timed run takes
	// it from the cache and times the plan, the rehearsal and the apply.
	if r := measure(1, "", bin, "diff", "--url", url, "--to", desired); r.err != nil {
		return fmt.Errorf("diff: %w", r.err)
	}
	apply := []string{"apply", "--url", url, "--to", desired, "--auto-approve"}
	var skip, rehearsed []result
	var own []time.Duration
	copied := ""
	for range runs {
		r := measure(1, "", bin, append(apply, "--skip-rehearsal")...)
		if r.err != nil {
			return fmt.Errorf("apply --skip-rehearsal: %w", r.err)
		}
		skip = append(skip, r)
		if err := execSQL(ctx, url, "ALTER TABLE public.t0001 DROP COLUMN added_by_bench"); err != nil {
			return err
		}
		var stderr bytes.Buffer
		r = measureStderr(&stderr, bin, apply...)
		if r.err != nil {
			return fmt.Errorf("apply: %w", r.err)
		}
		rehearsed = append(rehearsed, r)
		m := rehearsalLine.FindStringSubmatch(stderr.String())
		if m == nil {
			return fmt.Errorf("apply printed no rehearsal line:\n%s", stderr.String())
		}
		took, err := time.ParseDuration(m[2])
		if err != nil {
			return err
		}
		own = append(own, took)
		copied = m[1]
		if err := execSQL(ctx, url, "ALTER TABLE public.t0001 DROP COLUMN added_by_bench"); err != nil {
			return err
		}
	}
	a, b := median("apply (no rehearsal)", skip), median("apply (rehearsed)", rehearsed)
	for _, r := range []result{a, b} {
		fmt.Printf("%-28s %12v %9.1f MB %8d\n", r.name, r.median.Round(time.Millisecond), float64(r.peakKB)/1024, r.runs)
	}
	slices.Sort(own)
	fmt.Printf("rehearsal of one added column on %d tables: %v by apply's own report (median), on %s; apply takes %.2fx as long with it\n",
		tables, own[len(own)/2].Round(time.Millisecond), copied, float64(b.median)/float64(a.median))
	return nil
}

// rehearsalLine is what apply says of a rehearsal that passed.
var rehearsalLine = regexp.MustCompile(`rehearsed \d+ statement\(s\) in the dev database on (a copy of .*?table\(s\)(?: \(those the plan changes or needs\))?) in ([0-9.]+[µm]?s)`)

// measureStderr runs a command once, as measure does, keeping its stderr.
func measureStderr(stderr *bytes.Buffer, path string, args ...string) result {
	r := result{runs: 1}
	cmd := exec.Command(path, args...)
	cmd.Stderr = stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		r.err = fmt.Errorf("%w: %s", err, stderr.String())
		return r
	}
	r.median = time.Since(start)
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakKB = ru.Maxrss // kilobytes on Linux
	}
	return r
}

// median folds single runs into one result: the median wall time and the
// largest peak RSS.
func median(name string, runs []result) result {
	r := result{name: name, runs: len(runs)}
	var times []time.Duration
	for _, x := range runs {
		times = append(times, x.median)
		r.peakKB = max(r.peakKB, x.peakKB)
	}
	slices.Sort(times)
	if len(times) > 0 {
		r.median = times[len(times)/2]
	}
	return r
}
