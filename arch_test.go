package schemactl_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/schemactl/schemactl/"

// forbidden lists, per package, the import path prefixes it must never
// import (style §2.1): the model knows no database and no HCL beyond hcl.Range
// (its codec is internal/hclschema, which knows only the model; realmjson
// knows the model alone), the differ writes no SQL,
// the planner opens no connection, and lint stands apart from the planner.
var forbidden = map[string][]string{
	"schema":             {module + "internal/", module + "cmd/", "github.com/jackc/pgx", "github.com/pganalyze/", "github.com/hashicorp/hcl/v2/", "github.com/zclconf/go-cty"},
	"internal/hclschema": {module + "internal/", module + "cmd/", "github.com/jackc/pgx", "github.com/pganalyze/"},
	"internal/realmjson": {module + "internal/", module + "cmd/", "github.com/hashicorp/", "github.com/zclconf/", "github.com/jackc/", "github.com/pganalyze/"},
	"internal/diff":      {module + "internal/", "github.com/jackc/pgx", "github.com/pganalyze/"},
	"internal/plan":      {module + "internal/inspect", module + "internal/state", module + "internal/devdb", module + "internal/lint", module + "internal/migrate", "github.com/jackc/pgx"},
	"internal/effect":    {module, "github.com/jackc/pgx"},
	"internal/inspect":   {module + "internal/"},
	"internal/lint":      {module + "internal/inspect", module + "internal/diff", module + "internal/plan", module + "internal/state", module + "internal/migrate"},
	"internal/devdb":     {module + "internal/", module + "schema"},
	"internal/apply":     {module + "internal/inspect", module + "internal/state", module + "internal/devdb", module + "internal/migrate"},
	// rehearsal tries declarative plans; migration directories are
	// deploy's, which rehearses them by replay.
	"internal/rehearsal": {module + "internal/deploy", module + "internal/migrate", module + "internal/lint"},
	// deploy acts on what migrate describes of each runner; migrate
	// never depends on deploying.
	"internal/migrate": {module + "internal/deploy"},
}

// TestImports fails on any import the package table of style §2.1 forbids,
// on any package that imports cmd/, and on non-test code that imports
// internal/pgtest.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := strings.TrimPrefix(fields[0], module), fields[1:]
		for _, imp := range imports {
			if strings.HasPrefix(imp, module+"cmd/") {
				t.Errorf("%s imports %s: nothing imports cmd", pkg, imp)
			}
			if imp == module+"internal/pgtest" {
				t.Errorf("%s imports internal/pgtest outside its tests", pkg)
			}
			for _, bad := range forbidden[pkg] {
				if strings.HasPrefix(imp, bad) && imp != module+pkg {
					t.Errorf("%s imports %s, which it must not", pkg, imp)
				}
			}
		}
		if _, ok := forbidden[pkg]; ok {
			checked++
		}
	}
	if checked != len(forbidden) {
		t.Errorf("checked %d of the %d packages in the table: a package was renamed or removed", checked, len(forbidden))
	}
}
