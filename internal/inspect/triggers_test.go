package inspect_test

import (
	"testing"

	"github.com/schemactl/schemactl/schema"
)

func TestTriggers(t *testing.T) {
	t.Parallel()
	fn := schema.QualifiedName{Schema: "public", Name: "trg"}
	trgFunc := &schema.Function{Name: "trg", Language: "plpgsql", Returns: "trigger", Body: "BEGIN RETURN NEW; END"}
	runRealmCases(t, []realmCase{{
		name: "every clause",
		sql: `
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TABLE t (a integer, b text, "C d" integer);
CREATE TRIGGER before_row BEFORE INSERT OR UPDATE OF b, a ON t FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION trg('x', 'it''s', '');
CREATE TRIGGER after_stmt AFTER DELETE OR TRUNCATE ON t EXECUTE FUNCTION trg();
CREATE TRIGGER "odd "" WHEN (" AFTER UPDATE ON t REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION trg();
CREATE CONSTRAINT TRIGGER con AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (new.b <> ')(''') EXECUTE FUNCTION trg();
CREATE TRIGGER off BEFORE UPDATE ON t FOR EACH ROW WHEN (old.* IS DISTINCT FROM new.*) EXECUTE FUNCTION trg();
ALTER TABLE t DISABLE TRIGGER off;
CREATE TRIGGER rep AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
ALTER TABLE t ENABLE REPLICA TRIGGER rep;
CREATE TRIGGER alw AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
ALTER TABLE t ENABLE ALWAYS TRIGGER alw;
COMMENT ON TRIGGER alw ON t IS 'always';
CREATE TABLE p (a integer) PARTITION BY RANGE (a);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
CREATE TRIGGER on_parent AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION trg();
CREATE TRIGGER on_part BEFORE INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION trg();
CREATE VIEW v AS SELECT a FROM t;
CREATE TRIGGER io INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trg();
CREATE TABLE r (id integer PRIMARY KEY, t_id integer REFERENCES r);`,
		want: &schema.Realm{Schemas: []*schema.Schema{{
			Name:      "public",
			Functions: []*schema.Function{trgFunc},
			Views: []*schema.View{{Name: "v", Columns: []*schema.ViewColumn{{Name: "a", Type: "integer"}},
				Query: selectTA(t), DependsOn: []schema.ObjectRef{{Kind: schema.KindColumn, Schema: "public", Name: "t", Column: "a"}},
				Triggers: []*schema.Trigger{{Name: "io", Timing: "INSTEAD OF", Events: []string{"INSERT"}, ForEachRow: true, Function: fn}}}},
			Tables: []*schema.Table{
				{Name: "p", Columns: []*schema.Column{col("a", "integer")},
					PartitionKey: &schema.PartitionKey{Strategy: "RANGE", Parts: []*schema.PartitionPart{{Column: "a"}}},
					Triggers:     []*schema.Trigger{{Name: "on_parent", Timing: "AFTER", Events: []string{"INSERT"}, ForEachRow: true, Function: fn}}},
				{Name: "p1",
					PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "p"}, Bound: "FOR VALUES FROM (0) TO (10)"},
					Triggers:    []*schema.Trigger{{Name: "on_part", Timing: "BEFORE", Events: []string{"INSERT"}, ForEachRow: true, Function: fn}}},
				{Name: "r", Columns: []*schema.Column{notNull("id", "integer"), col("t_id", "integer")},
					PrimaryKey:  &schema.Key{Name: "r_pkey", Columns: []string{"id"}},
					ForeignKeys: []*schema.ForeignKey{{Name: "r_t_id_fkey", Columns: []string{"t_id"}, RefTable: schema.QualifiedName{Schema: "public", Name: "r"}, RefColumns: []string{"id"}, OnUpdate: "NO ACTION", OnDelete: "NO ACTION", Match: "SIMPLE"}}},
				{Name: "t", Columns: []*schema.Column{col("a", "integer"), col("b", "text"), col("C d", "integer")},
					Triggers: []*schema.Trigger{
						{Name: "after_stmt", Timing: "AFTER", Events: []string{"DELETE", "TRUNCATE"}, Function: fn},
						{Name: "alw", Timing: "AFTER", Events: []string{"INSERT"}, ForEachRow: true, Function: fn, Enabled: "ALWAYS", Comment: "always"},
						{Name: "before_row", Timing: "BEFORE", Events: []string{"INSERT", "UPDATE"}, UpdateOf: []string{"b", "a"}, ForEachRow: true,
							When: "(new.a > 0)", Function: fn, Args: []string{"x", "it's", ""}},
						{Name: "con", Timing: "AFTER", Events: []string{"INSERT"}, ForEachRow: true, When: "(new.b <> ')('''::text)", Function: fn,
							Constraint: true, Deferrable: true, InitiallyDeferred: true},
						{Name: "odd \" WHEN (", Timing: "AFTER", Events: []string{"UPDATE"}, Function: fn, OldTable: "o", NewTable: "n"},
						{Name: "off", Timing: "BEFORE", Events: []string{"UPDATE"}, ForEachRow: true, When: "(old.* IS DISTINCT FROM new.*)", Function: fn, Enabled: "DISABLE"},
						{Name: "rep", Timing: "AFTER", Events: []string{"INSERT"}, ForEachRow: true, Function: fn, Enabled: "REPLICA"},
					}},
			},
		}}},
	}})
}
