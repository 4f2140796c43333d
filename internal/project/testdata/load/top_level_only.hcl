migrations {
  dir    = "migrations"
  format = "goose"
  dump   = "schema.sql"
}
to = "schema.hcl"
