package lint

var ruleMigrationOrder = &Rule{
	ID:          "migration-order",
	Category:    CategoryMigration,
	Severity:    Error,
	Summary:     "A new migration whose version is older than the newest migration at the --git-base revision: databases that are already past that version skip it or refuse to migrate (golang-migrate never runs it; goose and Flyway stop unless out-of-order runs are allowed).",
	Alternative: "give the migration a version newer than every merged one (rename the file, e.g. with a fresh timestamp)",
}
