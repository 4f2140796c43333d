package lint

var ruleSyntaxError = &Rule{
	ID:          "syntax-error",
	Category:    CategoryMigration,
	Severity:    Error,
	Summary:     "A statement that PostgreSQL's parser rejects; the statements from it to the end of the file are not linted.",
	Alternative: "fix the statement (psql meta-commands such as \\set or \\connect are not SQL and fail under migration runners too)",
}
