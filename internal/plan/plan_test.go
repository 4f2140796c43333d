package plan_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// A planCase is one testdata/plan/*.txtar file:
//
//	from.hcl   the current state (absent: an empty database)
//	to.hcl     the desired state
//	schemas    optional: managed schemas besides those of to.hcl, one a line
//	manage     optional: "roles" and/or "privileges" (diff.Options.ManageRoles, ManagePrivileges)
//	want.sql   the plan as WriteSQL prints it, or "error: ..." when planning fails
//
// The archive's comment says what the case shows.
type planCase struct {
	name     string
	file     string
	archive  *txtar.Archive
	from, to *schema.Realm
	schemas  []string
	opts     diff.Options
}

func loadCases(t *testing.T) []*planCase {
	t.Helper()
	files, err := filepath.Glob("testdata/plan/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/plan/*.txtar cases")
	}
	var cases []*planCase
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c := &planCase{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), file: file, archive: ar}
		if src := section(ar, "from.hcl"); src != nil {
			c.from = decode(t, file+":from.hcl", src)
		}
		src := section(ar, "to.hcl")
		if src == nil {
			t.Fatalf("%s: no to.hcl section", file)
		}
		c.to = decode(t, file+":to.hcl", src)
		if s := section(ar, "schemas"); s != nil {
			c.schemas = strings.Fields(string(s))
		}
		for _, m := range strings.Fields(string(section(ar, "manage"))) {
			switch m {
			case "roles":
				c.opts.ManageRoles = true
			case "privileges":
				c.opts.ManagePrivileges = true
			default:
				t.Fatalf("%s: manage: unknown %q", file, m)
			}
		}
		cases = append(cases, c)
	}
	return cases
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func setSection(ar *txtar.Archive, name string, data []byte) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

func decode(t *testing.T, name string, src []byte) *schema.Realm {
	t.Helper()
	r, diags := hclschema.DecodeBytes(src, name)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return r
}

// planText plans the case and prints it as WriteSQL does.
func (c *planCase) planText() (string, *plan.Plan) {
	opts := c.opts
	opts.Schemas = c.schemas
	changes, err := diff.Realms(c.from, c.to, opts)
	if err != nil {
		return "error: " + err.Error() + "\n", nil
	}
	p, err := plan.Build(changes, plan.Options{From: c.from})
	if err != nil {
		return "error: " + err.Error() + "\n", nil
	}
	var buf bytes.Buffer
	if err := p.WriteSQL(&buf); err != nil {
		return "error: " + err.Error() + "\n", nil
	}
	return buf.String(), p
}

// TestPlans compares the plan of every case with its want.sql golden.
func TestPlans(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got, _ := c.planText()
			want := section(c.archive, "want.sql")
			if *update {
				setSection(c.archive, "want.sql", []byte(got))
				if err := os.WriteFile(c.file, txtar.Format(c.archive), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("plan differs from want.sql (-want +got; go test -update rewrites it):\n%s", d)
			}
		})
	}
}

// TestPlansAreDeterministic plans every case twice, once from shuffled
// realms, and expects the same bytes.
func TestPlansAreDeterministic(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			first, _ := c.planText()
			reverse(c.from)
			reverse(c.to)
			second, _ := c.planText()
			if first != second {
				t.Errorf("plan depends on the order of the realms' lists:\n%s", cmp.Diff(first, second))
			}
		})
	}
}

// reverse reverses every list of a realm whose order is not meaningful.
func reverse(r *schema.Realm) {
	if r == nil {
		return
	}
	rev(r.Schemas)
	rev(r.Extensions)
	for _, s := range r.Schemas {
		rev(s.Tables)
		rev(s.Enums)
		rev(s.Domains)
		rev(s.Composites)
		rev(s.Sequences)
		for _, t := range s.Tables {
			rev(t.Uniques)
			rev(t.Indexes)
			rev(t.ForeignKeys)
			rev(t.Checks)
			rev(t.Excludes)
		}
		for _, d := range s.Domains {
			rev(d.Checks)
		}
	}
}

func rev[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// TestCasesCoverEveryChange checks that the golden cases exercise every
// kind of change that diff produces, so that no planner branch goes
// without a golden and a run on PostgreSQL.
func TestCasesCoverEveryChange(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range loadCases(t) {
		if _, p := c.planText(); p != nil {
			for _, s := range p.Statements {
				if s.Source != nil {
					seen[fmt.Sprintf("%T", s.Source)] = true
				}
			}
		}
	}
	all := []diff.Change{
		&diff.CreateSchema{}, &diff.DropSchema{}, &diff.CreateExtension{}, &diff.DropExtension{}, &diff.AlterExtension{},
		&diff.CreateEnum{}, &diff.DropEnum{}, &diff.AddEnumValue{}, &diff.RenameEnumValue{}, &diff.ReplaceEnum{},
		&diff.CreateDomain{}, &diff.DropDomain{}, &diff.SetDomainDefault{}, &diff.SetDomainNotNull{},
		&diff.AddDomainCheck{}, &diff.DropDomainCheck{}, &diff.ValidateDomainCheck{}, &diff.ReplaceDomain{},
		&diff.CreateComposite{}, &diff.DropComposite{}, &diff.AddAttribute{}, &diff.DropAttribute{}, &diff.AlterAttribute{},
		&diff.CreateSequence{}, &diff.DropSequence{}, &diff.AlterSequence{}, &diff.SetSequenceOwner{},
		&diff.CreateTable{}, &diff.DropTable{}, &diff.RenameTable{}, &diff.SetLogged{}, &diff.AttachPartition{}, &diff.DetachPartition{},
		&diff.AddColumn{}, &diff.DropColumn{}, &diff.RenameColumn{}, &diff.AlterColumn{},
		&diff.AddPrimaryKey{}, &diff.DropPrimaryKey{}, &diff.RenameConstraint{}, &diff.AddUnique{}, &diff.DropUnique{},
		&diff.AddForeignKey{}, &diff.DropForeignKey{}, &diff.AlterForeignKey{}, &diff.ValidateForeignKey{},
		&diff.AddCheck{}, &diff.DropCheck{}, &diff.ValidateCheck{}, &diff.AddExclude{}, &diff.DropExclude{},
		&diff.CreateIndex{}, &diff.DropIndex{}, &diff.RenameIndex{}, &diff.CommentOn{},
		&diff.CreateRole{}, &diff.AlterRole{}, &diff.GrantMembership{}, &diff.RevokeMembership{}, &diff.CommentOnRole{},
	}
	for _, c := range all {
		if name := fmt.Sprintf("%T", c); !seen[name] {
			t.Errorf("no case in testdata/plan plans a %s", name)
		}
	}
}
