package devdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/jackc/pgx/v5"
)

// A DB is an empty scratch database in which schemactl applies a schema to
// let PostgreSQL spell it canonically. Close removes it, and the server too
// when Open started one.
type DB struct {
	// URL connects to the scratch database as a user that may create
	// objects in it.
	URL    string
	server *Server // nil when the database lives on a server named by URL
	drop   func(context.Context) error
}

// Open returns a scratch database. When serverURL is empty it falls back to
// $SCHEMACTL_DEV_URL, and when that is empty too it starts a throwaway
// server from the local PostgreSQL installation. On a named server it
// creates a database called schemactl_dev_<random> and drops it on Close,
// so the user needs the CREATEDB privilege there.
func Open(ctx context.Context, serverURL string) (*DB, error) {
	if serverURL == "" {
		serverURL = os.Getenv("SCHEMACTL_DEV_URL")
	}
	if serverURL == "" {
		s, err := Start(ctx)
		if err != nil {
			if errors.Is(err, ErrNoPostgres) {
				return nil, err
			}
			return nil, fmt.Errorf("dev database: %w", err)
		}
		// The throwaway server's own "postgres" database is empty and
		// nobody else uses it.
		return &DB{URL: s.URL("postgres"), server: s}, nil
	}
	return createScratch(ctx, serverURL)
}

func createScratch(ctx context.Context, serverURL string) (*DB, error) {
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return nil, fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("dev database: %w", err)
	}
	name := "schemactl_dev_" + hex.EncodeToString(b[:])
	// CREATE DATABASE cannot run in a transaction block; Exec sends it alone.
	if _, err := conn.Exec(ctx, `CREATE DATABASE "`+name+`" TEMPLATE template0`); err != nil {
		return nil, fmt.Errorf("dev database: create scratch database (the dev server's user needs CREATEDB): %w", err)
	}
	u, err := url.Parse(serverURL)
	if err != nil || u.Scheme == "" {
		return nil, fmt.Errorf("dev database: --dev-url must be a postgres:// URL")
	}
	u.Path = "/" + name
	return &DB{
		URL: u.String(),
		drop: func(ctx context.Context) error {
			conn, err := pgx.Connect(ctx, serverURL)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
			return err
		},
	}, nil
}

// Close removes the scratch database, and stops the server Open started.
func (d *DB) Close() error {
	if d.server != nil {
		return d.server.Stop()
	}
	if d.drop != nil {
		// The caller's context may be cancelled (Ctrl-C) by now; cleaning
		// up must still happen.
		if err := d.drop(context.Background()); err != nil {
			return fmt.Errorf("dev database: drop scratch database: %w", err)
		}
	}
	return nil
}
