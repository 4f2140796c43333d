package lint

var ruleUnusedSuppression = &Rule{
	ID:          "unused-suppression",
	Category:    CategoryMigration,
	Severity:    Warning,
	Summary:     "A -- schemactl:ignore or ignore-file comment that suppresses nothing, names an unknown rule, or is not on the line before a statement.",
	Alternative: "remove the comment, or fix the rule name or its placement (the line just before the statement)",
}
