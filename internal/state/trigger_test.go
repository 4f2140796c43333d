package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/apply"
)

// TestTriggerRejectedAtItsBlock checks that a trigger PostgreSQL refuses
// (a WHEN naming a column the table lacks) is reported at the trigger
// block of the HCL file, with the server's message.
func TestTriggerRejectedAtItsBlock(t *testing.T) {
	src := `schema "public" {}

function "noop" {
  schema = schema.public
  lang   = PLpgSQL
  return = sql("trigger")
  as     = "BEGIN RETURN NEW; END"
}

table "t" {
  schema = schema.public
  column "a" {
    type = integer
  }
}

trigger "t_bad" {
  on = table.t
  before {
    update = true
  }
  for  = ROW
  when = "new.nope > 0"
  execute {
    function = function.noop
  }
}
`
	file := filepath.Join(t.TempDir(), "schema.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := newLoader(t).Files(context.Background(), []string{file})
	var ae *apply.Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want an *apply.Error", err)
	}
	if want := file + ":17:1"; !strings.HasPrefix(ae.Origin, want) {
		t.Errorf("origin %q, want %s (the trigger block); error: %v", ae.Origin, want, err)
	}
	if !strings.Contains(err.Error(), "column new.nope does not exist") {
		t.Errorf("error %q lacks PostgreSQL's message", err)
	}
}
