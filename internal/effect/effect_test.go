package effect

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// mapCatalog is a Catalog for tests.
type mapCatalog struct {
	tables  map[Name]TableInfo
	indexes map[Name]IndexInfo
}

func (m mapCatalog) Table(n Name) (TableInfo, bool) { t, ok := m.tables[n]; return t, ok }
func (m mapCatalog) Index(n Name) (IndexInfo, bool) { ix, ok := m.indexes[n]; return ix, ok }

func pub(n string) Name { return Name{Schema: "public", Name: n} }

// testCatalog is the database every case of TestAnalyze runs against.
func testCatalog() mapCatalog {
	t := TableInfo{Name: pub("t"), Kind: KindTable, Rows: 1e6, Pages: 1000, Sized: true,
		Columns: []ColumnInfo{
			{Name: "id", Type: "integer", NotNull: true},
			{Name: "a", Type: "character varying(10)"},
			{Name: "n", Type: "numeric(10,2)"},
			{Name: "ts", Type: "timestamp(3) without time zone"},
			{Name: "tm", Type: "time(3) without time zone"},
			{Name: "tz", Type: "time(2) with time zone"},
			{Name: "b", Type: "bit varying(5)"},
			{Name: "fb", Type: "bit(5)"},
			{Name: "c", Type: "cidr"},
			{Name: "ch", Type: "character(5)"},
			{Name: "x", Type: "text"},
			{Name: "i", Type: "integer"},
			{Name: "iv", Type: "interval(3)"},
			{Name: "tt", Type: "timestamp without time zone"},
			{Name: "email", Type: "text"},
			{Name: "p_id", Type: "integer"},
			{Name: "tags", Type: "character varying(10)[]"},
			{Name: "nn", Type: "text", NotNull: true},
			{Name: "g", Type: "integer", Generated: true},
		},
		Checks:      []CheckInfo{{Name: "t_email_nn", NotNullColumn: "email", Valid: true}, {Name: "t_x_nn", NotNullColumn: "x", Valid: false}},
		ForeignKeys: []ForeignKeyInfo{{Name: "t_p_fkey", Columns: []string{"p_id"}, References: pub("p"), Valid: false}},
	}
	return mapCatalog{
		tables: map[Name]TableInfo{
			pub("t"):            t,
			pub("p"):            {Name: pub("p"), Kind: KindTable, Columns: []ColumnInfo{{Name: "id", Type: "integer", NotNull: true}}},
			pub("part"):         {Name: pub("part"), Kind: KindPartitioned, DefaultPartition: pub("part_default")},
			pub("part1"):        {Name: pub("part1"), Kind: KindTable, Parent: pub("part")},
			pub("part_default"): {Name: pub("part_default"), Kind: KindTable, Parent: pub("part")},
			pub("fresh"):        {Name: pub("fresh"), Kind: KindTable, New: true},
			pub("mv"):           {Name: pub("mv"), Kind: KindMatView},
			pub("v"):            {Name: pub("v"), Kind: KindView},
		},
		indexes: map[Name]IndexInfo{
			pub("t_a"):    {Name: pub("t_a"), Table: pub("t")},
			pub("t_pkey"): {Name: pub("t_pkey"), Table: pub("t"), Unique: true, Primary: true},
			pub("pi"):     {Name: pub("pi"), Table: pub("part")},
		},
	}
}

func mustOne(t *testing.T, sql string) Statement {
	t.Helper()
	stmts, err := Parse(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("parse %q: %d statements", sql, len(stmts))
	}
	return stmts[0]
}

// alterCase is one ALTER TABLE subcommand: the SQL that produces it (or, for
// subcommands only PostgreSQL itself produces, a synthetic command) and the
// effect summary expected.
type alterCase struct {
	sub  pg_query.AlterTableType
	sql  string                  // parsed when set
	cmd  *pg_query.AlterTableCmd // used when sql is empty
	want string
}

func TestAlterTableSubcommands(t *testing.T) {
	AE := "public.t ACCESS EXCLUSIVE"
	cases := []alterCase{
		{pg_query.AlterTableType_AT_AddColumn, "ALTER TABLE t ADD COLUMN z int", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_AddColumnToView, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_AddColumnToView}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ColumnDefault, "ALTER TABLE t ALTER COLUMN x SET DEFAULT 'a'", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_CookedColumnDefault, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_CookedColumnDefault}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DropNotNull, "ALTER TABLE t ALTER COLUMN nn DROP NOT NULL", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_SetNotNull, "ALTER TABLE t ALTER COLUMN i SET NOT NULL", nil, "ALTER TABLE: " + AE + " scan"},
		{pg_query.AlterTableType_AT_DropExpression, "ALTER TABLE t ALTER COLUMN i DROP EXPRESSION", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_CheckNotNull, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_CheckNotNull, Name: "i"}, "ALTER TABLE: public.t ACCESS SHARE"},
		{pg_query.AlterTableType_AT_SetStatistics, "ALTER TABLE t ALTER COLUMN i SET STATISTICS 100", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_SetOptions, "ALTER TABLE t ALTER COLUMN i SET (n_distinct = 5)", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_ResetOptions, "ALTER TABLE t ALTER COLUMN i RESET (n_distinct)", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_SetStorage, "ALTER TABLE t ALTER COLUMN x SET STORAGE EXTERNAL", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_SetCompression, "ALTER TABLE t ALTER COLUMN x SET COMPRESSION pglz", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DropColumn, "ALTER TABLE t DROP COLUMN x", nil, "ALTER TABLE: " + AE + "; destructive"},
		{pg_query.AlterTableType_AT_AddIndex, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_AddIndex}, "ALTER TABLE: " + AE + " scan"},
		{pg_query.AlterTableType_AT_ReAddIndex, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_ReAddIndex}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_AddConstraint, "ALTER TABLE t ADD CONSTRAINT ck CHECK (i > 0)", nil, "ALTER TABLE: " + AE + " scan"},
		{pg_query.AlterTableType_AT_ReAddConstraint, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_ReAddConstraint}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ReAddDomainConstraint, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_ReAddDomainConstraint}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_AlterConstraint, "ALTER TABLE t ALTER CONSTRAINT t_p_fkey DEFERRABLE", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ValidateConstraint, "ALTER TABLE t VALIDATE CONSTRAINT t_p_fkey", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE scan, public.p ROW SHARE"},
		{pg_query.AlterTableType_AT_AddIndexConstraint, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_AddIndexConstraint}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DropConstraint, "ALTER TABLE t DROP CONSTRAINT t_p_fkey", nil, "ALTER TABLE: " + AE + ", public.p ACCESS EXCLUSIVE"},
		{pg_query.AlterTableType_AT_ReAddComment, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_ReAddComment}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_AlterColumnType, "ALTER TABLE t ALTER COLUMN i TYPE bigint", nil, "ALTER TABLE: " + AE + " rewrite"},
		{pg_query.AlterTableType_AT_AlterColumnGenericOptions, "ALTER FOREIGN TABLE t ALTER COLUMN i OPTIONS (ADD a 'b')", nil, "ALTER FOREIGN TABLE: " + AE},
		{pg_query.AlterTableType_AT_ChangeOwner, "ALTER TABLE t OWNER TO bob", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ClusterOn, "ALTER TABLE t CLUSTER ON t_pkey", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_DropCluster, "ALTER TABLE t SET WITHOUT CLUSTER", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_SetLogged, "ALTER TABLE t SET LOGGED", nil, "ALTER TABLE: " + AE + " rewrite"},
		{pg_query.AlterTableType_AT_SetUnLogged, "ALTER TABLE t SET UNLOGGED", nil, "ALTER TABLE: " + AE + " rewrite"},
		{pg_query.AlterTableType_AT_DropOids, "ALTER TABLE t SET WITHOUT OIDS", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_SetAccessMethod, "ALTER TABLE t SET ACCESS METHOD heap2", nil, "ALTER TABLE: " + AE + " rewrite"},
		{pg_query.AlterTableType_AT_SetTableSpace, "ALTER TABLE t SET TABLESPACE fast", nil, "ALTER TABLE: " + AE + " rewrite"},
		{pg_query.AlterTableType_AT_SetRelOptions, "ALTER TABLE t SET (fillfactor = 50)", nil, "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_ResetRelOptions, "ALTER TABLE t RESET (user_catalog_table)", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ReplaceRelOptions, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_ReplaceRelOptions}, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_EnableTrig, "ALTER TABLE t ENABLE TRIGGER tr", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_EnableAlwaysTrig, "ALTER TABLE t ENABLE ALWAYS TRIGGER tr", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_EnableReplicaTrig, "ALTER TABLE t ENABLE REPLICA TRIGGER tr", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_DisableTrig, "ALTER TABLE t DISABLE TRIGGER tr", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_EnableTrigAll, "ALTER TABLE t ENABLE TRIGGER ALL", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_DisableTrigAll, "ALTER TABLE t DISABLE TRIGGER ALL", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_EnableTrigUser, "ALTER TABLE t ENABLE TRIGGER USER", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_DisableTrigUser, "ALTER TABLE t DISABLE TRIGGER USER", nil, "ALTER TABLE: public.t SHARE ROW EXCLUSIVE"},
		{pg_query.AlterTableType_AT_EnableRule, "ALTER TABLE t ENABLE RULE r", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_EnableAlwaysRule, "ALTER TABLE t ENABLE ALWAYS RULE r", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_EnableReplicaRule, "ALTER TABLE t ENABLE REPLICA RULE r", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DisableRule, "ALTER TABLE t DISABLE RULE r", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_AddInherit, "ALTER TABLE t INHERIT p", nil, "ALTER TABLE: " + AE + ", public.p SHARE UPDATE EXCLUSIVE"},
		{pg_query.AlterTableType_AT_DropInherit, "ALTER TABLE t NO INHERIT p", nil, "ALTER TABLE: " + AE + ", public.p ACCESS SHARE"},
		{pg_query.AlterTableType_AT_AddOf, "ALTER TABLE t OF some_type", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DropOf, "ALTER TABLE t NOT OF", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ReplicaIdentity, "ALTER TABLE t REPLICA IDENTITY FULL", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_EnableRowSecurity, "ALTER TABLE t ENABLE ROW LEVEL SECURITY", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DisableRowSecurity, "ALTER TABLE t DISABLE ROW LEVEL SECURITY", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ForceRowSecurity, "ALTER TABLE t FORCE ROW LEVEL SECURITY", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_NoForceRowSecurity, "ALTER TABLE t NO FORCE ROW LEVEL SECURITY", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_GenericOptions, "ALTER FOREIGN TABLE t OPTIONS (ADD a 'b')", nil, "ALTER FOREIGN TABLE: " + AE},
		{pg_query.AlterTableType_AT_AttachPartition, "ALTER TABLE part ATTACH PARTITION part2 FOR VALUES FROM (1) TO (2)", nil,
			"ALTER TABLE: public.part SHARE UPDATE EXCLUSIVE, public.part2 ACCESS EXCLUSIVE scan, public.part_default ACCESS EXCLUSIVE scan"},
		{pg_query.AlterTableType_AT_DetachPartition, "ALTER TABLE part DETACH PARTITION part1", nil, "ALTER TABLE: public.part ACCESS EXCLUSIVE, public.part1 ACCESS EXCLUSIVE"},
		{pg_query.AlterTableType_AT_DetachPartitionFinalize, "ALTER TABLE part DETACH PARTITION part1 FINALIZE", nil, "ALTER TABLE: public.part SHARE UPDATE EXCLUSIVE, public.part1 ACCESS EXCLUSIVE"},
		{pg_query.AlterTableType_AT_AddIdentity, "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_SetIdentity, "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_DropIdentity, "ALTER TABLE t ALTER COLUMN id DROP IDENTITY", nil, "ALTER TABLE: " + AE},
		{pg_query.AlterTableType_AT_ReAddStatistics, "", &pg_query.AlterTableCmd{Subtype: pg_query.AlterTableType_AT_ReAddStatistics}, "ALTER TABLE: " + AE},
	}
	covered := map[pg_query.AlterTableType]bool{}
	cat := testCatalog()
	for _, c := range cases {
		t.Run(c.sub.String(), func(t *testing.T) {
			var s Statement
			if c.sql != "" {
				s = mustOne(t, c.sql)
				cmds := s.Node().GetAlterTableStmt().GetCmds()
				if len(cmds) != 1 || cmds[0].GetAlterTableCmd().Subtype != c.sub {
					t.Fatalf("%q does not parse to %v", c.sql, c.sub)
				}
			} else {
				s = Statement{node: &pg_query.Node{Node: &pg_query.Node_AlterTableStmt{AlterTableStmt: &pg_query.AlterTableStmt{
					Relation: &pg_query.RangeVar{Relname: "t", Inh: true},
					Objtype:  pg_query.ObjectType_OBJECT_TABLE,
					Cmds:     []*pg_query.Node{{Node: &pg_query.Node_AlterTableCmd{AlterTableCmd: c.cmd}}},
				}}}}
			}
			got := Analyze(s, cat)
			if diff := cmp.Diff(c.want, got.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.sql, diff)
			}
			if len(got.Actions) != 1 || got.Actions[0].Kind == ActUnknown {
				t.Errorf("actions = %+v, want one known action", got.Actions)
			}
		})
		covered[c.sub] = true
	}
	for v, name := range pg_query.AlterTableType_name {
		st := pg_query.AlterTableType(v)
		if st != pg_query.AlterTableType_ALTER_TABLE_TYPE_UNDEFINED && !covered[st] {
			t.Errorf("ALTER TABLE subcommand %s has no test case", name)
		}
	}
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		sql  string
		want string
	}{
		// Indexes.
		{"CREATE INDEX t_i ON t (i)", "CREATE INDEX: public.t SHARE scan"},
		{"CREATE INDEX CONCURRENTLY t_i ON t (i)", "CREATE INDEX: public.t SHARE UPDATE EXCLUSIVE scan; not in a transaction"},
		{"CREATE INDEX ON fresh (i)", "CREATE INDEX: public.fresh SHARE scan (new)"},
		{"CREATE INDEX pi2 ON ONLY part (k)", "CREATE INDEX: public.part SHARE"},
		{"DROP INDEX t_a", "DROP INDEX: public.t ACCESS EXCLUSIVE, public.t_a ACCESS EXCLUSIVE"},
		{"DROP INDEX CONCURRENTLY t_a", "DROP INDEX: public.t SHARE UPDATE EXCLUSIVE, public.t_a SHARE UPDATE EXCLUSIVE; not in a transaction"},
		{"REINDEX INDEX t_a", "REINDEX: public.t SHARE scan, public.t_a ACCESS EXCLUSIVE rewrite"},
		{"REINDEX INDEX CONCURRENTLY t_a", "REINDEX: public.t SHARE UPDATE EXCLUSIVE scan, public.t_a SHARE UPDATE EXCLUSIVE rewrite; not in a transaction"},
		{"REINDEX TABLE t", "REINDEX: public.t SHARE scan"},
		{"REINDEX SCHEMA app", "REINDEX: app.* SHARE; not in a transaction"},
		{"ALTER INDEX t_a RENAME TO t_b", "ALTER INDEX: public.t_a SHARE UPDATE EXCLUSIVE"},
		{"ALTER INDEX t_a SET TABLESPACE fast", "ALTER INDEX: public.t_a ACCESS EXCLUSIVE rewrite"},
		{"ALTER INDEX pi ATTACH PARTITION p1i", "ALTER INDEX: public.pi SHARE UPDATE EXCLUSIVE, public.p1i ACCESS EXCLUSIVE"},
		// Tables.
		{"CREATE TABLE n (id int)", "CREATE TABLE: no lock on existing relations"},
		{"CREATE TABLE n (id int REFERENCES p (id))", "CREATE TABLE: public.p SHARE ROW EXCLUSIVE"},
		{"CREATE TABLE part9 PARTITION OF part FOR VALUES FROM (9) TO (10)", "CREATE TABLE: public.part ACCESS EXCLUSIVE, public.part_default ACCESS EXCLUSIVE scan"},
		{"CREATE TABLE c (LIKE t)", "CREATE TABLE: public.t ACCESS SHARE"},
		{"CREATE TABLE c () INHERITS (p)", "CREATE TABLE: public.p SHARE UPDATE EXCLUSIVE"},
		{"CREATE TABLE c AS SELECT * FROM t", "CREATE TABLE AS: public.t ACCESS SHARE"},
		{"DROP TABLE t", "DROP TABLE: public.t ACCESS EXCLUSIVE, public.p ACCESS EXCLUSIVE; destructive"},
		{"DROP TABLE fresh", "DROP TABLE: public.fresh ACCESS EXCLUSIVE (new)"},
		{"TRUNCATE t, p", "TRUNCATE: public.t ACCESS EXCLUSIVE, public.p ACCESS EXCLUSIVE; destructive"},
		{"ALTER TABLE t RENAME TO t2", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		// A generated column's values come from the others.
		{"ALTER TABLE t DROP COLUMN g", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t DROP COLUMN i", "ALTER TABLE: public.t ACCESS EXCLUSIVE; destructive"},
		{"ALTER TABLE t RENAME COLUMN x TO y", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t RENAME CONSTRAINT t_p_fkey TO t_p", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER VIEW v RENAME TO v2", "ALTER VIEW: public.v ACCESS EXCLUSIVE"},
		{"ALTER MATERIALIZED VIEW mv RENAME TO mv2", "ALTER MATERIALIZED VIEW: public.mv ACCESS EXCLUSIVE"},
		{"ALTER SEQUENCE s RENAME TO s2", "ALTER SEQUENCE: public.s ACCESS EXCLUSIVE"},
		{"ALTER TRIGGER tr ON t RENAME TO tr2", "ALTER TRIGGER: public.t ACCESS EXCLUSIVE"},
		{"ALTER POLICY pol ON t RENAME TO pol2", "ALTER POLICY: public.t ACCESS EXCLUSIVE"},
		{"ALTER SCHEMA app RENAME TO app2", "ALTER SCHEMA: no lock on existing relations"},
		{"ALTER TYPE mood RENAME TO feeling", "ALTER TYPE: no lock on existing relations"},
		{"ALTER TABLE t SET SCHEMA archive", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"VACUUM FULL t", "VACUUM: public.t ACCESS EXCLUSIVE rewrite; not in a transaction"},
		{"VACUUM t", "VACUUM: public.t SHARE UPDATE EXCLUSIVE; not in a transaction"},
		{"VACUUM (FULL, ANALYZE) t", "VACUUM: public.t ACCESS EXCLUSIVE rewrite; not in a transaction"},
		{"ANALYZE t", "ANALYZE: public.t SHARE UPDATE EXCLUSIVE"},
		{"CLUSTER t USING t_pkey", "CLUSTER: public.t ACCESS EXCLUSIVE rewrite"},
		{"CLUSTER", "CLUSTER: * ACCESS EXCLUSIVE rewrite; not in a transaction"},
		{"COMMENT ON TABLE t IS 'x'", "COMMENT: public.t SHARE UPDATE EXCLUSIVE"},
		{"COMMENT ON COLUMN t.x IS 'x'", "COMMENT: public.t SHARE UPDATE EXCLUSIVE"},
		{"COMMENT ON SCHEMA app IS 'x'", "COMMENT: no lock on existing relations"},
		{"GRANT SELECT ON t TO app", "GRANT: no lock on existing relations"},
		{"REVOKE SELECT ON t FROM app", "REVOKE: no lock on existing relations"},
		{"GRANT SELECT (x), UPDATE (x) ON TABLE t TO app WITH GRANT OPTION", "GRANT: no lock on existing relations"},
		{"REVOKE GRANT OPTION FOR SELECT ON TABLE t FROM app", "REVOKE: no lock on existing relations"},
		{"REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC", "REVOKE: no lock on existing relations"},
		{"GRANT USAGE, CREATE ON SCHEMA app TO app", "GRANT: no lock on existing relations"},
		{"ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public GRANT SELECT ON TABLES TO reader", "ALTER DEFAULT PRIVILEGES: no lock on existing relations"},
		{"ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC", "ALTER DEFAULT PRIVILEGES: no lock on existing relations"},
		{"LOCK TABLE t IN SHARE MODE", "LOCK TABLE: public.t SHARE; needs a transaction"},
		// Views, sequences, types, functions, triggers, schemas, extensions.
		{"CREATE VIEW v2 AS SELECT id FROM t", "CREATE VIEW: public.t ACCESS SHARE"},
		{"CREATE OR REPLACE VIEW v AS SELECT id FROM t", "CREATE VIEW: public.v ACCESS EXCLUSIVE, public.t ACCESS SHARE"},
		{"DROP VIEW v", "DROP VIEW: public.v ACCESS EXCLUSIVE"},
		{"CREATE MATERIALIZED VIEW mv2 AS SELECT id FROM t", "CREATE MATERIALIZED VIEW: public.t ACCESS SHARE"},
		{"REFRESH MATERIALIZED VIEW mv", "REFRESH MATERIALIZED VIEW: public.mv ACCESS EXCLUSIVE rewrite"},
		{"REFRESH MATERIALIZED VIEW CONCURRENTLY mv", "REFRESH MATERIALIZED VIEW: public.mv EXCLUSIVE"},
		{"DROP MATERIALIZED VIEW mv", "DROP MATERIALIZED VIEW: public.mv ACCESS EXCLUSIVE"},
		{"CREATE SEQUENCE s", "CREATE SEQUENCE: no lock on existing relations"},
		{"ALTER SEQUENCE s RESTART", "ALTER SEQUENCE: public.s SHARE ROW EXCLUSIVE"},
		{"DROP SEQUENCE s", "DROP SEQUENCE: public.s ACCESS EXCLUSIVE"},
		{"ALTER TYPE mood ADD VALUE 'c'", "ALTER TYPE: no lock on existing relations"},
		{"ALTER TYPE mood RENAME VALUE 'a' TO 'b'", "ALTER TYPE: no lock on existing relations"},
		{"CREATE TYPE mood AS ENUM ('a')", "CREATE TYPE: no lock on existing relations"},
		{"DROP TYPE mood CASCADE", "DROP TYPE: no lock on existing relations; destructive"},
		{"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE FUNCTION: no lock on existing relations"},
		{"DROP FUNCTION f()", "DROP FUNCTION: no lock on existing relations"},
		{"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "CREATE TRIGGER: public.t SHARE ROW EXCLUSIVE"},
		{"DROP TRIGGER tr ON t", "DROP TRIGGER: public.t ACCESS EXCLUSIVE"},
		{"CREATE POLICY pol ON t USING (true)", "CREATE POLICY: public.t ACCESS EXCLUSIVE"},
		{"CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING", "CREATE RULE: public.t ACCESS EXCLUSIVE"},
		{"CREATE STATISTICS st ON a, i FROM t", "CREATE STATISTICS: public.t SHARE UPDATE EXCLUSIVE"},
		{"CREATE SCHEMA app", "CREATE SCHEMA: no lock on existing relations"},
		{"DROP SCHEMA app", "DROP SCHEMA: no lock on existing relations"},
		{"DROP SCHEMA app CASCADE", "DROP SCHEMA: app.* ACCESS EXCLUSIVE; destructive"},
		{"DROP SCHEMA IF EXISTS app, old CASCADE", "DROP SCHEMA: app.* ACCESS EXCLUSIVE, old.* ACCESS EXCLUSIVE; destructive"},
		// ALTER DOMAIN: checking values locks every table using the domain SHARE.
		{"ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE ~ '@')", "ALTER DOMAIN: public.email SHARE scan"},
		{"ALTER DOMAIN email ADD CHECK (VALUE ~ '@')", "ALTER DOMAIN: public.email SHARE scan"},
		{"ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE ~ '@') NOT VALID", "ALTER DOMAIN: no lock on existing relations"},
		{"ALTER DOMAIN email VALIDATE CONSTRAINT email_at", "ALTER DOMAIN: public.email SHARE scan"},
		{"ALTER DOMAIN email SET NOT NULL", "ALTER DOMAIN: public.email SHARE scan"},
		{"ALTER DOMAIN email DROP NOT NULL", "ALTER DOMAIN: no lock on existing relations"},
		{"ALTER DOMAIN email DROP CONSTRAINT email_at", "ALTER DOMAIN: no lock on existing relations"},
		{"ALTER DOMAIN email SET DEFAULT 'a@b'", "ALTER DOMAIN: no lock on existing relations"},
		{"CREATE EXTENSION pg_trgm", "CREATE EXTENSION: no lock on existing relations"},
		{"DROP EXTENSION pg_trgm CASCADE", "DROP EXTENSION: no lock on existing relations; destructive"},
		{"DROP DATABASE app", "DROP DATABASE: no lock on existing relations; not in a transaction; destructive"},
		{"CREATE DATABASE app", "CREATE DATABASE: no lock on existing relations; not in a transaction"},
		{"INSERT INTO t (id) SELECT id FROM p", "INSERT: public.t ROW EXCLUSIVE, public.p ACCESS SHARE"},
		{"UPDATE t SET x = 'a' WHERE id = 1", "UPDATE: public.t ROW EXCLUSIVE"},
		{"WITH q AS (SELECT 1) SELECT * FROM q, t", "SELECT: public.t ACCESS SHARE"},
		// ALTER TABLE details.
		{"ALTER TABLE t ADD COLUMN z int DEFAULT 0", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ADD COLUMN z timestamptz DEFAULT now()", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ADD COLUMN z uuid DEFAULT gen_random_uuid()", "ALTER TABLE: public.t ACCESS EXCLUSIVE rewrite"},
		{"ALTER TABLE t ADD COLUMN z float8 DEFAULT random()", "ALTER TABLE: public.t ACCESS EXCLUSIVE rewrite"},
		{"ALTER TABLE t ADD COLUMN z int DEFAULT my_func()", "ALTER TABLE: public.t ACCESS EXCLUSIVE rewrite"},
		{"ALTER TABLE t ADD COLUMN z bigserial", "ALTER TABLE: public.t ACCESS EXCLUSIVE rewrite"},
		{"ALTER TABLE t ADD COLUMN z int GENERATED ALWAYS AS (i * 2) STORED", "ALTER TABLE: public.t ACCESS EXCLUSIVE rewrite"},
		{"ALTER TABLE t ADD COLUMN z int GENERATED ALWAYS AS IDENTITY", "ALTER TABLE: public.t ACCESS EXCLUSIVE rewrite"},
		{"ALTER TABLE t ADD COLUMN z int NOT NULL", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan"},
		{"ALTER TABLE t ADD COLUMN z int NOT NULL DEFAULT 0", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ADD COLUMN z int REFERENCES p (id)", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan, public.p SHARE ROW EXCLUSIVE"},
		{"ALTER TABLE t ADD COLUMN z int UNIQUE", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan"},
		{"ALTER TABLE t ADD CONSTRAINT ck CHECK (i > 0) NOT VALID", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p_id) REFERENCES p (id)", "ALTER TABLE: public.t SHARE ROW EXCLUSIVE scan, public.p SHARE ROW EXCLUSIVE scan"},
		{"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID", "ALTER TABLE: public.t SHARE ROW EXCLUSIVE, public.p SHARE ROW EXCLUSIVE"},
		{"ALTER TABLE t ADD CONSTRAINT u UNIQUE (i)", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan"},
		{"ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_i", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ADD PRIMARY KEY (id)", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan"},
		{"ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (i WITH =)", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan"},
		{"ALTER TABLE t ALTER COLUMN email SET NOT NULL", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ALTER COLUMN x SET NOT NULL", "ALTER TABLE: public.t ACCESS EXCLUSIVE scan"},
		{"ALTER TABLE t ALTER COLUMN nn SET NOT NULL", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t VALIDATE CONSTRAINT t_x_nn", "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE scan"},
		{"ALTER TABLE part DETACH PARTITION part1 CONCURRENTLY", "ALTER TABLE: public.part SHARE UPDATE EXCLUSIVE, public.part1 ACCESS EXCLUSIVE; not in a transaction"},
		{"ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)", "ALTER TABLE: public.t SHARE UPDATE EXCLUSIVE"},
		{"ALTER TABLE t SET (security_barrier = true)", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE t ADD COLUMN y int, ALTER COLUMN i SET STATISTICS 10", "ALTER TABLE: public.t ACCESS EXCLUSIVE"},
		{"ALTER TABLE fresh ADD COLUMN y int NOT NULL", "ALTER TABLE: public.fresh ACCESS EXCLUSIVE scan (new)"},
		{"ALTER TABLE t DROP COLUMN x, DROP COLUMN i", "ALTER TABLE: public.t ACCESS EXCLUSIVE; destructive"},
		{"ALTER TABLE fresh DROP COLUMN x", "ALTER TABLE: public.fresh ACCESS EXCLUSIVE (new)"},
		{"ALTER TABLE other.t ADD COLUMN z int", "ALTER TABLE: other.t ACCESS EXCLUSIVE"},
		// Transactions and settings.
		{"BEGIN", "BEGIN: no lock on existing relations"},
		{"SET lock_timeout = '2s'", "SET: no lock on existing relations"},
		{"DO $$ BEGIN PERFORM 1; END $$", "DO: no lock on existing relations"},
		{"CREATE TABLESPACE fast LOCATION '/x'", "CREATE TABLESPACE: no lock on existing relations; not in a transaction"},
		{"ALTER SYSTEM SET work_mem = '1MB'", "ALTER SYSTEM: no lock on existing relations; not in a transaction"},
	}
	cat := testCatalog()
	for _, c := range cases {
		got := Analyze(mustOne(t, c.sql), cat)
		if diff := cmp.Diff(c.want, got.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.sql, diff)
		}
	}
}

func TestAlterColumnType(t *testing.T) {
	cases := []struct {
		col, to string
		rewrite bool
	}{
		{"a", "varchar(20)", false},
		{"a", "varchar(10)", false},
		{"a", "varchar(5)", true},
		{"a", "varchar", false},
		{"a", "text", false},
		{"a", "character varying(255)", false},
		{"x", "varchar", false},
		{"x", "varchar(30)", true},
		{"x", "text", false},
		{"n", "numeric(12,2)", false},
		{"n", "numeric", false},
		{"n", "numeric(12,3)", true},
		{"n", "numeric(8,2)", true},
		{"n", "decimal(10,2)", false},
		{"ts", "timestamp(5)", false},
		{"ts", "timestamp", false},
		{"ts", "timestamp(1)", true},
		{"ts", "timestamptz(3)", true},
		{"tm", "time(5)", false},
		{"tz", "timetz(4)", false},
		{"tz", "time(4) with time zone", false},
		{"b", "varbit(8)", false},
		{"b", "bit varying", false},
		{"b", "varbit(2)", true},
		{"fb", "varbit", false},
		{"fb", "varbit(8)", true},
		{"fb", "bit(8)", true},
		{"c", "inet", false},
		{"ch", "char(8)", true},
		{"ch", "text", true},
		{"i", "bigint", true},
		{"i", "int4", false},
		{"i", "integer", false},
		{"iv", "interval(5)", false},
		{"iv", "interval", false},
		{"iv", "interval(1)", true},
		{"tt", "timestamptz", true},
		{"x", "jsonb", true},
		{"x", "citext", false},
		{"tags", "varchar(10)[]", false},
		{"tags", "varchar(20)[]", true},
		{"nosuch", "text", true},
	}
	cat := testCatalog()
	for _, c := range cases {
		sql := "ALTER TABLE t ALTER COLUMN " + c.col + " TYPE " + c.to
		e := Analyze(mustOne(t, sql), cat)
		if got := e.Rewrites(); got != c.rewrite {
			t.Errorf("%s: rewrite = %v, want %v (%s)", sql, got, c.rewrite, e.Actions[0].Reason)
		}
	}
	// USING that computes a value rewrites even between compatible types.
	e := Analyze(mustOne(t, "ALTER TABLE t ALTER COLUMN a TYPE varchar(20) USING a || ''"), cat)
	if !e.Rewrites() {
		t.Error("USING expression: no rewrite reported")
	}
	e = Analyze(mustOne(t, "ALTER TABLE t ALTER COLUMN a TYPE varchar(20) USING a"), cat)
	if e.Rewrites() {
		t.Error("USING the column itself: rewrite reported")
	}
	// Without a catalog the current type is unknown: a rewrite is assumed.
	e = Analyze(mustOne(t, "ALTER TABLE t ALTER COLUMN a TYPE text"), nil)
	if !e.Rewrites() || !strings.Contains(e.Actions[0].Reason, "unknown") {
		t.Errorf("no catalog: %v %q", e.Rewrites(), e.Actions[0].Reason)
	}
}

func TestLockNames(t *testing.T) {
	want := []string{"NONE", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}
	var got []string
	for l := LockNone; l <= AccessExclusive; l++ {
		got = append(got, l.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	for a := AccessShare; a <= AccessExclusive; a++ {
		for b := AccessShare; b <= AccessExclusive; b++ {
			if a.Conflicts(b) != b.Conflicts(a) {
				t.Errorf("conflict matrix not symmetric at %v/%v", a, b)
			}
		}
	}
	if !Share.BlocksWrites() || Share.BlocksReads() || !AccessExclusive.BlocksReads() || ShareUpdateExclusive.BlocksWrites() {
		t.Error("BlocksReads/BlocksWrites disagree with PostgreSQL's conflict table")
	}
	// The LOCK statement's mode numbers are PostgreSQL's, and Lock follows them.
	e := Analyze(mustOne(t, "LOCK TABLE t IN ROW EXCLUSIVE MODE"), nil)
	if e.Lock() != RowExclusive {
		t.Errorf("LOCK ... ROW EXCLUSIVE = %v", e.Lock())
	}
}

func TestParsePositions(t *testing.T) {
	text := "-- head\nSELECT 1;\n\n/* c */ CREATE TABLE t (a int) ;\nSELECT 'é'"
	stmts, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range stmts {
		got = append(got, text[s.Start:s.End])
		if s.SQL != text[s.Start:s.End] {
			t.Errorf("SQL %q != text range %q", s.SQL, text[s.Start:s.End])
		}
	}
	want := []string{"SELECT 1", "CREATE TABLE t (a int)", "SELECT 'é'"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestSyntaxErrorOffset(t *testing.T) {
	cases := []struct {
		text string
		at   string // the text the error points at
	}{
		{"SELECT 1;\nSELEC 2", "SELEC 2"},
		{"SELECT 'ééé' frm x", "x"},
		{"SELECT 'ü';\n  CREATE TABLE (", "("},
		{"SELECT \x00", "\x00"},
		{"SELECT '\xff'", "\xff'"},
	}
	for _, c := range cases {
		_, err := Parse(c.text)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("%q: err = %v, want a *SyntaxError", c.text, err)
			continue
		}
		if se.Offset < 0 || c.text[se.Offset:] != c.at {
			t.Errorf("%q: error %q at offset %d, want at %q", c.text, se.Message, se.Offset, c.at)
		}
	}
}

func TestParsePrefix(t *testing.T) {
	stmts, err := ParsePrefix("CREATE TABLE a (id int); SELECT ';' ; SELEC 1; SELECT 2")
	if err == nil {
		t.Fatal("no error")
	}
	if len(stmts) != 2 {
		t.Fatalf("got %d statements before the error, want 2", len(stmts))
	}
}

func TestState(t *testing.T) {
	st := NewState(testCatalog())
	script := `
CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id int REFERENCES p (id));
CREATE INDEX users_email ON users (email);
ALTER TABLE t ADD CONSTRAINT t_i_nn CHECK (i IS NOT NULL) NOT VALID;
ALTER TABLE t ADD COLUMN g2 integer GENERATED ALWAYS AS (i * 2) STORED;
`
	if err := st.ApplySQL(script); err != nil {
		t.Fatal(err)
	}
	if u, ok := st.Table(pub("users")); !ok || !u.New || len(u.Columns) != 3 || !u.Columns[0].NotNull {
		t.Errorf("users = %+v, %v", u, ok)
	}
	if ix, ok := st.Index(pub("users_email")); !ok || ix.Table != pub("users") || !ix.New {
		t.Errorf("users_email = %+v, %v", ix, ok)
	}
	if ix, ok := st.Index(pub("users_pkey")); !ok || !ix.Primary {
		t.Errorf("users_pkey = %+v, %v", ix, ok)
	}
	if e := Analyze(mustOne(t, "ALTER TABLE t DROP COLUMN g2"), st); e.Destructive {
		t.Error("dropping a generated column that the script added is destructive")
	}
	// SET NOT NULL still scans: the CHECK is not validated yet.
	e := Analyze(mustOne(t, "ALTER TABLE t ALTER COLUMN i SET NOT NULL"), st)
	if !e.Scans() {
		t.Error("SET NOT NULL with an unvalidated CHECK: no scan")
	}
	st.Apply(mustOne(t, "ALTER TABLE t VALIDATE CONSTRAINT t_i_nn"))
	e = Analyze(mustOne(t, "ALTER TABLE t ALTER COLUMN i SET NOT NULL"), st)
	if e.Scans() {
		t.Errorf("SET NOT NULL with a validated CHECK scans: %s", e.Actions[0].Reason)
	}
	// The base catalog is not changed.
	if base, _ := testCatalog().Table(pub("t")); len(base.Checks) != 2 {
		t.Errorf("base catalog changed: %+v", base.Checks)
	}
	// An index on the new table is on a new table.
	e = Analyze(mustOne(t, "CREATE INDEX ON users (org_id)"), st)
	if e.Lock() != LockNone {
		t.Errorf("index on a new table: lock %v", e.Lock())
	}
	st.EndUnit()
	e = Analyze(mustOne(t, "CREATE INDEX ON users (org_id)"), st)
	if e.Lock() != Share {
		t.Errorf("after EndUnit: lock %v, want SHARE", e.Lock())
	}
	// Renames carry columns, indexes follow, drops remove.
	st.Apply(mustOne(t, "ALTER TABLE users RENAME TO members"))
	if _, ok := st.Table(pub("users")); ok {
		t.Error("users still exists after the rename")
	}
	if ix, ok := st.Index(pub("users_email")); !ok || ix.Table != pub("members") {
		t.Errorf("users_email after rename = %+v", ix)
	}
	st.Apply(mustOne(t, "ALTER TABLE t RENAME TO t2"))
	if ix, ok := st.Index(pub("t_a")); !ok || ix.Table != pub("t2") {
		t.Errorf("base index t_a after rename of t = %+v, %v", ix, ok)
	}
	st.Apply(mustOne(t, "DROP TABLE t2"))
	if _, ok := st.Index(pub("t_a")); ok {
		t.Error("t_a exists after its table was dropped")
	}
	st.Apply(mustOne(t, "ALTER TABLE members ALTER COLUMN email TYPE varchar(10)"))
	m, _ := st.Table(pub("members"))
	if c, _ := m.Column("email"); c.Type != "varchar(10)" {
		t.Errorf("email type = %q", c.Type)
	}
	st.Apply(mustOne(t, "CREATE TYPE mood AS ENUM ('a')"))
	if !st.NewType(pub("mood")) {
		t.Error("mood is not new")
	}
	// A domain or a schema created in the unit locks only new tables.
	st.Apply(mustOne(t, "CREATE DOMAIN d AS int"))
	st.Apply(mustOne(t, "CREATE SCHEMA fresh_s"))
	st.Apply(mustOne(t, "CREATE SCHEMA IF NOT EXISTS maybe_old"))
	for _, c := range []struct {
		sql  string
		lock Lock
	}{
		{"ALTER DOMAIN d ADD CHECK (VALUE > 0)", LockNone},
		{"ALTER DOMAIN email ADD CHECK (VALUE ~ '@')", Share},
		{"DROP SCHEMA fresh_s CASCADE", LockNone},
		{"DROP SCHEMA maybe_old CASCADE", AccessExclusive},
	} {
		if e := Analyze(mustOne(t, c.sql), st); e.Lock() != c.lock {
			t.Errorf("%s: lock %v, want %v (%s)", c.sql, e.Lock(), c.lock, e)
		}
	}
	st.EndUnit()
	if e := Analyze(mustOne(t, "ALTER DOMAIN d ADD CHECK (VALUE > 0)"), st); e.Lock() != Share {
		t.Errorf("after EndUnit: ALTER DOMAIN lock %v, want SHARE", e.Lock())
	}
	if e := Analyze(mustOne(t, "DROP SCHEMA fresh_s CASCADE"), st); e.Lock() != AccessExclusive {
		t.Errorf("after EndUnit: DROP SCHEMA CASCADE lock %v, want ACCESS EXCLUSIVE", e.Lock())
	}
}

func TestDescribe(t *testing.T) {
	res, err := Describe("CREATE TABLE a (id int); CREATE INDEX a_id ON a (id); CREATE INDEX t_i ON t (i);", testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	var got []Lock
	for _, r := range res {
		got = append(got, r.Effect.Lock())
	}
	if diff := cmp.Diff([]Lock{LockNone, LockNone, Share}, got); diff != "" {
		t.Error(diff)
	}
}

func TestNotNullCheckColumn(t *testing.T) {
	cases := map[string]string{
		"CHECK ((email IS NOT NULL))":           "email",
		"CHECK ((email IS NOT NULL)) NOT VALID": "email",
		"email IS NOT NULL":                     "email",
		`CHECK (("Email" IS NOT NULL))`:         "Email",
		"CHECK ((a > 0))":                       "",
		"CHECK (((a IS NOT NULL) AND (b > 0)))": "",
		"garbage (((":                           "",
	}
	for in, want := range cases {
		if got := NotNullCheckColumn(in); got != want {
			t.Errorf("NotNullCheckColumn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameString(t *testing.T) {
	cases := map[Name]string{
		pub("users"):                     "public.users",
		{Schema: "App", Name: "x"}:       `"App".x`,
		{Schema: "public", Name: `a"b`}:  `public."a""b"`,
		{Schema: "public", Name: "t1_$"}: "public.t1_$",
	}
	for n, want := range cases {
		if got := n.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", n, got, want)
		}
	}
}
