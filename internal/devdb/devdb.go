package devdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A DB is a PostgreSQL server in which schemactl creates empty scratch
// databases, applies schemas to them and reads them back, so that
// PostgreSQL spells every type and expression canonically. Close drops
// every scratch database, and stops the server if Open started it.
type DB struct {
	adminURL string  // superuser (or CREATEDB) connection to the server
	server   *Server // nil when the server was named by a URL
	major    int     // the server's major version, e.g. 15

	mu      sync.Mutex
	admin   *pgxpool.Pool // made by the first Scratch, closed by Close
	scratch []string      // names of the scratch databases to drop on Close
}

// Open returns the dev database server. When serverURL is empty it falls
// back to $SCHEMACTL_DEV_URL, and when that is empty too it starts a
// throwaway server from the local PostgreSQL installation. On a named server
// the user needs the CREATEDB privilege.
func Open(ctx context.Context, serverURL string) (*DB, error) {
	return OpenMajor(ctx, serverURL, 0)
}

// OpenMajor is Open for a target of PostgreSQL major (0: any): a throwaway
// server is started from that major's binaries when they are installed (see
// StartMajor). A server named by URL is used whatever its version. The
// caller compares DB.Major with major and says so when they differ.
func OpenMajor(ctx context.Context, serverURL string, major int) (*DB, error) {
	if serverURL == "" {
		serverURL = os.Getenv("SCHEMACTL_DEV_URL")
	}
	if serverURL == "" {
		s, err := StartMajor(ctx, major)
		if err != nil {
			if errors.Is(err, ErrNoPostgres) {
				return nil, err
			}
			return nil, fmt.Errorf("dev database: %w", err)
		}
		return &DB{adminURL: s.URL("postgres"), server: s, major: s.Major}, nil
	}
	u, err := neturl.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("dev database: --dev-url must be a postgres:// URL")
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, serverURL)
	if err != nil {
		return nil, fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(ctx)
	var num int
	if err := conn.QueryRow(cctx, "SELECT current_setting('server_version_num')::int").Scan(&num); err != nil {
		return nil, fmt.Errorf("dev database: %w", err)
	}
	return &DB{adminURL: serverURL, major: num / 10000}, nil
}

// pool returns the connections Scratch and drop share: a test suite makes
// thousands of scratch databases, and a new backend for each CREATE and
// DROP cost the server more than the statements did.
func (d *DB) pool() (*pgxpool.Pool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.admin != nil {
		return d.admin, nil
	}
	cfg, err := pgxpool.ParseConfig(d.adminURL)
	if err != nil {
		return nil, fmt.Errorf("dev database: %w", err)
	}
	cfg.MaxConns = 4
	d.admin, err = pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("dev database: connect: %w", err)
	}
	return d.admin, nil
}

// createDatabase is the statement that makes a scratch database. From
// PostgreSQL 15 on, CREATE DATABASE copies the template through the WAL by
// default; copying its files is three times faster for a template as small
// as template0, and durability is no concern for a scratch database.
func (d *DB) createDatabase(name string) string {
	sql := `CREATE DATABASE "` + name + `" TEMPLATE template0`
	if d.major >= 15 {
		sql += " STRATEGY FILE_COPY"
	}
	return sql
}

// Scratch creates a new, empty database on the server and returns its URL
// and a function that drops it. Callers drop a scratch database as soon as
// they are done with it: a long run (a test suite, a replay of many
// migrations) would otherwise pile up thousands of them on the server's
// tmpfs. Close drops the ones still left.
func (d *DB) Scratch(ctx context.Context) (url string, drop func(), err error) {
	admin, err := d.pool()
	if err != nil {
		return "", nil, err
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, fmt.Errorf("dev database: %w", err)
	}
	name := "schemactl_dev_" + hex.EncodeToString(b[:])
	// CREATE DATABASE cannot run in a transaction block; Exec sends it alone.
	if _, err := admin.Exec(ctx, d.createDatabase(name)); err != nil {
		return "", nil, fmt.Errorf("dev database: create scratch database (the dev server's user needs CREATEDB): %w", err)
	}
	d.mu.Lock()
	d.scratch = append(d.scratch, name)
	d.mu.Unlock()
	return d.scratchURL(name), func() { d.drop(name) }, nil
}

// scratchURL is the admin URL with its database replaced by name.
func (d *DB) scratchURL(name string) string {
	u, _ := neturl.Parse(d.adminURL) // parsed successfully by Open or built by Server.URL
	u.Path = "/" + name
	return u.String()
}

// drop drops one scratch database now, best effort: what it cannot drop,
// Close tries again.
func (d *DB) drop(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := d.pool()
	if err != nil {
		return
	}
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
		return
	}
	d.mu.Lock()
	d.scratch = slices.DeleteFunc(d.scratch, func(n string) bool { return n == name })
	d.mu.Unlock()
}

// Identity names the dev server that Open(ctx, serverURL) would use, for
// caches of canonical schemas: applying the same SQL gives the same catalog
// on the same server version. For a local server it costs one
// `postgres --version` and starts nothing.
func Identity(ctx context.Context, serverURL string) (string, error) {
	id, _, _, err := IdentityMajor(ctx, serverURL, 0)
	return id, err
}

// IdentityMajor is Identity for OpenMajor(ctx, serverURL, major), with the
// major version of that dev server and where it is (as DB.Where says).
func IdentityMajor(ctx context.Context, serverURL string, major int) (id string, devMajor int, where string, err error) {
	if serverURL == "" {
		serverURL = os.Getenv("SCHEMACTL_DEV_URL")
	}
	if serverURL == "" {
		binDir, found, err := binDirFor(ctx, major)
		if err != nil {
			return "", 0, "", err
		}
		out, err := exec.CommandContext(ctx, filepath.Join(binDir, "postgres"), "--version").Output()
		if err != nil {
			return "", 0, "", fmt.Errorf("%s/postgres --version: %w", binDir, err)
		}
		return "local " + binDir + " " + strings.TrimSpace(string(out)) + " " + templateVersion, found, binDir, nil
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, serverURL)
	if err != nil {
		return "", 0, "", fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(ctx)
	var version string
	var num int
	if err := conn.QueryRow(ctx, "SELECT version(), current_setting('server_version_num')::int").Scan(&version, &num); err != nil {
		return "", 0, "", fmt.Errorf("dev database: %w", err)
	}
	return "url " + version, num / 10000, namedServer, nil
}

// Major returns the dev server's major version, e.g. 15.
func (d *DB) Major() int { return d.major }

// Where names the dev server for messages: its binaries folder, or "the
// --dev-url server".
func (d *DB) Where() string {
	if d.server != nil {
		return d.server.BinDir
	}
	return namedServer
}

// namedServer is how messages name a dev server given by URL.
const namedServer = "the --dev-url server"

// Close drops the scratch databases and stops the server Open started.
func (d *DB) Close() error {
	d.mu.Lock()
	if d.admin != nil {
		d.admin.Close()
		d.admin = nil
	}
	d.mu.Unlock()
	if d.server != nil {
		return d.server.Stop()
	}
	d.mu.Lock()
	names := d.scratch
	d.scratch = nil
	d.mu.Unlock()
	if len(names) == 0 {
		return nil
	}
	// The caller's context may be cancelled (Ctrl-C) by now; cleaning up
	// must still happen, within bounds.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return fmt.Errorf("dev database: drop scratch databases: %w", err)
	}
	defer conn.Close(ctx)
	var errs []error
	for _, name := range names {
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			errs = append(errs, fmt.Errorf("dev database: drop %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}
