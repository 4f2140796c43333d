default_env = "dev"
src         = "schema.hcl"

env "dev" {
  url = "postgres://localhost/dev"
  migrations {
    dir = "migrations"
  }
}
