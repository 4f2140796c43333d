migrations {
  dir = "migrations"
