package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/schema"
)

func TestNeedsUsing(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"integer", "bigint", false},
		{"bigint", "integer", false}, // assignment cast
		{"character varying(10)", "character varying(20)", false},
		{"character varying(20)", "text", false},
		{"integer", "text", false}, // any type to a string type
		{"public.status", "text", false},
		{"text", "integer", true},
		{"text", "boolean", true},
		{"text", "public.status", true},
		{"integer[]", "bigint[]", false},
		{"text[]", "integer[]", true},
		{"integer", "integer[]", true},
		{"timestamp without time zone", "timestamp with time zone", false},
		{"timestamp(3) with time zone", "timestamp(6) with time zone", false},
		{"json", "jsonb", false},
		{"numeric(10,2)", "double precision", false},
		{"public.d", "public.e", true}, // unknown types get an explicit cast
		{"int4", "int8", false},        // SQL spellings are understood
	}
	for _, tt := range tests {
		if got := needsUsing(tt.from, tt.to); got != tt.want {
			t.Errorf("needsUsing(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestLossyTypeChange(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"integer", "bigint", false},
		{"bigint", "integer", true},
		{"smallint", "numeric", false},
		{"bigint", "double precision", true}, // 53 bits of mantissa
		{"character varying(10)", "character varying(20)", false},
		{"character varying(20)", "character varying(10)", true},
		{"character varying(20)", "text", false},
		{"text", "character varying", false},
		{"text", "character varying(10)", true},
		{"numeric(10,2)", "numeric(12,2)", false},
		{"numeric(10,2)", "numeric(10,3)", true}, // one digit less before the point
		{"numeric(10,2)", "numeric(11,3)", false},
		{"numeric(10,2)", "numeric", false},
		{"numeric", "numeric(10,2)", true},
		{"timestamp(6) with time zone", "timestamp(3) with time zone", true},
		{"integer", "text", false},
		{"text", "integer", true},
		{"public.status", "text", false},
		{"integer[]", "bigint[]", false},
		{"integer[]", "text", false},
		{"jsonb", "json", false},
		{"json", "jsonb", true}, // duplicate keys and key order go
		{"public.d", "public.e", true},
	}
	for _, tt := range tests {
		if got := lossyTypeChange(tt.from, tt.to); got != tt.want {
			t.Errorf("lossyTypeChange(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestSerialSequenceName(t *testing.T) {
	long := strings.Repeat("t", 60)
	tests := []struct{ table, column, want string }{
		{"users", "id", "users_id_seq"},
		// PostgreSQL shortens the longer name first: 63 bytes at most.
		{long, "id", strings.Repeat("t", 56) + "_id_seq"},
		{"é" + long, "id", "é" + strings.Repeat("t", 54) + "_id_seq"},
	}
	for _, tt := range tests {
		got := serialSequenceName(tt.table, tt.column)
		if got != tt.want || len(got) > 63 {
			t.Errorf("serialSequenceName(%q, %q) = %q (%d bytes), want %q", tt.table, tt.column, got, len(got), tt.want)
		}
	}
}

func TestSequenceChanges(t *testing.T) {
	p := func(n int64) *int64 { return &n }
	tests := []struct {
		name           string
		from, to       schema.SequenceOptions
		fromTyp, toTyp string
		want           []string
	}{
		{"equal", schema.SequenceOptions{}, schema.SequenceOptions{}, "bigint", "bigint", nil},
		{"back to defaults", schema.SequenceOptions{Increment: p(5), MinValue: p(10), Cache: p(3), Cycle: true}, schema.SequenceOptions{}, "bigint", "bigint",
			[]string{"INCREMENT BY 1", "NO MINVALUE", "START WITH 1", "CACHE 1", "NO CYCLE"}},
		{"the default start follows the minimum", schema.SequenceOptions{MinValue: p(10)}, schema.SequenceOptions{MinValue: p(20)}, "bigint", "bigint",
			[]string{"MINVALUE 20", "START WITH 20"}},
		{"descending", schema.SequenceOptions{}, schema.SequenceOptions{Increment: p(-1)}, "integer", "integer",
			[]string{"INCREMENT BY -1", "NO MINVALUE", "NO MAXVALUE", "START WITH -1"}},
		{"a wider type moves the default maximum", schema.SequenceOptions{}, schema.SequenceOptions{}, "integer", "bigint",
			[]string{"NO MAXVALUE"}},
	}
	for _, tt := range tests {
		if got := sequenceChanges(tt.from, tt.fromTyp, tt.to, tt.toTyp); !cmp.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestUsingExpr(t *testing.T) {
	for _, tt := range []struct{ from, to, want string }{
		{"text", "integer", "c::integer"},
		{"integer", "boolean", "c::boolean"},
		{"boolean", "smallint", "c::integer::smallint"},
		{"boolean[]", "bigint[]", "c::integer[]::bigint[]"},
		{"int4range", "int8range", "c::text::int8range"},
		{"int4multirange", "nummultirange", "c::text::nummultirange"},
		{"int4range", "int4multirange", "c::int4multirange"},
		{"public.mood", "public.feeling", "c::text::public.feeling"},
		{"public.mood[]", "public.feeling[]", "c::text[]::public.feeling[]"},
		{"integer", "public.mood", "c::text::public.mood"},
		{"character varying(10)", "public.mood", "c::public.mood"},
		{"integer[]", "bigint", "c::bigint"},
	} {
		if got := usingExpr("c", tt.from, tt.to); got != tt.want {
			t.Errorf("usingExpr(%s -> %s) = %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestEnterRange(t *testing.T) {
	p := func(n int64) *int64 { return &n }
	for _, tt := range []struct {
		name     string
		from, to schema.SequenceOptions
		want     rangeEntry
	}{
		{"widened", schema.SequenceOptions{MinValue: p(10)}, schema.SequenceOptions{}, rangeEntry{}},
		{"minimum raised", schema.SequenceOptions{}, schema.SequenceOptions{MinValue: p(100)}, rangeEntry{guard: "<", bound: 100}},
		{"maximum lowered while ascending: left to PostgreSQL", schema.SequenceOptions{}, schema.SequenceOptions{MaxValue: p(100)}, rangeEntry{}},
		{"descending maximum lowered", schema.SequenceOptions{Increment: p(-1)}, schema.SequenceOptions{Increment: p(-1), MaxValue: p(-50)}, rangeEntry{guard: ">", bound: -50}},
		{"direction flipped", schema.SequenceOptions{}, schema.SequenceOptions{Increment: p(-1)}, rangeEntry{restart: true}},
		{"disjoint", schema.SequenceOptions{MaxValue: p(10)}, schema.SequenceOptions{MinValue: p(20)}, rangeEntry{restart: true}},
	} {
		if got := enterRange(tt.from, "bigint", tt.to, "bigint"); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestDurationSetting(t *testing.T) {
	for d, want := range map[time.Duration]string{5 * time.Second: "5s", 1500 * time.Millisecond: "1500ms", time.Minute: "60s"} {
		if got := durationSetting(d); got != want {
			t.Errorf("durationSetting(%v) = %q, want %q", d, got, want)
		}
	}
}

// testRealm is a realm with one existing table, public.t (id bigint
// primary key, a text, e enum public.e), and a partitioned table public.p.
func testRealm() *schema.Realm {
	r := &schema.Realm{Schemas: []*schema.Schema{{
		Name:  "public",
		Enums: []*schema.Enum{{Name: "e", Values: []string{"x"}}},
		Tables: []*schema.Table{
			{Name: "t", Columns: []*schema.Column{
				{Name: "id", Type: "bigint", NotNull: true},
				{Name: "a", Type: "text"},
			}, PrimaryKey: &schema.Key{Name: "t_pkey", Columns: []string{"id"}}},
			{Name: "p", Columns: []*schema.Column{{Name: "k", Type: "integer"}},
				PartitionKey: &schema.PartitionKey{Strategy: "LIST", Parts: []*schema.PartitionPart{{Column: "k"}}}},
		},
	}}}
	r.Link()
	return r
}

// A flags is the effect part of a statement, for comparisons.
type flags struct {
	SQL           string
	Lock          effect.Lock
	Relation      string
	Rewrite, Scan bool
	Transactional bool
	Destructive   bool
}

func flagsOf(p *Plan) []flags {
	var out []flags
	for _, s := range p.Statements {
		rel := ""
		if s.Relation != (schema.QualifiedName{}) {
			rel = s.Relation.String()
		}
		out = append(out, flags{s.SQL, s.Lock, rel, s.Rewrite, s.Scan, s.Transactional, s.Destructive})
	}
	return out
}

// TestStatementFlags checks the effect fields of statements of every
// online-safe form, which come from internal/effect.
func TestStatementFlags(t *testing.T) {
	from := testRealm()
	to := testRealm()
	tt, _ := to.Table(schema.QualifiedName{Schema: "public", Name: "t"})
	pt, _ := to.Table(schema.QualifiedName{Schema: "public", Name: "p"})
	tt.Columns[1].NotNull = true
	tt.Columns = append(tt.Columns,
		&schema.Column{Name: "b", Type: "integer", Default: "0", NotNull: true},
		&schema.Column{Name: "c", Type: "timestamp with time zone", Default: "clock_timestamp()"})
	tt.Indexes = []*schema.Index{{Name: "t_a_idx", Parts: []*schema.IndexPart{{Column: "a"}}}}
	tt.Checks = []*schema.Check{{Name: "t_a_check", Expr: "a <> ''"}}
	tt.Uniques = []*schema.Key{{Name: "t_a_key", Columns: []string{"a"}}}
	pt.Indexes = []*schema.Index{{Name: "p_k_idx", Parts: []*schema.IndexPart{{Column: "k"}}}}
	to.Link()
	changes, err := diff.Realms(from, to, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(changes, Options{From: from})
	if err != nil {
		t.Fatal(err)
	}
	const (
		t_ = "public.t"
		p_ = "public.p"
	)
	want := []flags{
		{"SET lock_timeout = '5s'", effect.LockNone, "", false, false, true, false},
		{"ALTER TABLE public.t ADD COLUMN b integer DEFAULT 0 NOT NULL", effect.AccessExclusive, t_, false, false, true, false},
		// A volatile default is evaluated for every row: a rewrite.
		{"ALTER TABLE public.t ADD COLUMN c timestamp with time zone DEFAULT clock_timestamp()", effect.AccessExclusive, t_, true, false, true, false},
		{"ALTER TABLE public.t ADD CONSTRAINT schemactl_a_not_null CHECK (a IS NOT NULL) NOT VALID", effect.AccessExclusive, t_, false, false, true, false},
		{"ALTER TABLE public.t ADD CONSTRAINT t_a_check CHECK (a <> '') NOT VALID", effect.AccessExclusive, t_, false, false, true, false},
		// Partitioned tables cannot build indexes concurrently: SHARE, scan.
		{"CREATE INDEX p_k_idx ON public.p (k)", effect.Share, p_, false, true, true, false},
		{"CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON public.t (a)", effect.ShareUpdateExclusive, t_, false, true, false, false},
		{"CREATE INDEX CONCURRENTLY t_a_idx ON public.t (a)", effect.ShareUpdateExclusive, t_, false, true, false, false},
		{"ALTER TABLE public.t VALIDATE CONSTRAINT schemactl_a_not_null", effect.ShareUpdateExclusive, t_, false, true, false, false},
		{"ALTER TABLE public.t VALIDATE CONSTRAINT t_a_check", effect.ShareUpdateExclusive, t_, false, true, false, false},
		{"SET lock_timeout = '5s'", effect.LockNone, "", false, false, true, false},
		// The validated check spares SET NOT NULL its scan.
		{"ALTER TABLE public.t ALTER COLUMN a SET NOT NULL", effect.AccessExclusive, t_, false, false, true, false},
		{"ALTER TABLE public.t DROP CONSTRAINT schemactl_a_not_null", effect.AccessExclusive, t_, false, false, true, false},
		{"ALTER TABLE public.t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_key", effect.AccessExclusive, t_, false, false, true, false},
	}
	if d := cmp.Diff(want, flagsOf(p)); d != "" {
		t.Errorf("statement flags differ (-want +got):\n%s", d)
	}
}

// TestDropFlags checks that drops are destructive where data goes.
func TestDropFlags(t *testing.T) {
	from := testRealm()
	to := testRealm()
	tt, _ := to.Table(schema.QualifiedName{Schema: "public", Name: "t"})
	tt.Columns = tt.Columns[:1]
	to.Schemas[0].Tables = to.Schemas[0].Tables[1:2]
	to.Schemas[0].Tables = append(to.Schemas[0].Tables, tt)
	to.Schemas[0].Tables[0].Columns[0].Type = "smallint"
	to.Link()
	changes, err := diff.Realms(from, to, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(changes, Options{From: from, LockTimeout: -1})
	if err != nil {
		t.Fatal(err)
	}
	want := []flags{
		{"ALTER TABLE public.t DROP COLUMN a", effect.AccessExclusive, "public.t", false, false, true, true},
		{"ALTER TABLE public.p ALTER COLUMN k TYPE smallint", effect.AccessExclusive, "public.p", true, false, true, true},
	}
	if d := cmp.Diff(want, flagsOf(p)); d != "" {
		t.Errorf("statement flags differ (-want +got):\n%s", d)
	}
}

func TestLockTimeoutOption(t *testing.T) {
	from := testRealm()
	to := testRealm()
	tt, _ := to.Table(schema.QualifiedName{Schema: "public", Name: "t"})
	tt.Comment = "x"
	tt.Columns = append(tt.Columns, &schema.Column{Name: "b", Type: "integer"})
	to.Link()
	changes, err := diff.Realms(from, to, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "SET lock_timeout = '5s'"},
		{1500 * time.Millisecond, "SET lock_timeout = '1500ms'"},
		{-1, ""},
	} {
		p, err := Build(changes, Options{From: from, LockTimeout: tc.d})
		if err != nil {
			t.Fatal(err)
		}
		first := p.Statements[0].SQL
		if tc.want == "" {
			if strings.HasPrefix(first, "SET") {
				t.Errorf("LockTimeout %v: plan starts with %q, want no SET", tc.d, first)
			}
			continue
		}
		if first != tc.want {
			t.Errorf("LockTimeout %v: plan starts with %q, want %q", tc.d, first, tc.want)
		}
		if n := strings.Count(sqlOf(p), "lock_timeout"); n != 1 {
			t.Errorf("LockTimeout %v: %d SET lock_timeout in one transaction group, want 1", tc.d, n)
		}
	}
}

func sqlOf(p *Plan) string {
	var b strings.Builder
	for _, s := range p.Statements {
		b.WriteString(s.SQL + ";\n")
	}
	return b.String()
}

// TestWriteSQLGroups checks the BEGIN/COMMIT structure of WriteSQL.
func TestWriteSQLGroups(t *testing.T) {
	p := &Plan{Statements: []Statement{
		{SQL: "CREATE INDEX CONCURRENTLY i ON t (a)", Comment: "c1", Source: &diff.CreateIndex{}},
		{SQL: "ALTER TABLE t ADD COLUMN b int", Comment: "c2", Transactional: true, Source: &diff.AddColumn{},
			Lock: effect.AccessExclusive, Locks: []RelationLock{{Relation: schema.QualifiedName{Schema: "public", Name: "t"}, Mode: effect.AccessExclusive, Rewrite: true}}},
		{SQL: "ALTER TABLE t DROP COLUMN c", Comment: "c3\nsecond line", Transactional: true, Destructive: true, Source: &diff.DropColumn{}},
		{SQL: "ALTER TABLE t VALIDATE CONSTRAINT k", Comment: "c4", Notes: []string{"alone"}, Source: &diff.ValidateCheck{}},
	}}
	var b strings.Builder
	if err := p.WriteSQL(&b); err != nil {
		t.Fatal(err)
	}
	want := `-- c1
-- lock: none on existing relations
-- no transaction: runs outside BEGIN ... COMMIT
CREATE INDEX CONCURRENTLY i ON t (a);

BEGIN;

-- c2
-- lock: ACCESS EXCLUSIVE on public.t (blocks reads and writes)
-- rewrites public.t and rebuilds its indexes while locked
ALTER TABLE t ADD COLUMN b int;

-- c3 second line
-- lock: none on existing relations
-- DESTRUCTIVE: loses data
ALTER TABLE t DROP COLUMN c;

COMMIT;

-- c4
-- lock: none on existing relations
-- no transaction: runs outside BEGIN ... COMMIT
-- note: alone
ALTER TABLE t VALIDATE CONSTRAINT k;
`
	if d := cmp.Diff(want, b.String()); d != "" {
		t.Errorf("WriteSQL differs (-want +got):\n%s", d)
	}
	var empty strings.Builder
	if err := (&Plan{}).WriteSQL(&empty); err != nil || empty.Len() != 0 {
		t.Errorf("empty plan wrote %q, %v", empty.String(), err)
	}
}

// TestWriteStatement checks that WriteStatement writes a statement exactly
// as WriteSQL does, without BEGIN and COMMIT.
func TestWriteStatement(t *testing.T) {
	s := Statement{SQL: "ALTER TABLE t DROP COLUMN c", Comment: "drop", Transactional: true, Destructive: true, Source: &diff.DropColumn{},
		Lock: effect.AccessExclusive, Locks: []RelationLock{{Relation: schema.QualifiedName{Schema: "public", Name: "t"}, Mode: effect.AccessExclusive}}}
	var one, all strings.Builder
	if err := WriteStatement(&one, s); err != nil {
		t.Fatal(err)
	}
	if err := (&Plan{Statements: []Statement{s}}).WriteSQL(&all); err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(strings.TrimPrefix(all.String(), "BEGIN;\n\n"), "\nCOMMIT;\n")
	if one.String() != want {
		t.Errorf("WriteStatement = %q, want %q", one.String(), want)
	}
}
