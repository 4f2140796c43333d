package main

import "github.com/urfave/cli/v2"

// commands lists every top-level command; each lives in a file of its own.
func commands() []*cli.Command {
	return []*cli.Command{
		fmtCommand(),
		inspectCommand(),
		diffCommand(),
		applyCommand(),
		dumpCommand(),
		lintCommand(),
		migrateCommand()}
}
