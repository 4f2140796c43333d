migrations {
  dir = "migrations"
  fromat = "sqlx"
}
dev_ulr = "postgres://localhost/dev"
