# Lint settings for this project (see docs/lint.md in schemactl).

# With --url, findings on tables under this many estimated rows are info.
small_table_rows = 10000

# This team keeps varchar(n) columns on purpose.
rule "prefer-text" {
  enabled = false
}
