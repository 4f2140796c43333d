package inspect_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// connTracer records which connections ran statements and calls
// afterExport once, right after the first connection exported its
// snapshot.
type connTracer struct {
	mu          sync.Mutex
	conns       map[*pgx.Conn]bool
	afterExport func()
	exported    bool
}

func (c *connTracer) seen(conn *pgx.Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conns[conn] = true
}

func (c *connTracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	c.seen(conn)
	if data.SQL == "SELECT pg_export_snapshot()" {
		return context.WithValue(ctx, exportKey{}, true)
	}
	return ctx
}

type exportKey struct{}

func (c *connTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	if ctx.Value(exportKey{}) == nil || c.afterExport == nil {
		return
	}
	c.mu.Lock()
	first := !c.exported
	c.exported = true
	c.mu.Unlock()
	if first {
		c.afterExport()
	}
}

func (c *connTracer) TraceBatchStart(ctx context.Context, conn *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.seen(conn)
	return ctx
}

func (c *connTracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (c *connTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// tracedConn connects to url with tracer, closed when t ends.
func tracedConn(t *testing.T, url string, tracer *connTracer) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = tracer
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestParallelSameRealm inspects a schema with every kind the model knows,
// plus views, triggers and policies, once on one connection and once on
// two, and expects the same realm and the same unmanaged objects, with
// the second connection really used.
func TestParallelSameRealm(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rich, err := os.ReadFile("../plan/testdata/rich.sql")
	if err != nil {
		t.Fatal(err)
	}
	url := pgtest.New(t)
	setup := connect(t, url)
	extra := `
CREATE VIEW public.v_parallel AS SELECT 1 AS one;
CREATE MATERIALIZED VIEW public.mv_parallel AS SELECT 2 AS two;
CREATE UNIQUE INDEX mv_parallel_two ON public.mv_parallel (two);
CREATE TABLE public.t_parallel (a int PRIMARY KEY, b int CHECK (b > 0), c text UNIQUE);
CREATE INDEX t_parallel_b ON public.t_parallel (b) WHERE b > 10;
CREATE FUNCTION public.f_parallel() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t_parallel_touch BEFORE UPDATE ON public.t_parallel FOR EACH ROW EXECUTE FUNCTION public.f_parallel();
ALTER TABLE public.t_parallel ENABLE ROW LEVEL SECURITY;
CREATE POLICY p_parallel ON public.t_parallel USING (b > 0);
CREATE RULE r_parallel AS ON INSERT TO public.t_parallel DO ALSO NOTIFY t_parallel;`
	if _, err := setup.Exec(ctx, string(rich)+extra); err != nil {
		t.Fatalf("setup: %v", err)
	}
	serial, serialUnsupported, err := inspect.Realm(ctx, connect(t, url), inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tracer := &connTracer{conns: map[*pgx.Conn]bool{}}
	parallel, parallelUnsupported, err := inspect.Realm(ctx, tracedConn(t, url, tracer), inspect.Options{Parallel: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tracer.conns) != 2 {
		t.Errorf("the parallel inspection ran statements on %d connections, want 2", len(tracer.conns))
	}
	if diff := cmp.Diff(serial, parallel, modelCmp); diff != "" {
		t.Errorf("realm mismatch (-serial +parallel):\n%s", diff)
	}
	if diff := cmp.Diff(serialUnsupported, parallelUnsupported, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("unsupported mismatch (-serial +parallel):\n%s", diff)
	}
	if len(serialUnsupported) == 0 {
		t.Errorf("the rule was not listed as unmanaged: the comparison of unmanaged objects proves nothing")
	}
}

// TestParallelSharesSnapshot commits an index, a check and a view between
// the moment the first connection exports its snapshot and the moment the
// second one imports it. The second connection reads those kinds, so it
// would see them if it took a snapshot of its own: with the shared one,
// the realm is the state of the first connection's snapshot.
func TestParallelSharesSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.New(t)
	setup := connect(t, url)
	if _, err := setup.Exec(ctx, "CREATE TABLE t (a int, b int)"); err != nil {
		t.Fatal(err)
	}
	tracer := &connTracer{conns: map[*pgx.Conn]bool{}}
	tracer.afterExport = func() {
		// CREATE INDEX takes SHARE, which the inspection's ACCESS SHARE
		// (if it holds one yet) does not block; a NOT VALID check takes
		// SHARE ROW EXCLUSIVE, likewise.
		if _, err := setup.Exec(ctx, "CREATE INDEX t_b ON t (b); ALTER TABLE t ADD CONSTRAINT t_a CHECK (a > 0) NOT VALID; CREATE VIEW v AS SELECT a FROM t"); err != nil {
			t.Errorf("commit after the export: %v", err)
		}
	}
	realm, _, err := inspect.Realm(ctx, tracedConn(t, url, tracer), inspect.Options{Parallel: true})
	if err != nil {
		t.Fatal(err)
	}
	if !tracer.exported {
		t.Fatal("no snapshot was exported: the test proves nothing")
	}
	if len(tracer.conns) != 2 {
		t.Fatalf("the inspection ran on %d connections, want 2", len(tracer.conns))
	}
	s, _ := realm.Schema("public")
	tbl, ok := s.Table("t")
	if !ok {
		t.Fatal("table t not inspected")
	}
	if len(tbl.Indexes) != 0 || len(tbl.Checks) != 0 || len(s.Views) != 0 {
		t.Errorf("the second connection saw objects committed after the snapshot: indexes %v, checks %v, views %v", tbl.Indexes, tbl.Checks, s.Views)
	}
	// And a new inspection sees them, so the objects were really there.
	realm, _, err = inspect.Realm(ctx, connect(t, url), inspect.Options{Parallel: true})
	if err != nil {
		t.Fatal(err)
	}
	s, _ = realm.Schema("public")
	tbl, _ = s.Table("t")
	if len(tbl.Indexes) != 1 || len(tbl.Checks) != 1 || len(s.Views) != 1 {
		t.Errorf("a later inspection read indexes %v, checks %v, views %v; want one of each", tbl.Indexes, tbl.Checks, s.Views)
	}
}
