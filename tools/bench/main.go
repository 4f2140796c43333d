// Command bench measures schemactl against the targets of its speed issue
// and against PostgreSQL's own tools, in one run on one server so that the
// figures are comparable:
//
//	go run ./tools/bench -schemactl bin/schemactl [-only inspect,diff,tenants,adopt,lint]
//
// It starts a throwaway server (internal/devdb), creates the benchmark
// databases of internal/bigschema (2,000 tables in public; 20,000 tables in
// 1,000 tenant schemas), runs each command several times, and prints each
// target with the median wall time, the peak resident memory of the child
// process and the reference run beside it.
package main

import (
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

// sections are the parts of the benchmark -only chooses from, in the
// order they run.
var sections = []string{"inspect", "diff", "tenants", "adopt", "lint", "deploy"}

// config is what the flags say.
type config struct {
	bin       string
	tables    int
	objects   bigschema.Objects
	tenants   int
	perTenant int
	runs      int
	only      map[string]bool
}

func main() {
	var c config
	flag.IntVar(&c.tables, "tables", 2000, "number of tables in the benchmark schema")
	flag.IntVar(&c.tenants, "tenants", 1000, "schemas of the schema-per-tenant database")
	flag.IntVar(&c.perTenant, "tenant-tables", 20, "tables in each tenant schema")
	flag.IntVar(&c.runs, "runs", 5, "runs per command; the median is reported")
	flag.StringVar(&c.bin, "schemactl", "bin/schemactl", "schemactl binary to measure")
	objects := flag.Bool("objects", true, "add views, functions, triggers and policies (bigschema.BenchObjects, scaled to -tables) to the tables")
	only := flag.String("only", strings.Join(sections, ","), "comma-separated sections to run: "+strings.Join(sections, ", "))
	flag.StringVar(&profileDir, "profile", "", "folder for CPU and allocation profiles of every schemactl run (the binary must be built with -tags profile)")
	flag.Parse()
	c.only = map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); !slices.Contains(sections, s) {
			fmt.Fprintf(os.Stderr, "bench: -only: unknown section %q (have %s)\n", s, strings.Join(sections, ", "))
			os.Exit(2)
		}
		c.only[s] = true
	}
	if *objects {
		// Scaled with the tables, so that -tables 200 keeps the mix.
		b := bigschema.BenchObjects
		c.objects = bigschema.Objects{Views: b.Views * c.tables / 2000, Functions: b.Functions * c.tables / 2000,
			Triggers: b.Triggers * c.tables / 2000, Policies: b.Policies * c.tables / 2000}
	}
	var err error
	if c.bin, err = filepath.Abs(c.bin); err == nil {
		err = benchmark(context.Background(), c)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func benchmark(ctx context.Context, c config) error {
	var rows []row
	if c.only["inspect"] || c.only["diff"] || c.only["tenants"] || c.only["deploy"] {
		t0 := time.Now()
		srv, err := devdb.Start(ctx)
		if err != nil {
			return err
		}
		defer srv.Stop()
		fmt.Printf("PostgreSQL %d server started in %v\n", srv.Major, time.Since(t0).Round(time.Millisecond))
		pgDump := filepath.Join(srv.BinDir, "pg_dump")
		var perObject time.Duration // inspect's time per object of the 2,000-table database
		if c.only["inspect"] || c.only["diff"] || c.only["deploy"] {
			url, err := createBig(ctx, srv, c)
			if err != nil {
				return err
			}
			if c.only["inspect"] {
				r, err := benchInspect(c, url, pgDump, fmt.Sprintf("inspect %d tables", c.tables))
				if err != nil {
					return err
				}
				rows = append(rows, r)
				perObject = r.ours.median / time.Duration(c.tables+c.objects.Views+c.objects.Functions+c.objects.Triggers+c.objects.Policies)
				fmt.Printf("inspect per object: %v over tables, views, functions, triggers and policies\n", perObject)
			}
			if c.only["diff"] {
				more, err := benchDiff(ctx, c, url)
				if err != nil {
					return err
				}
				rows = append(rows, more...)
			}
			// apply adds and drops a column of the benchmark database,
			// so it comes after the rows that read that database.
			if c.only["deploy"] {
				if err := benchRehearsal(ctx, c.bin, url, c.tables, c.runs); err != nil {
					return err
				}
				if err := benchDeploy(ctx, c.bin, srv, c.runs); err != nil {
					return err
				}
			}
		}
		if c.only["tenants"] {
			more, err := benchTenants(ctx, srv, c, pgDump, perObject)
			if err != nil {
				return err
			}
			rows = append(rows, more...)
		}
	}
	if c.only["adopt"] {
		r, err := benchAdopt(c.bin, c.runs)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	if c.only["lint"] {
		r, err := benchLint(c.bin, c.runs)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	printRows(rows)
	return nil
}

// createBig creates the 2,000-table database (with its views, functions,
// triggers and policies) as database big of srv and returns its URL.
func createBig(ctx context.Context, srv *devdb.Server, c config) (string, error) {
	url, err := createDatabase(ctx, srv, "big")
	if err != nil {
		return "", err
	}
	t0 := time.Now()
	if err := execSQL(ctx, url, bigschema.SQL(c.tables)); err != nil {
		return "", fmt.Errorf("create schema: %w", err)
	}
	if err := execSQL(ctx, url, bigschema.ObjectsSQL(c.tables, c.objects)); err != nil {
		return "", fmt.Errorf("create views, functions, triggers and policies: %w", err)
	}
	o := c.objects
	fmt.Printf("created %d tables, %d views, %d functions, %d triggers and %d policies in %v\n",
		c.tables, o.Views, o.Functions, o.Triggers, o.Policies, time.Since(t0).Round(time.Millisecond))
	return url, nil
}

// createDatabase creates database name on srv and returns its URL.
func createDatabase(ctx context.Context, srv *devdb.Server, name string) (string, error) {
	if err := execSQL(ctx, srv.URL("postgres"), "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return srv.URL(name), nil
}

// benchInspect times schemactl inspect (HCL and SQL) against pg_dump -s of
// the database at url, run after run in the same invocation, and returns
// the row of the target (>= 5x faster than pg_dump -s).
func benchInspect(c config, url, pgDump, task string) (row, error) {
	hcl := measure(c.runs, "schemactl inspect (hcl)", c.bin, "inspect", "--url", url)
	sql := measure(c.runs, "schemactl inspect (sql)", c.bin, "inspect", "--url", url, "--format", "sql")
	dump := measure(c.runs, "pg_dump -s", pgDump, "--schema-only", "-d", url)
	for _, r := range []result{hcl, sql, dump} {
		if r.err != nil {
			return row{}, fmt.Errorf("%s: %w", r.name, r.err)
		}
		printResult(r, "")
	}
	return ratioRow(task, hcl, dump, 5), nil
}

func printResult(r result, note string) {
	fmt.Printf("%-34s %12v %9.1f MB %8d   (CPU %v)%s\n", r.name, r.median.Round(time.Millisecond), float64(r.peakKB)/1024, r.runs,
		r.cpu.Round(time.Millisecond), note)
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

// profileDir, when set, receives a CPU and an allocation profile of every
// schemactl run (see cmd/schemactl/profile.go).
var profileDir string

// profiled counts the profiles written, to name them apart.
var profiled int

// measure runs a command n times with its output discarded and returns the
// median wall time and the largest peak RSS over the runs.
func measure(n int, name, path string, args ...string) result {
	return measureExit(n, 0, name, path, args...)
}

// measureExit is measure for commands whose exit code reports findings
// (linters) or changes (diff --exit-code): an exit status up to allowed
// still counts as a run.
func measureExit(n, allowed int, name, path string, args ...string) result {
	r := result{name: name, runs: n}
	var times, cpus []time.Duration
	for range n {
		cmd := exec.Command(path, args...)
		cmd.Stdout = io.Discard
		errBuf := &limitedBuffer{max: 4096}
		cmd.Stderr = errBuf
		if profileDir != "" && strings.HasPrefix(filepath.Base(path), "schemactl") {
			profiled++
			base := filepath.Join(profileDir, fmt.Sprintf("%02d-%s", profiled, slug(name)))
			cmd.Env = append(os.Environ(), "SCHEMACTL_CPUPROFILE="+base+".cpu", "SCHEMACTL_MEMPROFILE="+base+".mem")
		}
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

// slug turns a row name into a file name.
func slug(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(name))
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
