package devdb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Throwaway reports whether the server is one that Open started (and
// Close removes), rather than one the user named with a URL. schemactl
// only changes what is cluster-wide, such as roles, on a throwaway server.
func (d *DB) Throwaway() bool { return d.server != nil }

// A MissingRolesError lists the roles that a replay or a canonicalisation
// needs and that the dev server the user named does not have. schemactl
// does not create roles on a server it did not start.
type MissingRolesError struct {
	Roles []string // sorted
}

func (e *MissingRolesError) Error() string {
	quoted := make([]string, len(e.Roles))
	for i, r := range e.Roles {
		quoted[i] = QuoteRole(r)
	}
	noun := "roles"
	if len(e.Roles) == 1 {
		noun = "role"
	}
	return fmt.Sprintf("dev database: the schema uses the %s %s, which its SQL does not create and which the dev server named by --dev-url (or SCHEMACTL_DEV_URL) lacks: "+
		"create them there (CREATE ROLE name NOLOGIN), or leave out --dev-url so that schemactl's throwaway server creates them",
		noun, strings.Join(quoted, ", "))
}

// EnsureRoles makes sure that every role in names exists on the server.
// On a throwaway server it creates the missing ones, NOLOGIN, and returns
// their names; roles are cluster-wide, so one that exists already (made by
// an earlier replay on the same server) is left alone. On a named server
// it creates nothing and returns a *MissingRolesError naming the missing
// ones.
func (d *DB) EnsureRoles(ctx context.Context, names []string) (created []string, err error) {
	if len(names) == 0 {
		return nil, nil
	}
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return nil, fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(ctx)
	missing, err := missingRoles(ctx, conn, names)
	if err != nil || len(missing) == 0 {
		return nil, err
	}
	if !d.Throwaway() {
		return nil, &MissingRolesError{Roles: missing}
	}
	for _, r := range missing {
		// An identifier, not a value: CREATE ROLE takes no parameters.
		_, err := conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{r}.Sanitize()+" NOLOGIN")
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42710" { // duplicate_object: made meanwhile
			continue
		}
		if err != nil {
			return created, fmt.Errorf("dev database: create role %s: %w", r, err)
		}
		created = append(created, r)
	}
	return created, nil
}

// Roles returns the names of the server's roles, sorted.
func (d *DB) Roles(ctx context.Context) ([]string, error) {
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return nil, fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT rolname FROM pg_catalog.pg_roles ORDER BY 1")
	if err != nil {
		return nil, fmt.Errorf("dev database: list roles: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("dev database: list roles: %w", err)
	}
	return names, nil
}

// DropRoles drops the roles in names, on a throwaway server only, best
// effort: it is how the roles a replay created itself (CREATE ROLE in a
// migration) are removed once its scratch database is gone, so that the
// next replay on the same server can create them again. A role that still
// owns something elsewhere stays.
func (d *DB) DropRoles(ctx context.Context, names []string) {
	if len(names) == 0 || !d.Throwaway() {
		return
	}
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	for _, r := range names {
		conn.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{r}.Sanitize()) //nolint:errcheck
	}
}

func missingRoles(ctx context.Context, conn *pgx.Conn, names []string) ([]string, error) {
	rows, err := conn.Query(ctx, "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1)", names)
	if err != nil {
		return nil, fmt.Errorf("dev database: read roles: %w", err)
	}
	have, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("dev database: read roles: %w", err)
	}
	var missing []string
	for _, n := range names {
		if !slices.Contains(have, n) && !slices.Contains(missing, n) {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	return missing, nil
}

// A MissingExtensionError is an extension that a script creates and that
// the dev server cannot install: it has no control file for it.
type MissingExtensionError struct {
	Extension string
	// Where names the script position of the CREATE EXTENSION, as
	// file:line:col, or "" when unknown.
	Where string
	// Version is the dev server's version (server_version).
	Version string
	// BinDir is the folder of the throwaway server's binaries; "" for a
	// server named by a URL.
	BinDir string
}

func (e *MissingExtensionError) Error() string {
	where := ""
	if e.Where != "" {
		where = e.Where + ": error: "
	}
	server := "the dev server named by --dev-url (or SCHEMACTL_DEV_URL), PostgreSQL " + e.Version
	fix := "install the extension on that server, or name another one"
	if e.BinDir != "" {
		server = "schemactl's throwaway dev server, PostgreSQL " + e.Version + " started from " + e.BinDir
		fix = "install the extension's package for that PostgreSQL version (its files go with those binaries), or pass --dev-url with a server that has it"
	}
	return fmt.Sprintf("%sthe migrations create extension %q, which the dev server does not have (pg_available_extensions does not list it); the server is %s: %s",
		where, e.Extension, server, fix)
}

// MissingExtensions returns, of names, the extensions that the server does
// not have (pg_available_extensions does not list them), sorted, and the
// server's version for messages.
func (d *DB) MissingExtensions(ctx context.Context, names []string) (missing []string, version string, err error) {
	if len(names) == 0 {
		return nil, "", nil
	}
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return nil, "", fmt.Errorf("dev database: connect: %w", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT name FROM pg_catalog.pg_available_extensions WHERE name = ANY($1)", names)
	if err != nil {
		return nil, "", fmt.Errorf("dev database: read available extensions: %w", err)
	}
	have, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, "", fmt.Errorf("dev database: read available extensions: %w", err)
	}
	for _, n := range names {
		if !slices.Contains(have, n) && !slices.Contains(missing, n) {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		if err := conn.QueryRow(ctx, "SELECT current_setting('server_version')").Scan(&version); err != nil {
			return nil, "", fmt.Errorf("dev database: read version: %w", err)
		}
	}
	return missing, version, nil
}

// BinDir returns the folder of the binaries the throwaway server was
// started from, or "" for a server named by a URL.
func (d *DB) BinDir() string {
	if d.server == nil {
		return ""
	}
	return d.server.BinDir
}

// QuoteRole spells a role name as SQL needs it: as is when it is a plain
// lower-case identifier, in double quotes otherwise. Messages use it, so a
// name can be pasted into CREATE ROLE.
func QuoteRole(name string) string {
	plain := name != ""
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	return pgx.Identifier{name}.Sanitize()
}
