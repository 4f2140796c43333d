package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
)

// Flags shared by diff and apply.
var (
	urlFlag = &cli.StringFlag{
		Name:  "url",
		Usage: "database `URL` (default: $DATABASE_URL, then libpq's PG* variables)",
	}
	toFlag = &cli.StringSliceFlag{
		Name:     "to",
		Usage:    "desired state: a .hcl or .sql file, or a folder of them (repeatable)",
		Required: true,
	}
	schemaFlag = &cli.StringSliceFlag{
		Name:  "schema",
		Usage: "also manage this schema (repeatable); a diff manages only the schemas the desired state declares and these",
	}
	devURLFlag = &cli.StringFlag{
		Name:    "dev-url",
		Usage:   "PostgreSQL server `URL` for the dev database (default: a throwaway local server)",
		EnvVars: []string{"SCHEMACTL_DEV_URL"},
	}
	managePrivilegesFlag = &cli.BoolFlag{
		Name:  "manage-privileges",
		Usage: "manage grants and default privileges even when the desired state declares none (revoking those it lacks); without it, grants are managed only when the desired state declares some",
	}
	manageRolesFlag = &cli.BoolFlag{
		Name:  "manage-roles",
		Usage: "create and alter the roles the desired state declares with role blocks (LOGIN, INHERIT, memberships, comment); roles are never dropped, and without the flag role blocks change nothing in the database",
	}
	lockTimeoutFlag = &cli.DurationFlag{
		Name:  "lock-timeout",
		Usage: "lock_timeout set before statements that lock existing tables (0: none)",
		Value: plan.DefaultLockTimeout,
	}
)

func diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "print the statements that turn a database into the desired state",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			urlFlag, toFlag, schemaFlag, devURLFlag, lockTimeoutFlag, managePrivilegesFlag, manageRolesFlag, includeRunnerTableFlag,
			&cli.StringFlag{Name: "format", Value: "sql", Usage: "output format: sql or json"},
			&cli.BoolFlag{Name: "exit-code", Usage: "exit 2 when there are changes, 0 when there are none"},
		},
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if format != "sql" && format != "json" {
				return usagef("--format must be sql or json, not %q", format)
			}
			if c.NArg() > 0 {
				return usagef("diff takes no arguments, got %q", c.Args().First())
			}
			p, conn, err := planToDesired(c, c.App.ErrWriter, false)
			if err != nil {
				return err
			}
			p.Close()
			conn.Close(context.Background())
			if len(p.Statements) == 0 {
				fmt.Fprintln(c.App.ErrWriter, "schemactl: no changes: the database is in the desired state")
				return nil
			}
			if format == "json" {
				err = writePlanJSON(c.App.Writer, p.Plan)
			} else {
				err = p.WriteSQL(c.App.Writer)
			}
			if err != nil {
				return err
			}
			if c.Bool("exit-code") {
				return &exitCodeError{code: 2}
			}
			return nil
		},
	}
}

// A planned is a plan with what it was made from, which apply rehearses
// it with. Close releases the dev database the plan was made with.
type planned struct {
	*plan.Plan
	current, desired *state.State
	loader           *state.Loader
	schemas          []string // the schemas the plan manages
	diffOpts         diff.Options
}

func (p *planned) Close() { p.loader.Close() }

// planToDesired loads the desired state of --to, inspects the database of
// --url in the schemas it manages, and plans the difference. It returns the
// open connection to that database too; the caller closes it, and the plan.
//
// rehearse says that the plan will be rehearsed: the dev database is then
// started beside the loading and inspecting, which may not need it.
func planToDesired(c *cli.Context, stderr io.Writer, rehearse bool) (*planned, *pgx.Conn, error) {
	ctx := c.Context
	// Connect first: an unreachable database should fail before the dev
	// database is started.
	conn, err := connect(ctx, c.String("url"))
	if err != nil {
		return nil, nil, err
	}
	p, err := planOn(ctx, conn, c, stderr, rehearse)
	if err != nil {
		conn.Close(context.Background())
		return nil, nil, err
	}
	return p, conn, nil
}

func planOn(ctx context.Context, conn *pgx.Conn, c *cli.Context, stderr io.Writer, rehearse bool) (_ *planned, err error) {
	loader := targetLoader(c, conn)
	loader.Stderr = stderr
	if rehearse {
		loader.Prewarm(ctx)
	}
	defer func() {
		if err != nil {
			loader.Close()
		}
	}()
	extra := c.StringSlice("schema")
	desired, current, err := loadStates(ctx, loader, c.StringSlice("to"), conn, extra)
	if err != nil {
		return nil, err
	}
	leaveRunnerTables(c, stderr, current, desired)
	if err := checkUnsupported(stderr, current, desired); err != nil {
		return nil, err
	}
	// Expressions PostgreSQL spells differently on each pass (IN on a
	// varchar column) are proven equal in the dev database, not diffed.
	if err := loader.Reconcile(ctx, current, desired); err != nil {
		return nil, err
	}
	manageRoles := c.Bool("manage-roles")
	if err := readRoles(ctx, conn, current, desired, manageRoles, stderr); err != nil {
		return nil, err
	}
	// The objects the plan creates take the database's default privileges
	// for the role that connects, which is the role that runs the plan.
	var role string
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&role); err != nil {
		return nil, err
	}
	opts := diff.Options{Schemas: extra, ManagePrivileges: c.Bool("manage-privileges"), ManageRoles: manageRoles, CreatingRole: role}
	changes, err := diff.Realms(current.Realm, desired.Realm, opts)
	if err != nil {
		return nil, err
	}
	// The plan runs on this very server: forms it has may be used.
	p, err := plan.Build(changes, plan.Options{From: current.Realm, LockTimeout: lockTimeout(c), ServerVersion: serverVersionNum(conn)})
	if err != nil {
		return nil, err
	}
	return &planned{Plan: p, current: current, desired: desired, loader: loader, schemas: managedSchemas(desired, extra), diffOpts: opts}, nil
}

// readRoles reads, when roles are managed, the roles the desired state
// declares from the database as the current side of their diff; when they
// are not, it says once that role blocks change nothing.
func readRoles(ctx context.Context, conn *pgx.Conn, current, desired *state.State, manage bool, stderr io.Writer) error {
	if len(desired.Realm.Roles) == 0 {
		return nil
	}
	if !manage {
		fmt.Fprintf(stderr, "schemactl: note: the desired state declares %d role(s); roles are created or altered only with --manage-roles\n", len(desired.Realm.Roles))
		return nil
	}
	names := make([]string, len(desired.Realm.Roles))
	for i, r := range desired.Realm.Roles {
		names[i] = r.Name
	}
	roles, err := inspect.Roles(ctx, conn, names)
	if err != nil {
		return err
	}
	current.Realm.Roles = roles
	return nil
}

// loadStates loads the desired state of paths and inspects the database
// behind conn in the schemas it manages (and extra). The database is read
// while the desired state is canonicalised, as soon as the schemas to read
// are known: on a large schema the two take about as long, one mostly in
// the dev server, the other in the database's.
func loadStates(ctx context.Context, loader *state.Loader, paths []string, conn *pgx.Conn, extra []string) (desired, current *state.State, err error) {
	type reading struct {
		schemas []string
		current *state.State
		err     error
	}
	var early chan reading
	loader.OnSchemas = func(names []string) {
		schemas := mergeSchemas(names, extra)
		early = make(chan reading, 1)
		go func() {
			current, err := loader.Database(ctx, conn, schemas)
			early <- reading{schemas, current, err}
		}()
	}
	defer func() { loader.OnSchemas = nil }()
	desired, err = loader.Files(ctx, paths)
	var read reading
	if early != nil {
		read = <-early // also on error: conn must be free before it is closed
	}
	if err != nil {
		return nil, nil, err
	}
	managed := managedSchemas(desired, extra)
	if early != nil && slices.Equal(read.schemas, managed) {
		return desired, read.current, read.err
	}
	current, err = loader.Database(ctx, conn, managed)
	return desired, current, err
}

// lockTimeout maps the flag to plan.Options.LockTimeout, where a negative
// value means none.
func lockTimeout(c *cli.Context) (d time.Duration) {
	if d = c.Duration("lock-timeout"); d == 0 {
		return -1
	}
	return d
}

// managedSchemas lists the schemas a diff manages: those of the desired
// state and those named with --schema.
func managedSchemas(desired *state.State, extra []string) []string {
	var names []string
	for _, s := range desired.Realm.Schemas {
		names = append(names, s.Name)
	}
	return mergeSchemas(names, extra)
}

// mergeSchemas returns the sorted union of two lists of schema names.
func mergeSchemas(names, extra []string) []string {
	all := slices.Concat(names, extra)
	slices.Sort(all)
	return slices.Compact(all)
}

// checkUnsupported lists on stderr the objects of the managed schemas that
// schemactl cannot model. They are never silently ignored: when the desired
// state has some that the database lacks (or the other way round), the
// diff would need them, and it fails.
func checkUnsupported(stderr io.Writer, current, desired *state.State) error {
	for _, u := range current.Unsupported {
		fmt.Fprintf(stderr, "schemactl: not managed (in the database): %s\n", u)
	}
	for _, u := range desired.Unsupported {
		fmt.Fprintf(stderr, "schemactl: not managed (in the desired state): %s\n", u)
	}
	if len(desired.Unsupported) == 0 {
		// An HCL desired state cannot declare such objects; those in the
		// database are left alone.
		return nil
	}
	key := func(u inspect.Unsupported) string { return u.String() }
	have := map[string]bool{}
	for _, u := range current.Unsupported {
		have[key(u)] = true
	}
	var missing []string
	for _, u := range desired.Unsupported {
		if !have[key(u)] {
			missing = append(missing, u.String())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the desired state has objects schemactl cannot create yet, so it cannot reach it: %s", strings.Join(missing, ", "))
	}
	return nil
}
