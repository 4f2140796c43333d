package main

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/schemactl/schemactl/internal/pgtest"
)

// TestInspectScripts runs testdata/inspect/*.txtar. Besides the usual
// commands, a script may run `sql FILE`, which executes the statements of
// FILE in $DATABASE_URL.
func TestInspectScripts(t *testing.T) {
	p := scriptParams(t, "testdata/inspect")
	p.Cmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"sql": func(ts *testscript.TestScript, neg bool, args []string) {
			if len(args) != 1 {
				ts.Fatalf("usage: sql FILE")
			}
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
			ts.Check(err)
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, ts.ReadFile(args[0]))
			if neg {
				if err == nil {
					ts.Fatalf("sql %s succeeded", args[0])
				}
				return
			}
			ts.Check(err)
		},
	}
	testscript.Run(t, p)
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://alice:s3cret@db.example:5432/app", "postgres://alice:xxxxx@db.example:5432/app"},
		{"postgresql://alice:s3cret@db.example/app?sslmode=require", "postgresql://alice:xxxxx@db.example/app?sslmode=require"},
		{"postgres://alice@db.example/app", "postgres://alice@db.example/app"},
		{"postgres://db.example/app?password=s3cret&sslmode=disable", "postgres://db.example/app?password=xxxxx&sslmode=disable"},
		{"host=db.example user=alice password=s3cret dbname=app", "host=db.example user=alice password=xxxxx dbname=app"},
		{"host=db.example password = 's3 cret' dbname=app", "host=db.example password = xxxxx dbname=app"},
		{"postgres://alice:s3cret@db.example:port/app", "postgres://alice:xxxxx@db.example:port/app"},
		{"the database of DATABASE_URL", "the database of DATABASE_URL"},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConnectTimesOutWithoutPassword connects to a server that accepts the
// TCP connection and then says nothing: connect must give up on time, and
// its error must not show the password.
func TestConnectTimesOutWithoutPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold the connection open, silently
		}
	}()
	cases := []struct {
		name, url string
		within    time.Duration
	}{
		{"connect_timeout of the URL", "postgres://alice:s3cret@" + ln.Addr().String() + "/app?connect_timeout=1&sslmode=disable", 3 * time.Second},
		{"default timeout", "postgres://alice:s3cret@" + ln.Addr().String() + "/app", connectTimeout + 2*time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			conn, err := connect(context.Background(), tc.url)
			if err == nil {
				conn.Close(context.Background())
				t.Fatal("connect succeeded")
			}
			if d := time.Since(start); d > tc.within {
				t.Errorf("connect gave up after %v, want within %v", d, tc.within)
			}
			msg := err.Error()
			if strings.Contains(msg, "s3cret") {
				t.Errorf("error shows the password: %s", msg)
			}
			if !strings.Contains(msg, "alice:xxxxx@") || !strings.Contains(msg, "no answer within") {
				t.Errorf("error does not name the target and the timeout: %s", msg)
			}
		})
	}
}

func TestConnectRefusedWithoutPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	for _, s := range []string{
		"postgres://alice:s3cret@" + addr + "/app",
		"host=127.0.0.1 port=" + addr[strings.LastIndex(addr, ":")+1:] + " user=alice password=s3cret dbname=app",
		"postgres://alice:s3cret@[::1/app", // unparsable
	} {
		_, err := connect(context.Background(), s)
		if err == nil {
			t.Fatalf("connect(%q) succeeded", s)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("connect(%q): error shows the password: %v", s, err)
		}
	}
}

// TestConnectFallsBack checks that without --url connect uses
// $DATABASE_URL, and without that the PG* variables.
func TestConnectFallsBack(t *testing.T) {
	dbURL := pgtest.New(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T) {
		conn, err := connect(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var db string
		if err := conn.QueryRow(context.Background(), "SELECT current_database()").Scan(&db); err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimPrefix(u.Path, "/"); db != want {
			t.Errorf("connected to %s, want %s", db, want)
		}
	}
	t.Run("DATABASE_URL", func(t *testing.T) {
		t.Setenv("DATABASE_URL", dbURL)
		check(t)
	})
	t.Run("PG variables", func(t *testing.T) {
		t.Setenv("DATABASE_URL", "")
		host := u.Query().Get("host")
		if host == "" {
			host = u.Hostname()
		}
		port := u.Query().Get("port")
		if port == "" {
			port = u.Port()
		}
		password, _ := u.User.Password()
		t.Setenv("PGHOST", host)
		t.Setenv("PGPORT", port)
		t.Setenv("PGUSER", u.User.Username())
		t.Setenv("PGPASSWORD", password)
		t.Setenv("PGDATABASE", strings.TrimPrefix(u.Path, "/"))
		t.Setenv("PGSSLMODE", "disable")
		check(t)
	})
}
