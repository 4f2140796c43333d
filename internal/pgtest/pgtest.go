// Package pgtest gives tests a real PostgreSQL database of their own.
//
// The server is the one named by SCHEMACTL_TEST_DATABASE_URL (a superuser
// URL), or else a throwaway server that the test binary starts once from the
// local PostgreSQL installation (see internal/devdb). Each call to New creates
// a new empty database, dropped when the test ends, so tests may run in
// parallel. When no server can be had a test is skipped, unless
// SCHEMACTL_TEST_REQUIRE_DB=1, in which case it fails: CI sets that variable
// so that it can never pass by skipping.
//
// Packages that use pgtest stop the server they started with
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schemactl/schemactl/internal/devdb"
)

var (
	once     sync.Once
	server   *devdb.Server // nil when SCHEMACTL_TEST_DATABASE_URL is used
	adminURL string
	admin    *pgxpool.Pool
	startErr error
	counter  atomic.Int64
	// createSuffix ends each CREATE DATABASE: STRATEGY FILE_COPY from
	// PostgreSQL 15 on, three times faster than the default WAL_LOG copy
	// of a template as small as template0.
	createSuffix string
	// versionNum is the test server's server_version_num, e.g. 150004.
	versionNum int
)

// Main runs the tests of m and stops the server that New may have started.
func Main(m *testing.M) int {
	code := m.Run()
	if admin != nil {
		admin.Close()
	}
	if server != nil {
		server.Stop()
	}
	return code
}

// AdminURL returns the superuser URL of the test server, starting it if
// needed, or skips (or fails) t when there is none.
func AdminURL(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if startErr != nil {
		if os.Getenv("SCHEMACTL_TEST_REQUIRE_DB") == "1" {
			t.Fatalf("no PostgreSQL for tests (SCHEMACTL_TEST_REQUIRE_DB=1): %v", startErr)
		}
		t.Skipf("no PostgreSQL for tests: %v", startErr)
	}
	return adminURL
}

// Available reports whether a test server can be had, starting it if needed.
func Available() bool {
	once.Do(setup)
	return startErr == nil
}

func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	adminURL = os.Getenv("SCHEMACTL_TEST_DATABASE_URL")
	if adminURL == "" {
		server, startErr = devdb.Start(ctx)
		if startErr != nil {
			return
		}
		adminURL = server.URL("postgres")
	}
	admin, startErr = pgxpool.New(ctx, adminURL)
	if startErr != nil {
		return
	}
	var num int
	startErr = admin.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&num)
	versionNum = num
	if num >= 150000 {
		createSuffix = " STRATEGY FILE_COPY"
	}
}

// Version returns the test server's server_version_num (150004 for
// 15.4), starting the server if needed, or skips (or fails) t when there
// is none.
func Version(t testing.TB) int {
	t.Helper()
	AdminURL(t)
	return versionNum
}

// Major returns the test server's major version (15 for 15.4).
func Major(t testing.TB) int {
	t.Helper()
	return Version(t) / 10000
}

// RequireMajor skips t, saying why, when the test server's major version
// is below min: the test needs what PostgreSQL min brought. It never skips
// silently: the message names both versions.
func RequireMajor(t testing.TB, min int, what string) {
	t.Helper()
	if got := Major(t); got < min {
		t.Skipf("needs PostgreSQL %d or later (%s); the test server is %d", min, what, got)
	}
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9_]+`)

// New creates an empty database for t and returns its URL. The database is
// dropped (WITH (FORCE)) when t ends.
func New(t testing.TB) string {
	t.Helper()
	AdminURL(t)
	url, drop, err := Create(t.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("%v", err)
		}
	})
	return url
}

// Create creates an empty database whose name is derived from label and
// returns its URL and a function that drops it. The test server must be
// available (see Available). It serves harnesses, such as testscript's Setup,
// that have no testing.TB.
func Create(label string) (url string, drop func() error, err error) {
	once.Do(setup)
	if startErr != nil {
		return "", nil, fmt.Errorf("no PostgreSQL for tests: %w", startErr)
	}
	name := unsafeChars.ReplaceAllString(strings.ToLower(label), "_")
	suffix := fmt.Sprintf("_%d", counter.Add(1))
	if len(name) > 50 {
		name = name[:50]
	}
	name = "st_" + name + suffix
	ctx := context.Background()
	// CREATE DATABASE cannot run in a transaction block; Exec sends it alone.
	if _, err := admin.Exec(ctx, `CREATE DATABASE "`+name+`" TEMPLATE template0`+createSuffix); err != nil {
		return "", nil, fmt.Errorf("create test database: %w", err)
	}
	drop = func() error {
		if _, err := admin.Exec(context.Background(), `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			return fmt.Errorf("drop test database %s: %w", name, err)
		}
		return nil
	}
	return DatabaseURL(adminURL, name), drop, nil
}

// DatabaseURL returns base with its database replaced by name.
func DatabaseURL(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(fmt.Sprintf("pgtest: bad server URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}
