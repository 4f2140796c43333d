package main

import "github.com/urfave/cli/v2"

// commands lists every top-level command; each lives in a file of its own.
func commands() []*cli.Command {
	return []*cli.Command{
		fmtCommand(),
		withProject(inspectCommand(), projectUse{settings: []projectSetting{projectURL}}),
		withProject(diffCommand(), projectUse{settings: diffSettings}),
		withProject(applyCommand(), projectUse{settings: diffSettings}),
		dumpCommand(),
		withProject(lintCommand(), projectUse{}),
		migrateCommand()}
}

// diffSettings are what diff and apply take from the project file.
var diffSettings = []projectSetting{projectURL, projectTo, projectSchemas, projectDevURL}
