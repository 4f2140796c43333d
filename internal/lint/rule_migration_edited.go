package lint

var ruleMigrationEdited = &Rule{
	ID:          "migration-edited",
	Category:    CategoryMigration,
	Severity:    Error,
	Summary:     "A migration that exists at the --git-base revision was changed or deleted: databases that applied it will not apply the change, and sqlx, Flyway and others refuse a changed checksum.",
	Alternative: "leave applied migrations as they are and write a new migration for the change",
}
