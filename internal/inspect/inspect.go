package inspect

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemactl/schemactl/schema"
)

// One file per object kind; each opens with its purpose, parameters, order
// and the oldest PostgreSQL it supports.
//
//go:embed queries/*.sql
var queries embed.FS

// query returns the text of the embedded query file name.
func query(name string) string {
	b, err := queries.ReadFile("queries/" + name)
	if err != nil {
		// The files are embedded at build time: a missing one is a bug.
		panic(fmt.Sprintf("inspect: %v", err))
	}
	return string(b)
}

// lockWait bounds how long Realm waits for a table that another session
// has locked.
var lockWait = 10 * time.Second

// Conn is a connection to inspect. *pgx.Conn and *pgxpool.Pool satisfy it.
type Conn interface {
	BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error)
}

// Options select what Realm reads.
type Options struct {
	// Schemas names the schemas to read. Empty means every schema that is
	// neither a system schema (pg_catalog, information_schema, pg_toast*,
	// pg_temp_*) nor owned by an extension. Named schemas that do not exist
	// are absent from the result.
	Schemas []string
	// Parallel reads views, indexes and constraints on a second connection
	// that shares the first one's snapshot, while the first reads the
	// rest, so the server prints definitions on two backends at once. It
	// needs conn to be a *pgx.Conn, whose configuration opens the second
	// connection; otherwise, or when the server refuses a second
	// connection or the shared snapshot, everything is read on conn.
	Parallel bool
}

// Unsupported names an object that exists in the database but that the
// model cannot represent yet, such as a view or a trigger. Realm leaves
// such objects out of the realm and lists them, so that callers can tell
// the user rather than drop them silently.
type Unsupported struct {
	Kind string // e.g. "view", "trigger", "row level security"
	Name string // qualified as PostgreSQL prints it, e.g. public.v, "trg" on public.t, public.f(integer)
}

// String returns the kind and the name, e.g. "view public.active_users".
func (u Unsupported) String() string { return u.Kind + " " + u.Name }

// Realm reads the schemas that opts selects from the database behind conn.
// Every object kind is read with one query for all selected schemas, all
// inside one REPEATABLE READ READ ONLY transaction, so that the picture is
// consistent, and with an empty search_path, so that every name the server
// prints (types, defaults, references) comes back schema-qualified. The
// queries after the first go out together in one pipeline.
//
// The realm is normalized and linked. Objects owned by extensions are left
// out, as are objects that PostgreSQL creates implicitly (indexes backing
// constraints, identity and serial sequences, array and row types, what a
// partition inherits from its parent). Objects the model cannot represent
// are returned as Unsupported, sorted by kind and name.
func Realm(ctx context.Context, conn Conn, opts Options) (*schema.Realm, []Unsupported, error) {
	// The second connection opens while the first one begins and reads
	// the schemas.
	var dialed <-chan *pgx.Conn
	if opts.Parallel {
		dialed = dialSide(ctx, conn)
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		closeDialed(dialed)
		return nil, nil, fmt.Errorf("inspect: begin: %w", err)
	}
	// Rolling back a read-only transaction that has committed is a no-op;
	// on any error it ends the transaction.
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck
	// One Exec sends the settings in one round trip.
	if _, err := tx.Exec(ctx, sessionSettings()); err != nil {
		closeDialed(dialed)
		return nil, nil, fmt.Errorf("inspect: settings: %w", err)
	}
	in := &inspector{
		tx:        tx,
		realm:     &schema.Realm{},
		schemas:   map[string]*schema.Schema{},
		tables:    map[uint32]*tableInfo{},
		columns:   map[attKey]*schema.Column{},
		attrs:     map[attKey]attr{},
		keyIndex:  map[uint32]*indexRow{},
		matviews:  map[uint32]*matviewInfo{},
		requested: opts.Schemas,
		dialed:    dialed,
		version:   ParseServerVersion(tx.Conn().PgConn().ParameterStatus("server_version")),
	}
	// The side connection ends before Realm returns, on every path.
	defer in.closeSide()
	steps := []struct {
		what string
		run  func(context.Context) error
	}{
		{"schemas", in.readSchemas},
		{"extensions", in.readExtensions},
		{"tables", in.readTables},
		{"columns", in.readColumns},
		{"views", in.readViews},
		{"sequences", in.readSequences},
		{"indexes", in.readIndexes},
		{"constraints", in.readConstraints},
		{"policies", in.readPolicies},
		{"enums", in.readEnums},
		{"domains", in.readDomains},
		{"composites", in.readComposites},
		{"functions", in.readFunctions},
		{"triggers", in.readTriggers},
		{"privileges", in.readPrivileges},
		{"default privileges", in.readDefaultPrivileges},
		{"unsupported objects", in.readUnsupported},
	}
	for i, s := range steps {
		if err := s.run(ctx); err != nil {
			in.closeBatch()
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
				return nil, nil, fmt.Errorf("inspect %s: another session holds a lock that blocks reading a table's definition "+
					"(ACCESS EXCLUSIVE: a migration or VACUUM FULL in progress?); gave up after %v: %w", s.what, lockWait, err)
			}
			return nil, nil, fmt.Errorf("inspect %s: %w", s.what, err)
		}
		if len(in.names) == 0 {
			// No schema selected: nothing else can match.
			break
		}
		if i == 0 {
			in.sendBatch(ctx)
		}
	}
	if err := in.closeBatch(); err != nil {
		return nil, nil, fmt.Errorf("inspect: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, nil, fmt.Errorf("inspect: commit: %w", err)
	}
	in.realm.Normalize()
	slices.SortFunc(in.unsupported, func(a, b Unsupported) int {
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return in.realm, in.unsupported, nil
}

// inspector holds the state of one Realm call: the realm being built and
// the catalog oids that later queries refer to.
type inspector struct {
	tx          pgx.Tx
	realm       *schema.Realm
	requested   []string
	version     int      // server_version_num: picks each query's variant (queryFor)
	names       []string // the selected schemas that exist: $1 of every query after schemas.sql
	schemas     map[string]*schema.Schema
	tables      map[uint32]*tableInfo
	columns     map[attKey]*schema.Column // the columns of the model
	attrs       map[attKey]attr           // every column of every table read, partitions' too
	keyIndex    map[uint32]*indexRow      // indexes backing keys and exclusion constraints, by index oid
	matviews    map[uint32]*matviewInfo   // materialized views, by oid, for their indexes
	unsupported []Unsupported
	// batch holds the results of the queries after schemas.sql, sent at
	// once (see sendBatch); batched lists their files in that order.
	batch   pgx.BatchResults
	batched []string
	// dialed delivers the second connection of Options.Parallel; side is
	// that connection once it shares tx's snapshot, nil when everything is
	// read on tx.
	dialed <-chan *pgx.Conn
	side   *side
}

// batchedFiles are the queries that follow schemas.sql, in the order of
// Realm's steps.
var batchedFiles = []string{
	"extensions.sql", "tables.sql", "columns.sql", "views.sql", "sequences.sql", "indexes.sql",
	"constraints.sql", "policies.sql", "enums.sql", "domains.sql", "composites.sql", "functions.sql", "triggers.sql",
	"privileges.sql", "default_privileges.sql", "unsupported.sql",
}

// sendBatch sends every query after schemas.sql in one pipeline: the server
// runs each as soon as it has sent the rows of the one before, instead of
// waiting while the client reads the last rows and sends the next query.
//
// With a second connection the files it reads are left out of the batch.
func (in *inspector) sendBatch(ctx context.Context) {
	if in.dialed != nil {
		if second := <-in.dialed; second != nil {
			in.side = startSide(ctx, in.tx, second, in.names, in.version)
		}
		in.dialed = nil
	}
	b := &pgx.Batch{}
	in.batched = nil
	for _, file := range batchedFiles {
		if in.side != nil && isSide(file) {
			continue
		}
		b.Queue(queryFor(file, in.version), in.names)
		in.batched = append(in.batched, file)
	}
	in.batch = in.tx.SendBatch(ctx, b)
}

// closeSide ends the second connection, or the dial of one not yet used.
func (in *inspector) closeSide() {
	closeDialed(in.dialed)
	in.dialed = nil
	if in.side != nil {
		in.side.close()
		in.side = nil
	}
}

// closeDialed closes the connection a dial delivers, when it was never used.
func closeDialed(dialed <-chan *pgx.Conn) {
	if dialed == nil {
		return
	}
	if second := <-dialed; second != nil {
		second.Close(context.Background())
	}
}

// closeBatch reads what is left of the batch's results.
func (in *inspector) closeBatch() error {
	if in.batch == nil {
		return nil
	}
	err := in.batch.Close()
	in.batch = nil
	return err
}

// A tableInfo is a table being built and what the later queries need to
// know about it.
type tableInfo struct {
	table *schema.Table
	name  schema.QualifiedName
}

// attKey identifies a column by its table's oid and its attnum.
type attKey struct {
	table  uint32
	attnum int16
}

// An attr is what constraints and indexes need to know about a column they
// give by attnum.
type attr struct {
	name      string
	collation uint32 // pg_collation oid, 0 for a type without collation
}

// attName returns the name of column attnum of table, which columns.sql
// must have read.
func (in *inspector) attName(table uint32, attnum int16) (string, error) {
	a, ok := in.attrs[attKey{table, attnum}]
	if !ok {
		return "", fmt.Errorf("column %d of %s not found", attnum, in.tableName(table))
	}
	return a.name, nil
}

// attNames resolves attnums of table to column names.
func (in *inspector) attNames(table uint32, attnums []int16) ([]string, error) {
	var names []string
	for _, n := range attnums {
		name, err := in.attName(table, n)
		if err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// addUnsupported records an object the model cannot represent.
func (in *inspector) addUnsupported(kind, name string) {
	in.unsupported = append(in.unsupported, Unsupported{Kind: kind, Name: name})
}

// query runs an embedded query with the selected schema names as $1 and
// calls fn after scanning each row into scans.
func (in *inspector) query(ctx context.Context, file string, scans []any, fn func() error) error {
	var rows pgx.Rows
	var err error
	if in.side != nil && isSide(file) {
		rows, err = in.side.rows(ctx, file)
	} else if in.batch != nil {
		if len(in.batched) == 0 || in.batched[0] != file {
			return fmt.Errorf("%s read out of the order it was sent in", file) // a bug
		}
		in.batched = in.batched[1:]
		rows, err = in.batch.Query()
	} else {
		rows, err = in.tx.Query(ctx, queryFor(file, in.version), in.names)
	}
	if err != nil {
		return err
	}
	_, err = pgx.ForEachRow(rows, scans, fn)
	return err
}

// tableName returns the qualified, printable name of the table with the
// given oid, for messages.
func (in *inspector) tableName(oid uint32) string {
	ti, ok := in.tables[oid]
	if !ok {
		return fmt.Sprintf("table %d", oid)
	}
	return ti.name.String()
}

// Fingerprint identifies what this build of the package reads: a hash of
// its embedded catalog queries. Caches of inspected realms key on it, so
// that a schemactl that reads more (a new object kind, say) never takes a
// realm cached by one that read less.
func Fingerprint() string {
	fingerprintOnce.Do(func() {
		h := sha256.New()
		entries, _ := queries.ReadDir("queries")
		for _, e := range entries {
			b, _ := queries.ReadFile("queries/" + e.Name())
			fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), len(b))
			h.Write(b)
		}
		fingerprint = hex.EncodeToString(h.Sum(nil))
	})
	return fingerprint
}

var (
	fingerprintOnce sync.Once
	fingerprint     string
)
