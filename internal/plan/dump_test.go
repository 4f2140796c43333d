package plan_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

// TestDumpAcceptance is the acceptance check of the derived dump: a
// database built with hand-written SQL covering every object kind is
// inspected into realm R; the dump of R, applied to an empty database and
// inspected, gives R again, and the dump of that is byte for byte the same.
func TestDumpAcceptance(t *testing.T) {
	ctx := context.Background()
	src, err := os.ReadFile(filepath.Join("testdata", "rich.sql"))
	if err != nil {
		t.Fatal(err)
	}
	a := connect(t, pgtest.New(t))
	if _, err := a.Exec(ctx, string(src)); err != nil {
		t.Fatalf("testdata/rich.sql: %v", err)
	}
	original := inspectRealm(t, a)
	first := dumpSQL(t, original)

	b := connect(t, pgtest.New(t))
	execScript(t, b, first, "dump of the inspected realm")
	again := inspectRealm(t, b)
	if d := cmp.Diff(original, again, modelCmp); d != "" {
		t.Errorf("dump → apply → inspect differs from the original realm (-original +again):\n%s\ndump:\n%s", d, first)
	}
	if changes, err := diff.Realms(original, again, diff.Options{}); err != nil || len(changes) > 0 {
		t.Errorf("diff after the round trip is not empty (err %v):\n%s", err, describe(changes))
	}
	if second := dumpSQL(t, again); second != first {
		t.Errorf("second dump differs from the first:\n%s", cmp.Diff(first, second))
	}
	checkHCLRoundTrip(t, original)

	golden := filepath.Join("testdata", "rich.dump.sql")
	if *update {
		if err := os.WriteFile(golden, []byte(first), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), first); d != "" {
		t.Errorf("dump differs from %s (-want +got; go test -update rewrites it):\n%s", golden, d)
	}
}

// checkHCLRoundTrip is the HCL leg of the acceptance check: the inspected
// realm, encoded as HCL, decoded, dumped as SQL and applied to an empty
// database, inspects as the same realm, and encoding that gives the same
// bytes.
func checkHCLRoundTrip(t *testing.T, original *schema.Realm) {
	t.Helper()
	text := hclschema.Encode(original)
	decoded, diags := hclschema.DecodeBytes(text, "rich.hcl")
	if diags.HasErrors() {
		t.Fatalf("the encoded HCL does not decode: %v\n%s", diags, text)
	}
	c := connect(t, pgtest.New(t))
	execScript(t, c, dumpSQL(t, decoded), "dump of the decoded HCL")
	again := inspectRealm(t, c)
	if d := cmp.Diff(original, again, modelCmp); d != "" {
		t.Errorf("inspect → HCL → dump → apply → inspect differs from the original realm (-original +again):\n%s\nHCL:\n%s", d, text)
	}
	if second := hclschema.Encode(again); !bytes.Equal(second, text) {
		t.Errorf("the HCL of the round-tripped realm differs:\n%s", cmp.Diff(string(text), string(second)))
	}
}

// TestDumpEmpty checks the dump of nothing, and of a realm that holds only
// what an empty database has.
func TestDumpEmpty(t *testing.T) {
	for _, r := range []*schema.Realm{nil, {}, {Schemas: []*schema.Schema{{Name: "public"}}},
		{Schemas: []*schema.Schema{{Name: "public", Comment: "standard public schema"}}}} {
		var buf bytes.Buffer
		if err := plan.Dump(r, &buf); err != nil {
			t.Fatal(err)
		}
		if buf.Len() != 0 {
			t.Errorf("dump of %+v = %q, want nothing", r, buf.String())
		}
	}
	var buf bytes.Buffer
	r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Comment: "mine"}}}
	r.Link()
	if err := plan.Dump(r, &buf); err != nil {
		t.Fatal(err)
	}
	if want := "COMMENT ON SCHEMA public IS 'mine';\n"; buf.String() != want {
		t.Errorf("dump = %q, want %q", buf.String(), want)
	}
}

// TestDumpIsDeterministic dumps the same realm listed in two orders.
func TestDumpIsDeterministic(t *testing.T) {
	for _, c := range loadCases(t) {
		var first, second bytes.Buffer
		if err := plan.Dump(c.to, &first); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		reverse(c.to)
		if err := plan.Dump(c.to, &second); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Errorf("%s: dump depends on the order of the realm's lists:\n%s", c.name, cmp.Diff(first.String(), second.String()))
		}
		for _, online := range []string{"CONCURRENTLY", "VALIDATE CONSTRAINT", "USING INDEX", "lock_timeout"} {
			if strings.Contains(first.String(), online) {
				t.Errorf("%s: the dump uses an online form (%s), but every table in it is new:\n%s", c.name, online, first.String())
			}
		}
	}
}
