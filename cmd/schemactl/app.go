package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/apply"
)

// Exit codes shared by every command (design.md, "Command line").
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// exitCodeError carries a specific exit code out of a command action without
// printing anything more: the action has already written what the user needs.
type exitCodeError struct {
	code int
	err  error // optional message printed on stderr
}

func (e *exitCodeError) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return fmt.Sprintf("exit status %d", e.code)
}

func (e *exitCodeError) Unwrap() error { return e.err }

// usageError marks an error as the user's misuse of the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// run is the whole program behind main, testable in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	if err := app.RunContext(ctx, args); err != nil {
		return report(stderr, err)
	}
	return exitOK
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:                 "schemactl",
		Usage:                "declarative schema management for PostgreSQL",
		Writer:               stdout,
		ErrWriter:            stderr,
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		// urfave/cli's default handler calls os.Exit; report decides instead.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return &usageError{msg: err.Error()}
		},
		Commands: commands(),
	}
}

// report prints err on stderr and returns the exit code it stands for.
func report(stderr io.Writer, err error) int {
	var diags hcl.Diagnostics
	var code *exitCodeError
	var usage *usageError
	var applyErr *apply.Error
	var config *configError
	switch {
	case errors.As(err, &config):
		// A project file that cannot be used is a usage error: nothing ran.
		writeDiagnostics(stderr, config.diags)
		return exitUsage
	case errors.As(err, &diags):
		writeDiagnostics(stderr, diags)
		return exitError
	case errors.As(err, &applyErr):
		// Already "file:line:col: error: ...", like a diagnostic.
		fmt.Fprintln(stderr, applyErr)
		return exitError
	case errors.As(err, &code):
		if code.err != nil {
			fmt.Fprintf(stderr, "schemactl: %v\n", code.err)
		}
		return code.code
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "schemactl: %s\n", usage.msg)
		return exitUsage
	case isCLIUsageError(err):
		fmt.Fprintf(stderr, "schemactl: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "schemactl: %v\n", err)
		return exitError
	}
}

// isCLIUsageError recognises the flag errors urfave/cli returns without
// passing through OnUsageError (unknown commands, missing required flags).
func isCLIUsageError(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "Required flag") ||
		strings.HasPrefix(msg, "Required flags") ||
		strings.HasPrefix(msg, "flag provided but not defined") ||
		strings.HasPrefix(msg, "No help topic")
}

// writeDiagnostics prints one line per diagnostic: file:line:col: severity: summary: detail.
func writeDiagnostics(w io.Writer, diags hcl.Diagnostics) {
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		if d.Subject != nil {
			fmt.Fprintf(w, "%s:%d:%d: %s: %s\n", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, sev, msg)
		} else {
			fmt.Fprintf(w, "%s: %s\n", sev, msg)
		}
	}
}
