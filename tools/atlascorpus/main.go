// Command atlascorpus measures how much of Atlas's own PostgreSQL HCL
// schemactl builds as Atlas does. Atlas's files are not ours to commit, so
// the corpus lives outside the repository: fetch them into a folder (a
// MANIFEST there says where each came from) and run
//
//	go run ./tools/atlascorpus [-corpus DIR] [-run REGEXP] [-v] [-tsv FILE]
//
// The folder holds testscript archives (archives/*.txt, *.txtar: Atlas's
// internal/integration/testdata/postgres) and plain HCL documents (any
// other *.hcl below it: HCL strings of Atlas's unit tests and docs, which
//
//	go run ./tools/atlascorpus -corpus DIR -extract
//
// cuts out of DIR/sources/sqlspec_test.go and DIR/sources/hcl.mdx). Every
// HCL document is one case. A case passes when the document loads, its dump
// applies to an empty PostgreSQL database, the inspected result's HCL loads
// back to the same schema, and, where the archive shows what Atlas builds,
// the result matches it:
//
//   - `apply X.hcl` then `cmpshow TABLE... F`: psql's \d of each table
//     equals F (whitespace and column widths aside);
//   - `cmphcl X` or `synced X` after `apply Y`: X builds what Y builds;
//   - `atlas schema inspect --url file://S.sql ... > got` then `cmp X got`:
//     X builds what S.sql builds;
//   - `atlas migrate diff --to file://X.hcl` then `cmpmig N F`: X builds
//     what the archive's migrations/ and the expected migrations 0..N build.
//
// Documents that are not schema HCL (atlas.hcl project files) are counted
// apart, and so is a plain document whose first line is
// "# atlascorpus-apart: REASON".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

func main() {
	corpus := flag.String("corpus", "/tmp/atlas-corpus", "folder of Atlas's PostgreSQL HCL (archives/*.txt[ar] and *.hcl)")
	run := flag.String("run", "", "run only the cases whose name matches this regular expression")
	verbose := flag.Bool("v", false, "print every failure in full")
	tsv := flag.String("tsv", "", "write one line per case (name, result, reason) to this file")
	devURL := flag.String("dev-url", "", "PostgreSQL server for the scratch databases (default: a throwaway local server)")
	psql := flag.String("psql", "/usr/lib/postgresql/15/bin/psql", "psql binary for the \\d comparisons")
	extractOnly := flag.Bool("extract", false, "cut unit/*.hcl and docs/*.hcl out of sources/sqlspec_test.go and sources/hcl.mdx, then stop")
	flag.Parse()
	if *extractOnly {
		if err := extract(*corpus); err != nil {
			fmt.Fprintf(os.Stderr, "atlascorpus: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if err := measure(context.Background(), *corpus, *run, *verbose, *tsv, *devURL, *psql); err != nil {
		fmt.Fprintf(os.Stderr, "atlascorpus: %v\n", err)
		os.Exit(1)
	}
}

// A document is one HCL file of the corpus with what its archive says
// Atlas builds from it.
type document struct {
	name   string // archive/section or relative path
	schema string // what $db stands for
	text   string
	setup  []string // execsql statements and baseline migrations run first
	apart  string   // why the document is counted apart, if it is
	// rejects matches the error schemactl must give for a document that
	// PostgreSQL rejects (so that Atlas's own plan of it fails too).
	rejects *regexp.Regexp
	// Expectations; any may be empty.
	show      []showExpect // psql \d outputs
	sameAs    string       // another document's name: both build the same schema
	sameAsSQL []string     // SQL that builds what the document must build, run part by part
	sqlSetup  []string     // statements run before sameAsSQL
}

type showExpect struct {
	tables []string
	want   string
	file   string
}

type result struct {
	name, status, reason string
}

func measure(ctx context.Context, corpus, run string, verbose bool, tsvPath, devURL, psql string) error {
	docs, err := load(corpus)
	if err != nil {
		return err
	}
	if run != "" {
		re, err := regexp.Compile(run)
		if err != nil {
			return err
		}
		var kept []*document
		for _, d := range docs {
			if re.MatchString(d.name) {
				kept = append(kept, d)
			}
		}
		docs = kept
	}
	dev, err := devdb.Open(ctx, devURL)
	if err != nil {
		return err
	}
	defer dev.Close()
	byName := map[string]*document{}
	for _, d := range docs {
		byName[d.name] = d
	}
	var results []result
	for _, d := range docs {
		if d.apart != "" {
			results = append(results, result{d.name, "apart", d.apart})
			continue
		}
		err := check(ctx, dev, psql, d, byName)
		if d.rejects != nil {
			switch {
			case err == nil:
				results = append(results, result{d.name, "fail", "builds, but PostgreSQL was expected to reject it (" + d.rejects.String() + ")"})
			case d.rejects.MatchString(err.Error()):
				results = append(results, result{d.name, "rejected", d.rejects.FindString(err.Error())})
			default:
				results = append(results, result{d.name, "fail", "not rejected as expected (" + d.rejects.String() + "): " + err.Error()})
			}
			continue
		}
		if err != nil {
			results = append(results, result{d.name, "fail", err.Error()})
		} else {
			results = append(results, result{d.name, "pass", ""})
		}
	}
	report(results, verbose)
	if tsvPath != "" {
		var b strings.Builder
		for _, r := range results {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", r.name, r.status, oneLine(r.reason))
		}
		return os.WriteFile(tsvPath, []byte(b.String()), 0o644)
	}
	return nil
}

func report(results []result, verbose bool) {
	count := map[string]int{}
	for _, r := range results {
		count[r.status]++
	}
	schemaDocs := count["pass"] + count["fail"] + count["rejected"]
	fmt.Printf("documents: %d (schema HCL %d, counted apart %d)\n", len(results), schemaDocs, count["apart"])
	if schemaDocs > 0 {
		pct := func(n int) float64 { return 100 * float64(n) / float64(schemaDocs) }
		fmt.Printf("pass: %d of %d (%.1f%%): built as Atlas builds %d, rejected where PostgreSQL rejects Atlas's plan %d\n",
			count["pass"]+count["rejected"], schemaDocs, pct(count["pass"]+count["rejected"]), count["pass"], count["rejected"])
		// Atlas's unit tests only load their HCL; a document that loads
		// and then fails because PostgreSQL rejects it is counted here.
		loads := 0
		for _, r := range results {
			if r.status == "pass" || (r.status != "apart" && !strings.HasPrefix(r.reason, "does not load")) {
				loads++
			}
		}
		fmt.Printf("load: %d of %d (%.1f%%)\n", loads, schemaDocs, pct(loads))
	}
	for _, r := range results {
		switch r.status {
		case "fail":
			reason := r.reason
			if !verbose {
				reason = firstLine(reason)
			}
			fmt.Printf("FAIL  %s: %s\n", r.name, reason)
		case "apart":
			fmt.Printf("APART %s: %s\n", r.name, r.reason)
		case "rejected":
			fmt.Printf("REJECTED %s: %s\n", r.name, r.reason)
		}
	}
}

// check builds one document and compares it with what Atlas builds.
func check(ctx context.Context, dev *devdb.DB, psql string, d *document, byName map[string]*document) error {
	got, url, drop, err := build(ctx, dev, d)
	if err != nil {
		return err
	}
	defer drop()
	// inspect --format hcl of what was built loads back to the same realm.
	text := hclschema.Encode(got)
	back, diags := hclschema.DecodeBytes(text, "inspected.hcl")
	if diags.HasErrors() {
		return fmt.Errorf("the inspected schema's HCL does not load: %s", diags.Error())
	}
	if err := same(got, back); err != nil {
		return fmt.Errorf("the inspected schema's HCL loads as another schema: %w", err)
	}
	for _, s := range d.show {
		var out strings.Builder
		for _, t := range s.tables {
			if !strings.Contains(d.text, fmt.Sprintf("table %q", t)) {
				// The archive shows a table the document does not
				// declare (a slip in Atlas's script): nothing to compare.
				out.Reset()
				break
			}
			cmd := exec.CommandContext(ctx, psql, "-X", "-d", url, "-c", `\d `+d.schema+"."+t)
			b, err := cmd.CombinedOutput()
			if err != nil {
				return fmt.Errorf("psql \\d %s: %v: %s", t, err, b)
			}
			out.Write(b)
		}
		if out.Len() == 0 {
			continue
		}
		if g, w := normalizeShow(out.String()), normalizeShow(s.want); g != w {
			return fmt.Errorf("\\d differs from %s:\n got: %s\nwant: %s", s.file, g, w)
		}
	}
	if d.sameAs != "" {
		other, ok := byName[d.sameAs]
		if !ok {
			return fmt.Errorf("no document %s to compare with", d.sameAs)
		}
		want, _, dropOther, err := build(ctx, dev, other)
		if err != nil {
			return fmt.Errorf("%s (compared with): %w", other.name, err)
		}
		defer dropOther()
		if err := same(got, want); err != nil {
			return fmt.Errorf("builds another schema than %s: %w", other.name, err)
		}
	}
	if len(d.sameAsSQL) > 0 {
		want, dropSQL, err := buildSQL(ctx, dev, d.schema, d.sqlSetup, d.sameAsSQL)
		if err != nil {
			return fmt.Errorf("the SQL Atlas builds does not apply: %w", err)
		}
		defer dropSQL()
		if err := same(got, want); err != nil {
			return fmt.Errorf("builds another schema than the archive's SQL: %w", err)
		}
	}
	return nil
}

// build decodes the document, applies its dump to a new scratch database
// (after the archive's setup statements, as Atlas's harness runs them in a
// schema it created first) and inspects the result.
func build(ctx context.Context, dev *devdb.DB, d *document) (*schema.Realm, string, func(), error) {
	// The setup statements either create what the document refers to and
	// does not declare (a domain, a function), or what the document itself
	// describes; a build without them is tried first.
	r, url, drop, err := build1(ctx, dev, d, nil)
	if err != nil && len(d.setup) > 0 && strings.Contains(err.Error(), "does not apply") {
		if r2, url2, drop2, err2 := build1(ctx, dev, d, d.setup); err2 == nil {
			return r2, url2, drop2, nil
		} else {
			err = fmt.Errorf("%w\n(after the archive's setup: %v)", err, err2)
		}
	}
	return r, url, drop, err
}

func build1(ctx context.Context, dev *devdb.DB, d *document, setup []string) (*schema.Realm, string, func(), error) {
	realm, diags := hclschema.DecodeBytes([]byte(d.text), d.name)
	if diags.HasErrors() {
		return nil, "", nil, fmt.Errorf("does not load: %s", diags.Error())
	}
	var dump strings.Builder
	if err := plan.Dump(realm, &dump); err != nil {
		return nil, "", nil, fmt.Errorf("dump: %w", err)
	}
	url, drop, err := dev.Scratch(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		drop()
		return nil, "", nil, err
	}
	defer conn.Close(ctx)
	script := dump.String()
	if len(setup) > 0 {
		if err := exec1(ctx, conn, fmt.Sprintf("CREATE SCHEMA IF NOT EXISTS %q; SET search_path TO %q;\n%s", d.schema, d.schema, strings.Join(setup, ";\n"))); err != nil {
			drop()
			return nil, "", nil, fmt.Errorf("setup: %w", err)
		}
		// The schemas the setup made exist already, as in Atlas's
		// harness, whose connection keeps its schema on the search path.
		script = createSchemaRE.ReplaceAllString(script, "CREATE SCHEMA IF NOT EXISTS $1;")
	}
	if err := exec1(ctx, conn, script); err != nil {
		drop()
		return nil, "", nil, fmt.Errorf("dump does not apply: %w\n%s", err, script)
	}
	r, _, err := inspect.Realm(ctx, conn, inspect.Options{})
	if err != nil {
		drop()
		return nil, "", nil, fmt.Errorf("inspect: %w", err)
	}
	return r, url, drop, nil
}

var createSchemaRE = regexp.MustCompile(`(?m)^CREATE SCHEMA ("[^"]+"|\w+);`)

// buildSQL applies SQL as Atlas's archives run it: in the script's schema,
// made first and put on the search path.
func buildSQL(ctx context.Context, dev *devdb.DB, schemaName string, setup, sql []string) (*schema.Realm, func(), error) {
	url, drop, err := dev.Scratch(ctx)
	if err != nil {
		return nil, nil, err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		drop()
		return nil, nil, err
	}
	defer conn.Close(ctx)
	parts := append([]string{fmt.Sprintf("CREATE SCHEMA %q; SET search_path TO %q", schemaName, schemaName)}, setup...)
	parts = append(parts, sql...)
	for _, p := range parts {
		if err := exec1(ctx, conn, p); err != nil {
			drop()
			return nil, nil, err
		}
	}
	r, _, err := inspect.Realm(ctx, conn, inspect.Options{})
	if err != nil {
		drop()
		return nil, nil, err
	}
	return r, drop, nil
}

func exec1(ctx context.Context, conn *pgx.Conn, script string) error {
	_, err := conn.Exec(ctx, script, pgx.QueryExecModeSimpleProtocol)
	return err
}

func same(got, want *schema.Realm) error {
	changes, err := diff.Realms(got, want, diff.Options{})
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	var parts []string
	for _, c := range changes {
		parts = append(parts, fmt.Sprintf("%T %+v", c, c))
	}
	return errors.New(strings.Join(parts, "; "))
}

// normalizeShow drops what depends on psql's layout rather than on the
// schema: column widths, separator lines, blank lines and the header word
// ("Table" or "Partitioned table", which older servers print alike).
func normalizeShow(s string) string {
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.Trim(line, "-+") == "" {
			continue
		}
		fields := strings.Split(line, "|")
		for i, f := range fields {
			fields[i] = strings.Join(strings.Fields(f), " ")
		}
		lines = append(lines, strings.Join(fields, "|"))
	}
	return strings.Join(lines, " / ")
}

// load reads the corpus folder.
func load(corpus string) ([]*document, error) {
	var docs []*document
	err := filepath.WalkDir(corpus, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(corpus, path)
		switch {
		case strings.HasSuffix(path, ".txt") || strings.HasSuffix(path, ".txtar"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			docs = append(docs, archiveDocs(rel, string(b))...)
		case strings.HasSuffix(path, ".hcl"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			d := &document{name: rel, schema: "public", text: string(b)}
			if err := readMarkers(d); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			docs = append(docs, d)
		}
		return nil
	})
	sort.Slice(docs, func(i, j int) bool { return docs[i].name < docs[j].name })
	return docs, err
}

// markerPrefix starts the first lines of a plain document that say how
// it is measured (extract writes them):
//
//   - "apart: REASON": the snippet is no document (it refers to objects
//     that no wrapping declares, or mixes databases); counted apart.
//   - "setup: SQL": run before the document's dump, as an archive's
//     execsql: what the document uses and does not declare (an
//     extension, the tables a view reads).
//   - "rejects: REGEXP": PostgreSQL rejects what the document says, so
//     Atlas's own plan of it fails on PostgreSQL; the case passes as
//     rejected when schemactl refuses it with an error matching REGEXP.
//   - "wrapped: WHAT": what was added around a fragment (for the reader).
const markerPrefix = "# atlascorpus-"

func readMarkers(d *document) error {
	for _, line := range strings.Split(d.text, "\n") {
		if !strings.HasPrefix(line, markerPrefix) {
			break
		}
		key, value, ok := strings.Cut(strings.TrimPrefix(line, markerPrefix), ":")
		value = strings.TrimSpace(value)
		if !ok || value == "" {
			return fmt.Errorf("marker %q has no value", line)
		}
		switch key {
		case "apart":
			d.apart = value
		case "setup":
			d.setup = append(d.setup, value)
		case "rejects":
			re, err := regexp.Compile(value)
			if err != nil {
				return fmt.Errorf("marker %q: %w", line, err)
			}
			d.rejects = re
		case "wrapped":
		default:
			return fmt.Errorf("unknown marker %q", line)
		}
	}
	return nil
}

var sectionRE = regexp.MustCompile(`(?m)^-- (\S+) --$`)

// archiveDocs splits a testscript archive into its HCL documents and reads
// from its script what Atlas builds from each.
func archiveDocs(rel, text string) []*document {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(rel), ".txtar"), ".txt")
	schemaName := "script_" + strings.ReplaceAll(base, "-", "_")
	sections := map[string]string{}
	var order []string
	locs := sectionRE.FindAllStringSubmatchIndex(text, -1)
	script := text
	if len(locs) > 0 {
		script = text[:locs[0][0]]
	}
	for i, loc := range locs {
		name := text[loc[2]:loc[3]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		sections[name] = strings.TrimPrefix(text[loc[1]:end], "\n")
		order = append(order, name)
	}
	subst := func(s string) string { return strings.ReplaceAll(s, "$db", schemaName) }

	var setup []string
	for _, name := range order {
		if strings.HasPrefix(name, "migrations/") && strings.HasSuffix(name, ".sql") {
			setup = append(setup, sections[name])
		}
	}
	docs := map[string]*document{}
	for _, name := range order {
		if !strings.HasSuffix(name, ".hcl") {
			continue
		}
		d := &document{name: rel + "/" + name, schema: schemaName, text: subst(sections[name])}
		if name == "atlas.hcl" {
			d.apart = "an atlas.hcl project file, not schema HCL"
		}
		docs[name] = d
	}
	var lastApplied, inspectSQL, diffTo string
	var migrations []string
	for _, line := range strings.Split(script, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch {
		case f[0] == "execsql" && len(f) > 1:
			stmt := strings.Trim(strings.TrimSpace(strings.TrimPrefix(line, "execsql")), "'")
			setup = append(setup, subst(stmt))
		case f[0] == "apply" && len(f) > 1:
			lastApplied = f[1]
			if d := docs[f[1]]; d != nil && len(setup) > 0 && d.setup == nil {
				d.setup = append([]string(nil), setup...)
			}
		case f[0] == "cmpshow" && len(f) > 2:
			if d := docs[lastApplied]; d != nil {
				file := f[len(f)-1]
				d.show = append(d.show, showExpect{tables: f[1 : len(f)-1], want: subst(sections[file]), file: file})
			}
		case (f[0] == "cmphcl" || f[0] == "synced") && len(f) > 1:
			if d := docs[f[1]]; d != nil {
				switch {
				case lastApplied != "" && lastApplied != f[1]:
					d.sameAs = rel + "/" + lastApplied
					d.setup = append([]string(nil), setup...)
				case lastApplied == "" && len(setup) > 0:
					// The document is Atlas's inspection of what the
					// setup statements built.
					d.sameAsSQL = append([]string(nil), setup...)
				default:
					d.setup = append([]string(nil), setup...)
				}
			}
		case f[0] == "atlas" && len(f) > 2 && f[1] == "schema" && f[2] == "inspect":
			inspectSQL = ""
			if strings.Contains(line, "--exclude") || strings.Contains(line, "--format") {
				inspectSQL = "-"
				break
			}
			for i, w := range f {
				if (w == "-u" || w == "--url") && i+1 < len(f) && strings.HasPrefix(f[i+1], "file://") {
					inspectSQL = strings.TrimPrefix(f[i+1], "file://")
				}
			}
		case f[0] == "cmp" && len(f) > 2 && strings.HasSuffix(f[2], ".hcl") || f[0] == "cmp" && len(f) > 2 && strings.HasSuffix(f[1], ".hcl"):
			h := f[1]
			if !strings.HasSuffix(h, ".hcl") || h == "inspected.hcl" {
				h = f[2]
			}
			d := docs[h]
			if d == nil || inspectSQL == "-" {
				break
			}
			if inspectSQL != "" {
				d.sameAsSQL = []string{subst(sections[inspectSQL])}
			} else if lastApplied != "" && lastApplied != h {
				d.sameAs = rel + "/" + lastApplied
			}
		case f[0] == "atlas" && strings.Contains(line, "migrate") && strings.Contains(line, " diff "):
			diffTo = ""
			for _, w := range f {
				if strings.HasPrefix(w, "file://") && strings.HasSuffix(w, ".hcl") {
					diffTo = strings.TrimPrefix(strings.TrimPrefix(w, "file://"), "./")
				}
			}
		case f[0] == "cmpmig" && len(f) > 2:
			migrations = append(migrations, subst(sections[f[2]]))
			if d := docs[diffTo]; d != nil {
				d.setup = append([]string(nil), setup...)
				d.sqlSetup = d.setup
				d.sameAsSQL = append([]string(nil), migrations...)
			}
		}
	}
	var out []*document
	for _, d := range docs {
		out = append(out, d)
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

func oneLine(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "\t", " ") }
