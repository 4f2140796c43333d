package effect

import (
	"slices"
	"strings"
	"testing"
)

// TestTriggerStatements checks the locks of trigger DDL against the
// PostgreSQL documentation: CREATE [OR REPLACE] TRIGGER and ALTER TABLE
// ... ENABLE/DISABLE TRIGGER take SHARE ROW EXCLUSIVE (writes wait,
// reads go on), DROP TRIGGER ACCESS EXCLUSIVE; on a partitioned table the
// clones on its partitions are locked too, which a note says.
func TestTriggerStatements(t *testing.T) {
	cat := testCatalog()
	for _, c := range []struct{ sql, want, note string }{
		{"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER: public.t SHARE ROW EXCLUSIVE", ""},
		{"CREATE OR REPLACE TRIGGER tr BEFORE UPDATE OF x ON t FOR EACH ROW WHEN (new.x <> old.x) EXECUTE FUNCTION f('a')", "CREATE TRIGGER: public.t SHARE ROW EXCLUSIVE", ""},
		{"CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER: public.t SHARE ROW EXCLUSIVE", ""},
		{"CREATE TRIGGER tr INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER: public.v SHARE ROW EXCLUSIVE", ""},
		{"CREATE TRIGGER tr AFTER INSERT ON part FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER: public.part SHARE ROW EXCLUSIVE", "cloned onto every partition"},
		{"CREATE TRIGGER tr AFTER INSERT ON fresh FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER: public.fresh SHARE ROW EXCLUSIVE (new)", ""},
		{"DROP TRIGGER tr ON t", "DROP TRIGGER: public.t ACCESS EXCLUSIVE", ""},
		{"DROP TRIGGER tr ON v", "DROP TRIGGER: public.v ACCESS EXCLUSIVE", ""},
		{"DROP TRIGGER tr ON part", "DROP TRIGGER: public.part ACCESS EXCLUSIVE", "drops its clones too"},
		{"ALTER TABLE t DISABLE TRIGGER tr", "ALTER TABLE: public.t SHARE ROW EXCLUSIVE", ""},
		{"ALTER TABLE t ENABLE REPLICA TRIGGER tr", "ALTER TABLE: public.t SHARE ROW EXCLUSIVE", ""},
		{"ALTER TABLE t ENABLE ALWAYS TRIGGER tr", "ALTER TABLE: public.t SHARE ROW EXCLUSIVE", ""},
		{"COMMENT ON TRIGGER tr ON t IS 'x'", "COMMENT: public.t SHARE UPDATE EXCLUSIVE", ""},
	} {
		got := Analyze(mustOne(t, c.sql), cat)
		if got.String() != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
		hasNote := slices.ContainsFunc(got.Notes, func(n string) bool { return c.note != "" && strings.Contains(n, c.note) })
		if (c.note != "") != hasNote {
			t.Errorf("%s: notes %q, want one with %q", c.sql, got.Notes, c.note)
		}
	}
}
