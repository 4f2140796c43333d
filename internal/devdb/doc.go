// Package devdb provides the PostgreSQL server that schemactl uses to make a
// desired schema canonical: a throwaway server started from the local
// PostgreSQL installation, or any server named by a URL.
//
// A throwaway server is initialised from a cached data directory (initdb runs
// once per PostgreSQL version and user), listens on a unix socket in a private
// temporary folder only, runs with fsync off, and is stopped and removed when
// the caller is done. When schemactl runs as root the server runs as the
// unprivileged "postgres" user, because PostgreSQL refuses to run as root.
package devdb
