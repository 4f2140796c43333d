package main

import "github.com/urfave/cli/v2"

// migrateCommand groups the commands that work on a migrations directory;
// each subcommand lives in a file of its own (migrate_lint.go, ...).
func migrateCommand() *cli.Command {
	return &cli.Command{
		Name:  "migrate",
		Usage: "work with a migrations directory (sqlx, golang-migrate, goose, dbmate or Flyway)",
		Subcommands: []*cli.Command{
			// migrate diff's --url is where to start from, not the project's
			// database: it is never taken from the file.
			withProject(migrateDiffCommand(), projectUse{allowMissingDir: true, flagsAfterArgs: true, settings: []projectSetting{
				projectDir, projectFormat("format"), projectTo, projectSchemas, projectDevURL, projectDump}}),
			withProject(migrateCheckCommand(), projectUse{settings: []projectSetting{
				projectDir, projectFormat("dir-format"), projectTo, projectSchemas, projectDevURL, projectDump, projectAccept}}),
			withProject(migrateHashCommand(), projectUse{settings: []projectSetting{projectDir, projectFormat("dir-format")}}),
			// migrate lint's --url reads table sizes: it is not taken from
			// the file either, so that lint never connects by surprise.
			withProject(migrateLintCommand(), projectUse{settings: []projectSetting{projectDir, projectFormat("dir-format")}}),
			// status and apply act on the project's database: --url may
			// come from the env's url.
			withProject(migrateStatusCommand(), projectUse{settings: []projectSetting{
				projectURL, projectDir, projectFormat("dir-format"), projectDevURL}}),
			withProject(migrateApplyCommand(), projectUse{settings: []projectSetting{
				projectURL, projectDir, projectFormat("dir-format"), projectDevURL}}),
			migrateInitCommand(),
		},
	}
}
