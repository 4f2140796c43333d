package migrate

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/internal/lint"
)

// LintOptions choose which migrations of a directory are new, and so
// linted; the others are replayed as context.
type LintOptions struct {
	// Base is the directory as it is at the revision the change is compared
	// with (`migrate lint --git-base REF`); nil when there is none. Files
	// that Base lacks are new; files it holds with other contents are
	// migration-edited; new versions older than its newest are
	// migration-order.
	Base *Dir
	// BaseName names the revision in messages ("origin/main").
	BaseName string
	// Latest, without Base, makes only the newest Latest migrations new.
	// Zero, without Base, makes every migration new.
	Latest int
	// IncludeRunnerTable lints the statements on the runner's bookkeeping
	// table too, which Lint skips by default (see HideRunnerStatements).
	IncludeRunnerTable bool
}

// A LintResult is what Lint found.
type LintResult struct {
	Findings []lint.Finding
	// Linted lists the paths of the migrations that were linted.
	Linted []string
	// Notes are problems that are not findings: a migration replayed as
	// context that does not parse, which leaves the context incomplete.
	Notes []string
}

// Lint lints the new migrations of d with l. The migrations that are not
// new run first, in version order and without findings, so that the
// linter knows what they created (for an edited migration, its contents
// at Base are replayed, since that is what databases ran); then the new
// migrations are linted in version order, each as one unit.
func Lint(l *lint.Linter, d *Dir, opts LintOptions) LintResult {
	var res LintResult
	isNew := map[string]bool{}
	switch {
	case opts.Base != nil:
		for _, f := range d.Files {
			if _, ok := opts.Base.File(f.Name); !ok {
				isNew[f.Name] = true
			}
		}
		res.Findings = append(res.Findings, history(l, d, opts)...)
	case opts.Latest > 0:
		for i := max(len(d.Files)-opts.Latest, 0); i < len(d.Files); i++ {
			isNew[d.Files[i].Name] = true
		}
	default:
		for _, f := range d.Files {
			isNew[f.Name] = true
		}
	}
	// The files replayed as context and the files linted, as the Linter
	// sees them, parsed ahead on every CPU.
	var context, raw, linted []lint.File
	for _, f := range d.Files {
		if !isNew[f.Name] {
			ctx := f
			if opts.Base != nil {
				if old, ok := opts.Base.File(f.Name); ok {
					ctx = old
				}
			}
			context = append(context, ctx.LintFile())
			continue
		}
		lf := f.LintFile()
		raw = append(raw, lf)
		if !opts.IncludeRunnerTable {
			lf = HideRunnerStatements(lf)
		}
		linted = append(linted, lf)
		res.Linted = append(res.Linted, f.Path)
	}
	l.Preparse(append(slices.Clip(context), linted...))
	for _, f := range context {
		if err := l.Replay(f); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("%v (replayed as context only; what follows it in that file is not known to lint)", err))
		}
	}
	for i, lf := range linted {
		found := l.Lint(lf)
		if !opts.IncludeRunnerTable {
			found = WithoutRunnerFindings(found, raw[i:i+1])
		}
		res.Findings = append(res.Findings, found...)
	}
	lint.Sort(res.Findings)
	return res
}

// history compares d with opts.Base: migrations edited or deleted since
// Base, and new migrations ordered before Base's newest.
func history(l *lint.Linter, d *Dir, opts LintOptions) []lint.Finding {
	var out []lint.Finding
	at := func(path string) hcl.Range {
		return hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}
	}
	ref := opts.BaseName
	if ref == "" {
		ref = "the base revision"
	}
	newest := ""
	for _, f := range opts.Base.Files {
		if newest == "" || CompareVersions(f.Version, newest) > 0 {
			newest = f.Version
		}
		cur, ok := d.File(f.Name)
		switch {
		case !ok:
			if fd, ok := l.Report("migration-edited", at(f.Path), fmt.Sprintf("%s exists at %s but was deleted: databases that applied it keep its changes, and runners that check history (sqlx, goose, Flyway) report it missing", f.Name, ref)); ok {
				out = append(out, fd)
			}
		case cur.Text != f.Text:
			if fd, ok := l.Report("migration-edited", at(cur.Path), fmt.Sprintf("%s was changed since %s, where it already exists: databases that applied it will not run the change, and sqlx and Flyway refuse a changed checksum", f.Name, ref)); ok {
				out = append(out, fd)
			}
		}
	}
	if newest == "" {
		return out
	}
	for _, f := range d.Files {
		if _, ok := opts.Base.File(f.Name); ok {
			continue
		}
		if CompareVersions(f.Version, newest) < 0 {
			if fd, ok := l.Report("migration-order", at(f.Path), fmt.Sprintf("new migration version %s is older than %s, the newest at %s: databases already past %s skip it or refuse to migrate", f.Version, newest, ref, newest)); ok {
				out = append(out, fd)
			}
		}
	}
	return out
}
