package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/rehearsal"
)

func applyCommand() *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "apply the statements that turn a database into the desired state",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			urlFlag, toFlag, schemaFlag, devURLFlag, lockTimeoutFlag, managePrivilegesFlag, manageRolesFlag, includeRunnerTableFlag,
			&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking"},
			&cli.BoolFlag{Name: "allow-destructive", Usage: "allow statements that lose data (DROP TABLE, DROP COLUMN, narrowing type changes)"},
			&cli.BoolFlag{Name: "skip-rehearsal", Usage: "do not rehearse the plan in the dev database first"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("apply takes no arguments, got %q", c.Args().First())
			}
			stdout, stderr := c.App.Writer, c.App.ErrWriter
			p, conn, err := planToDesired(c, stderr, !c.Bool("skip-rehearsal"))
			if err != nil {
				return err
			}
			defer conn.Close(context.Background())
			defer p.Close()
			if planHook != nil {
				planHook(p.Plan)
			}
			if len(p.Statements) == 0 {
				fmt.Fprintln(stderr, "schemactl: no changes: the database is in the desired state")
				return nil
			}
			if err := p.WriteSQL(stdout); err != nil {
				return err
			}
			if destructive := destructiveStatements(p.Plan); len(destructive) > 0 && !c.Bool("allow-destructive") {
				return fmt.Errorf("the plan loses data and --allow-destructive is not set; nothing was applied:\n\t%s", strings.Join(destructive, "\n\t"))
			}
			if !c.Bool("skip-rehearsal") {
				if err := rehearse(c.Context, p, stderr); err != nil {
					return err
				}
			}
			if !c.Bool("auto-approve") {
				ok, err := confirm(c, fmt.Sprintf("Apply these %d statements to %s? Type yes to go on: ", len(p.Statements), redactURL(describeTarget(c))))
				if err != nil {
					return err
				}
				if !ok {
					return &exitCodeError{code: exitError, err: errors.New("not approved; nothing was applied")}
				}
			}
			done := 0
			err = apply.RunPlan(c.Context, conn, p.Plan, func(int) { done++ })
			if err != nil {
				return fmt.Errorf("apply: %w\n\t%d of %d statements were applied and committed", err, done, len(p.Statements))
			}
			fmt.Fprintf(stderr, "schemactl: applied %d statements\n", len(p.Statements))
			return nil
		},
	}
}

// planHook, when set (by tests), changes the plan before apply rehearses
// and runs it, to make a plan that is wrong on purpose.
var planHook func(*plan.Plan)

// rehearse runs p in the dev database it was made with, before it may
// run on the target; a failure there is the command's: nothing was
// applied.
func rehearse(ctx context.Context, p *planned, stderr io.Writer) error {
	report, err := rehearsal.Run(ctx, p.loader, p.current, p.desired, p.Plan, rehearsal.Options{Schemas: p.schemas, Diff: p.diffOpts})
	if err != nil {
		fmt.Fprintln(stderr, "schemactl: the rehearsal in the dev database failed, so nothing was applied (--skip-rehearsal skips it):")
		fmt.Fprintln(stderr, err)
		return &exitCodeError{code: exitError}
	}
	fmt.Fprintf(stderr, "schemactl: %s\n", report)
	return nil
}

// destructiveStatements describes the statements of p that lose data.
func destructiveStatements(p *plan.Plan) []string {
	var out []string
	for _, s := range p.Statements {
		if s.Destructive {
			out = append(out, s.Comment)
		}
	}
	return out
}

// confirm asks a yes/no question on stderr and reads the answer from the
// command's standard input. Anything but "yes" or "y" is a no, and so is
// the end of the input.
func confirm(c *cli.Context, question string) (bool, error) {
	fmt.Fprint(c.App.ErrWriter, question)
	line, err := bufio.NewReader(c.App.Reader).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(c.App.ErrWriter)
		return false, nil
	}
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "yes" || answer == "y", nil
}

// describeTarget names the database being changed for the prompt.
func describeTarget(c *cli.Context) string {
	if u := c.String("url"); u != "" {
		return u
	}
	return "the database of DATABASE_URL / PG* variables"
}
