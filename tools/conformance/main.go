// Command conformance runs the convergence loop of internal/convergence over
// third-party schema-diff cases (by default ../shared/corpus/sqldef) and
// prints the pass rate by category and the failures by reason:
//
//	go run ./tools/conformance [-corpus DIR] [-run REGEXP] [-j N] [-v] [-tsv FILE]
//
// Only the cases listed in the corpus's CANDIDATES.txt are run: those whose
// both sides apply cleanly to an empty PostgreSQL 15 database.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/convergence"
	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/schema"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus/sqldef", "folder of cases with a CANDIDATES.txt")
	run := flag.String("run", "", "run only the cases whose name matches this regular expression")
	jobs := flag.Int("j", 4, "cases run at once")
	verbose := flag.Bool("v", false, "print every failure in full")
	tsv := flag.String("tsv", "", "write one line per case (name, category, result, reason) to this file")
	devURL := flag.String("dev-url", "", "PostgreSQL server for the scratch databases (default: a throwaway local server)")
	via := flag.String("via", "sql", "give the desired state as sql or hcl")
	flag.Parse()
	if err := conform(context.Background(), *corpus, *run, *jobs, *verbose, *tsv, *devURL, *via); err != nil {
		fmt.Fprintf(os.Stderr, "conformance: %v\n", err)
		os.Exit(1)
	}
}

// meta is the part of a case's meta.json the runner uses.
type meta struct {
	Setup struct {
		Roles   []string `json:"roles"`
		Schemas []struct {
			Name  string `json:"name"`
			Owner string `json:"owner"`
		} `json:"schemas"`
		SearchPath string `json:"search_path"`
	} `json:"setup"`
}

type outcome struct {
	name, category string
	err            error
}

func conform(ctx context.Context, corpus, run string, jobs int, verbose bool, tsvPath, devURL, viaName string) error {
	via := convergence.ViaSQL
	if viaName == "hcl" {
		via = convergence.ViaHCL
	}
	names, err := candidates(corpus, run)
	if err != nil {
		return err
	}
	dev, err := devdb.Open(ctx, devURL)
	if err != nil {
		return err
	}
	defer dev.Close()
	if err := createRoles(ctx, dev, corpus, names); err != nil {
		return err
	}

	results := make([]outcome, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c, err := loadCase(corpus, names[i])
				if err == nil {
					_, err = convergence.Run(ctx, dev, c, via)
				}
				results[i] = outcome{name: names[i], category: category(names[i]), err: err}
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()

	report(results, verbose)
	if tsvPath != "" {
		return writeTSV(tsvPath, results)
	}
	return nil
}

func candidates(corpus, run string) ([]string, error) {
	f, err := os.Open(filepath.Join(corpus, "CANDIDATES.txt"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var re *regexp.Regexp
	if run != "" {
		if re, err = regexp.Compile(run); err != nil {
			return nil, err
		}
	}
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name := strings.TrimSpace(sc.Text())
		if name == "" || strings.HasPrefix(name, "#") || (re != nil && !re.MatchString(name)) {
			continue
		}
		names = append(names, name)
	}
	return names, sc.Err()
}

func readMeta(corpus, name string) (meta, error) {
	var m meta
	b, err := os.ReadFile(filepath.Join(corpus, name, "meta.json"))
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(b, &m)
}

// createRoles creates, once, the cluster-wide roles that the cases expect
// (the upstream harness creates them before all tests).
func createRoles(ctx context.Context, dev *devdb.DB, corpus string, names []string) error {
	roles := map[string]bool{}
	for _, n := range names {
		m, err := readMeta(corpus, n)
		if err != nil {
			return err
		}
		for _, r := range m.Setup.Roles {
			roles[r] = true
		}
	}
	url, drop, err := dev.Scratch(ctx)
	if err != nil {
		return err
	}
	defer drop()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for r := range roles {
		_, err := conn.Exec(ctx, "CREATE ROLE "+schema.QuoteIdent(r))
		var pgErr *pgconn.PgError
		if err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "42710") { // duplicate_object
			return fmt.Errorf("create role %s: %w", r, err)
		}
	}
	return nil
}

func loadCase(corpus, name string) (convergence.Case, error) {
	c := convergence.Case{Name: name}
	m, err := readMeta(corpus, name)
	if err != nil {
		return c, err
	}
	var setup strings.Builder
	for _, s := range m.Setup.Schemas {
		fmt.Fprintf(&setup, "CREATE SCHEMA %s", schema.QuoteIdent(s.Name))
		if s.Owner != "" {
			fmt.Fprintf(&setup, " AUTHORIZATION %s", schema.QuoteIdent(s.Owner))
		}
		setup.WriteString(";\n")
	}
	c.Setup = setup.String()
	c.SearchPath = m.Setup.SearchPath
	for _, part := range []struct {
		file string
		dst  *string
	}{{"current.sql", &c.From}, {"desired.sql", &c.To}} {
		b, err := os.ReadFile(filepath.Join(corpus, name, part.file))
		if err != nil {
			return c, err
		}
		*part.dst = string(b)
	}
	return c, nil
}

func category(name string) string {
	if i := strings.Index(name, "__"); i > 0 {
		return name[:i]
	}
	return name
}

var (
	quoted  = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	numbers = regexp.MustCompile(`\b\d+\b`)
)

// reason condenses a failure into a label shared by similar failures.
func reason(err error) string {
	var f *convergence.Failure
	if !errors.As(err, &f) {
		return "harness: " + firstLine(err.Error())
	}
	switch f.Stage {
	case convergence.StageUnsupported:
		kinds := map[string]bool{}
		for _, u := range f.Unsupported {
			kinds[u.Kind] = true
		}
		var list []string
		for k := range kinds {
			list = append(list, k)
		}
		sort.Strings(list)
		return "unsupported: " + strings.Join(list, ", ")
	case convergence.StageApply, convergence.StageSetup, convergence.StageHCL:
		var pgErr *pgconn.PgError
		if errors.As(f.Err, &pgErr) {
			return f.Stage + ": " + numbers.ReplaceAllString(quoted.ReplaceAllString(pgErr.Message, "X"), "N")
		}
		var ae *apply.Error
		if errors.As(f.Err, &ae) {
			return f.Stage + ": " + firstLine(ae.Err.Error())
		}
	}
	return f.Stage + ": " + numbers.ReplaceAllString(quoted.ReplaceAllString(firstLine(f.Err.Error()), "X"), "N")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

func report(results []outcome, verbose bool) {
	type tally struct{ pass, total int }
	byCat := map[string]*tally{}
	byReason := map[string][]string{}
	pass := 0
	for _, r := range results {
		t := byCat[r.category]
		if t == nil {
			t = &tally{}
			byCat[r.category] = t
		}
		t.total++
		if r.err == nil {
			t.pass++
			pass++
			continue
		}
		rs := reason(r.err)
		byReason[rs] = append(byReason[rs], r.name)
		if verbose {
			fmt.Printf("FAIL %s\n%v\n\n", r.name, r.err)
		}
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	fmt.Printf("%-24s %6s %6s %7s\n", "category", "pass", "total", "rate")
	for _, c := range cats {
		t := byCat[c]
		fmt.Printf("%-24s %6d %6d %6.1f%%\n", c, t.pass, t.total, 100*float64(t.pass)/float64(t.total))
	}
	fmt.Printf("%-24s %6d %6d %6.1f%%\n\n", "all", pass, len(results), 100*float64(pass)/float64(max(len(results), 1)))

	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if a, b := len(byReason[reasons[i]]), len(byReason[reasons[j]]); a != b {
			return a > b
		}
		return reasons[i] < reasons[j]
	})
	fmt.Println("failures by reason:")
	for _, r := range reasons {
		cases := byReason[r]
		example := cases[0]
		fmt.Printf("%5d  %s  (e.g. %s)\n", len(cases), r, example)
	}
}

func writeTSV(path string, results []outcome) error {
	var b strings.Builder
	b.WriteString("case\tcategory\tresult\treason\n")
	for _, r := range results {
		res, why := "pass", ""
		if r.err != nil {
			res, why = "fail", reason(r.err)
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", r.name, r.category, res, why)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
