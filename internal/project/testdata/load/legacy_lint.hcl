small_table_rows = 10000

rule "prefer-text" {
  enabled = false
}
