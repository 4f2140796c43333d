package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/state"
)

// dirFlag names the migrations directory of migrate diff, check and hash.
var dirFlag = &cli.StringFlag{Name: "dir", Required: true, Usage: "migrations `DIR`"}

func migrateDiffCommand() *cli.Command {
	return withFlagsAfterArgs(&cli.Command{
		Name:      "diff",
		Usage:     "write the next migration: from the replay of DIR (or the database at --url) to the desired state",
		ArgsUsage: "NAME",
		Description: "Replays the migrations of DIR in the dev database, in version order and as their\n" +
			"runner runs them, plans the statements that reach the desired state, and writes them\n" +
			"as the next migration named NAME. A statement that cannot run in a transaction goes\n" +
			"alone into a file of its own, in the format's no-transaction form (sqlx: a file that\n" +
			"starts with -- no-transaction), with the next version. The new files are replayed\n" +
			"before anything is written; then DIR/schemactl.sum and the derived dump (beside DIR,\n" +
			"or --dump) are updated, and the dump's diff is printed. With --url, the migration\n" +
			"starts from that database instead of the replay. Refuses to run when DIR does not\n" +
			"match its schemactl.sum. With no changes, nothing is written.",
		// --dir and --to are required, but checked by the action: urfave/cli
		// checks required flags before withFlagsAfterArgs can put the flags
		// that follow NAME in their place.
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "migrations `DIR` (required)"},
			&cli.StringSliceFlag{Name: "to", Usage: toFlag.Usage + " (required)"},
			schemaFlag, devURLFlag, lockTimeoutFlag, managePrivilegesFlag, includeRunnerTableFlag,
			&cli.StringFlag{Name: "url", Usage: "start from the database at `URL` instead of the replay of DIR"},
			&cli.StringFlag{Name: "format", Aliases: []string{"dir-format"}, Value: "auto", Usage: "directory format: auto (detect; sqlx for a new directory), sqlx, golang-migrate, goose, dbmate or flyway"},
			&cli.StringFlag{Name: "dump", Usage: "derived dump `PATH` (default: derived_schema.sql beside DIR)"},
			&cli.BoolFlag{Name: "reversible", Usage: "sqlx: write .up.sql and .down.sql pairs (automatic when DIR already has them)"},
		},
		Action: runMigrateDiff,
	})
}

// withFlagsAfterArgs lets cmd take flags after its arguments, as in
// `migrate diff NAME --dir DIR --to PATH`: urfave/cli v2 stops parsing
// flags at the first argument, so when flags follow one, the command is run
// again with the flags first. "--" still ends the flags.
func withFlagsAfterArgs(cmd *cli.Command) *cli.Command {
	action := cmd.Action
	cmd.Action = func(c *cli.Context) error {
		args := c.Args().Slice()
		flags, rest, moved := splitFlags(cmd, args)
		if !moved {
			return action(c)
		}
		nc := cli.NewContext(c.App, nil, c.Lineage()[1])
		nc.Command = cmd
		return cmd.Run(nc, append(append([]string{cmd.Name}, flags...), rest...)...)
	}
	return cmd
}

// splitFlags separates the flags (with their values) that args holds
// after its first argument from the other arguments; moved reports that
// there were any.
func splitFlags(cmd *cli.Command, args []string) (flags, rest []string, moved bool) {
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name := strings.TrimLeft(a, "-")
		if !strings.HasPrefix(a, "-") || a == "-" || name == "" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		moved = true
		if n, _, hasValue := strings.Cut(name, "="); !hasValue && takesValue[n] && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest, moved
}

func runMigrateDiff(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("migrate diff takes one argument, the migration's NAME")
	}
	for _, f := range []string{"dir", "to"} {
		if !c.IsSet(f) {
			return usagef("Required flag %q not set", f)
		}
	}
	format, err := migrate.ParseFormat(c.String("format"))
	if err != nil {
		return usagef("--format: %v", err)
	}
	ctx := c.Context
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	opts := migrate.DiffOptions{
		Dir: c.String("dir"), Format: format, Name: c.Args().First(),
		Schemas: c.StringSlice("schema"), LockTimeout: lockTimeout(c), ManagePrivileges: c.Bool("manage-privileges"),
		Reversible: c.Bool("reversible"), DumpPath: c.String("dump"),
		CheckStates: func(current, desired *state.State) error {
			return checkUnsupported(stderr, current, desired)
		},
	}
	loader := state.NewLoader(c.String("dev-url"))
	loader.KeepRunnerTables = c.Bool("include-runner-table")
	defer loader.Close()
	if u := c.String("url"); u != "" {
		// Connect first: an unreachable database should fail before the
		// dev database is started.
		conn, err := connect(ctx, u)
		if err != nil {
			return err
		}
		loader.TargetMajor = serverVersionNum(conn) / 10000
		loader.Stderr = stderr
		opts.Desired, opts.Current, err = loadStates(ctx, loader, c.StringSlice("to"), conn, opts.Schemas)
		conn.Close(context.Background())
		if err != nil {
			return err
		}
	} else if opts.Desired, err = loader.Files(ctx, c.StringSlice("to")); err != nil {
		return err
	}
	res, err := migrate.Diff(ctx, loader, opts)
	var drift *migrate.DriftError
	if errors.As(err, &drift) {
		fmt.Fprintln(stderr, "schemactl: after the new migration, the replay would still need:")
		writeStatements(stderr, drift.Remaining)
	}
	if err != nil {
		return explainReplay(stderr, err)
	}
	for _, n := range res.Dir.Ignored {
		fmt.Fprintf(stderr, "schemactl: not a %s migration name, ignored: %s\n", res.Dir.Format, n)
	}
	if len(res.Files) == 0 {
		fmt.Fprintf(stderr, "schemactl: no changes: the %s is in the desired state; nothing was written\n", currentName(c))
		return nil
	}
	for _, f := range res.Files {
		fmt.Fprintf(stdout, "%s: %s\n", filepath.Join(opts.Dir, f.Name), describeFile(f))
	}
	fmt.Fprintf(stdout, "%s: updated\n", res.SumPath)
	old := string(res.OldDump)
	if res.OldDump == nil {
		fmt.Fprintf(stdout, "%s: created\n", res.DumpPath)
	} else if old == string(res.NewDump) {
		fmt.Fprintf(stdout, "%s: unchanged\n", res.DumpPath)
	} else {
		fmt.Fprintf(stdout, "%s: updated\n", res.DumpPath)
	}
	if d := migrate.UnifiedDiff(filepath.ToSlash(res.DumpPath), filepath.ToSlash(res.DumpPath), old, string(res.NewDump)); d != "" {
		fmt.Fprintln(stdout)
		writeDiff(stdout, d)
	}
	if res.Remaining != nil {
		fmt.Fprintf(stderr, "schemactl: warning: replayed after the migrations of %s, the new migration does not reach the desired state, "+
			"so %s does not hold the history of the database at --url; `schemactl migrate check` fails until they agree. Still needed:\n", opts.Dir, opts.Dir)
		writeStatements(stderr, res.Remaining)
	}
	return nil
}

// explainReplay prints why a replay ran when PostgreSQL stopped it, and
// returns the server's error, which report prints as file:line:col.
func explainReplay(stderr io.Writer, err error) error {
	var re *migrate.ReplayError
	if errors.As(err, &re) {
		fmt.Fprintf(stderr, "schemactl: %s:\n", re.Reason)
		return re.Err
	}
	return err
}

// currentName names where a migration starts from, for messages.
func currentName(c *cli.Context) string {
	if c.String("url") != "" {
		return "database"
	}
	return "replay of " + c.String("dir")
}

// describeFile says what a new migration file holds.
func describeFile(f migrate.NewFile) string {
	switch {
	case f.Conf:
		return "Flyway configuration: executeInTransaction=false"
	case f.Down:
		return "down migration"
	}
	s := fmt.Sprintf("%d statements", f.Statements)
	if f.Statements == 1 {
		s = "1 statement"
	}
	if f.NoTransaction {
		s += ", outside a transaction"
	}
	return s
}

// writeStatements writes a plan's statements with their `--` lines,
// without BEGIN and COMMIT: a report, not a script.
func writeStatements(w io.Writer, p *plan.Plan) {
	for i, s := range p.Statements {
		if i > 0 {
			fmt.Fprintln(w)
		}
		plan.WriteStatement(w, s)
	}
}

// writeDiff writes a unified diff, coloured when w is a terminal and
// NO_COLOR is not set.
func writeDiff(w io.Writer, d string) {
	if colorful(w) {
		d = colorDiff(d)
	}
	io.WriteString(w, d)
}

// colorDiff colours the lines of a unified diff with ANSI escapes: file
// names bold, hunk headers cyan, removed lines red, added lines green.
func colorDiff(d string) string {
	const red, green, cyan, bold, reset = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"
	var b strings.Builder
	for _, line := range strings.SplitAfter(d, "\n") {
		text := strings.TrimSuffix(line, "\n")
		color := ""
		switch {
		case strings.HasPrefix(text, "--- "), strings.HasPrefix(text, "+++ "):
			color = bold
		case strings.HasPrefix(text, "@@"):
			color = cyan
		case strings.HasPrefix(text, "-"):
			color = red
		case strings.HasPrefix(text, "+"):
			color = green
		}
		if color == "" {
			b.WriteString(line)
			continue
		}
		b.WriteString(color + text + reset + line[len(text):])
	}
	return b.String()
}

// colorful reports whether w is a terminal that colour may be written to.
func colorful(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}
