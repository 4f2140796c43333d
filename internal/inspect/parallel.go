package inspect

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/schemactl/schemactl/schema"
)

// sideFiles are the queries that Options.Parallel moves to a second
// connection. They are the ones the server spends longest on after
// columns.sql (which stays on the first connection): indexes and
// constraints print every definition with pg_get_indexdef and
// pg_get_constraintdef, which open each table's relcache entry, and views
// print every query with pg_get_viewdef. Split this way the two backends
// finish at about the same time on the 2,000-table benchmark.
var sideFiles = []string{"views.sql", "indexes.sql", "constraints.sql"}

// sessionSettings are the transaction-local settings of both connections:
// an empty search_path makes the server qualify every name it prints; JIT
// compilation costs more than it saves on catalog queries, whose cost
// estimates cross jit_above_cost on large schemas; and the functions that
// print expressions take ACCESS SHARE on the table, so behind a migration
// holding ACCESS EXCLUSIVE the wait is bounded and reported.
func sessionSettings() string {
	return "SET LOCAL search_path = ''; SET LOCAL jit = off; SET LOCAL lock_timeout = '" + lockWait.String() + "'"
}

// side is the second connection of a parallel inspection: it runs
// sideFiles in a transaction that shares the first connection's snapshot,
// so both read the same committed state, and keeps each result in memory
// until the inspector, which builds the realm in one goroutine and in a
// fixed order, asks for it.
type side struct {
	conn    *pgx.Conn
	results map[string]chan sideResult
	cancel  context.CancelFunc
	done    chan struct{}
	// typeMap decodes the buffered rows in the inspector's goroutine. It
	// is not the connection's own: a pgtype.Map memoizes scan plans and is
	// not safe to share with the goroutine that still reads results. The
	// queries return built-in types only, which every new map knows.
	typeMap *pgtype.Map
}

// sideResult is one query's rows, or the error that ended it.
type sideResult struct {
	rows *bufferedRows
	err  error
}

// dialSide opens the second connection with conn's configuration. It
// returns nil when conn is not a *pgx.Conn, whose configuration it needs;
// the inspection is then serial.
func dialSide(ctx context.Context, conn Conn) <-chan *pgx.Conn {
	c, ok := conn.(*pgx.Conn)
	if !ok {
		return nil
	}
	ch := make(chan *pgx.Conn, 1)
	go func() {
		second, err := pgx.ConnectConfig(ctx, c.Config())
		if err != nil {
			// A server at its connection limit, say: the first connection
			// reads everything instead.
			second = nil
		}
		ch <- second
	}()
	return ch
}

// startSide joins the second connection to tx's snapshot and starts its
// queries. It returns nil, having closed the connection, when the server
// refuses to share the snapshot (a pooler in transaction mode, a standby
// of an old version): the first connection then reads everything.
func startSide(ctx context.Context, tx pgx.Tx, second *pgx.Conn, names []string, version int) *side {
	var snapshot string
	if err := tx.QueryRow(ctx, "SELECT pg_export_snapshot()").Scan(&snapshot); err != nil {
		second.Close(context.WithoutCancel(ctx))
		return nil
	}
	// SET TRANSACTION SNAPSHOT must come before the transaction's first
	// query; the snapshot's name comes from the server, but it is quoted
	// all the same.
	begin := "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " +
		schema.QuoteLiteral(snapshot) + "; " + sessionSettings()
	if _, err := second.Exec(ctx, begin); err != nil {
		second.Close(context.WithoutCancel(ctx))
		return nil
	}
	sideCtx, cancel := context.WithCancel(ctx)
	s := &side{conn: second, results: map[string]chan sideResult{}, cancel: cancel, done: make(chan struct{}), typeMap: pgtype.NewMap()}
	for _, file := range sideFiles {
		s.results[file] = make(chan sideResult, 1)
	}
	go s.run(sideCtx, names, version)
	return s
}

// run sends sideFiles in one pipeline and hands over each result as soon
// as it is read, so the inspector can start on views while the server
// still prints indexes.
func (s *side) run(ctx context.Context, names []string, version int) {
	defer close(s.done)
	b := &pgx.Batch{}
	for _, file := range sideFiles {
		b.Queue(queryFor(file, version), names)
	}
	results := s.conn.SendBatch(ctx, b)
	for i, file := range sideFiles {
		rows, err := results.Query()
		var buffered *bufferedRows
		if err == nil {
			buffered, err = buffer(rows, s.typeMap)
		}
		s.results[file] <- sideResult{rows: buffered, err: err}
		if err != nil {
			for _, rest := range sideFiles[i+1:] {
				s.results[rest] <- sideResult{err: fmt.Errorf("%s not read: %s failed first", rest, file)}
			}
			break
		}
	}
	results.Close() //nolint:errcheck // every result was read or the first error reported
}

// close stops the side's queries if they still run, waits for its
// goroutine and closes its connection, which ends its transaction.
func (s *side) close() {
	s.cancel()
	<-s.done
	s.conn.Close(context.Background())
}

// rows returns the result of file once the second connection has read it.
func (s *side) rows(ctx context.Context, file string) (pgx.Rows, error) {
	select {
	case r := <-s.results[file]:
		if r.err != nil {
			return nil, r.err
		}
		return r.rows, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// isSide reports whether file is one of the side's queries.
func isSide(file string) bool { return slices.Contains(sideFiles, file) }

// buffer reads every row of rows into memory, copying the values that pgx
// would otherwise overwrite with the next row.
func buffer(rows pgx.Rows, m *pgtype.Map) (*bufferedRows, error) {
	defer rows.Close()
	b := &bufferedRows{fields: slices.Clone(rows.FieldDescriptions()), typeMap: m, at: -1}
	for rows.Next() {
		raw := rows.RawValues()
		size := 0
		for _, v := range raw {
			size += len(v)
		}
		// One allocation per row for all its values.
		arena := make([]byte, 0, size)
		row := make([][]byte, len(raw))
		for i, v := range raw {
			if v == nil {
				continue // NULL stays nil
			}
			start := len(arena)
			arena = append(arena, v...)
			row[i] = arena[start:len(arena):len(arena)]
		}
		b.rows = append(b.rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.tag = rows.CommandTag()
	return b, nil
}

// bufferedRows is a result held in memory, read through pgx.Rows so that
// the readers of each kind do not care which connection ran their query.
type bufferedRows struct {
	fields  []pgconn.FieldDescription
	rows    [][][]byte
	at      int
	tag     pgconn.CommandTag
	typeMap *pgtype.Map
	err     error
}

var _ pgx.Rows = (*bufferedRows)(nil)

// Close implements pgx.Rows.
func (b *bufferedRows) Close() { b.at = len(b.rows) }

// Err implements pgx.Rows: the first scan error, if any.
func (b *bufferedRows) Err() error { return b.err }

// CommandTag implements pgx.Rows.
func (b *bufferedRows) CommandTag() pgconn.CommandTag { return b.tag }

// FieldDescriptions implements pgx.Rows.
func (b *bufferedRows) FieldDescriptions() []pgconn.FieldDescription { return b.fields }

// Next implements pgx.Rows.
func (b *bufferedRows) Next() bool {
	if b.err != nil || b.at >= len(b.rows) {
		return false
	}
	b.at++
	return b.at < len(b.rows)
}

// Scan implements pgx.Rows with pgx's own scanning of raw values.
func (b *bufferedRows) Scan(dest ...any) error {
	if b.at < 0 || b.at >= len(b.rows) {
		return fmt.Errorf("scan called without a current row")
	}
	if err := pgx.ScanRow(b.typeMap, b.fields, b.rows[b.at], dest...); err != nil {
		b.err = err
		return err
	}
	return nil
}

// Values implements pgx.Rows, decoding each value as pgx would.
func (b *bufferedRows) Values() ([]any, error) {
	if b.at < 0 || b.at >= len(b.rows) {
		return nil, fmt.Errorf("values called without a current row")
	}
	values := make([]any, len(b.fields))
	for i, raw := range b.rows[b.at] {
		if raw == nil {
			continue
		}
		f := b.fields[i]
		if t, ok := b.typeMap.TypeForOID(f.DataTypeOID); ok {
			v, err := t.Codec.DecodeValue(b.typeMap, f.DataTypeOID, f.Format, raw)
			if err != nil {
				return nil, err
			}
			values[i] = v
			continue
		}
		if f.Format == pgtype.TextFormatCode {
			values[i] = string(raw)
		} else {
			values[i] = raw
		}
	}
	return values, nil
}

// RawValues implements pgx.Rows.
func (b *bufferedRows) RawValues() [][]byte {
	if b.at < 0 || b.at >= len(b.rows) {
		return nil
	}
	return b.rows[b.at]
}

// Conn implements pgx.Rows: the rows belong to no connection any more.
func (b *bufferedRows) Conn() *pgx.Conn { return nil }

// TypeMap implements pgx.Rows: the map that decodes these values in Scan.
func (b *bufferedRows) TypeMap() *pgtype.Map { return b.typeMap }
