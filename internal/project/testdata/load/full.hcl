# env: staging
# Top-level settings apply to every env; an env block replaces what it sets.
migrations {
  dir    = "migrations"
  format = "sqlx"
}
to      = ["schema.hcl"]
dev_url = getenv("TEST_DEV_URL")
schemas = ["public"]

lint {
  small_table_rows = 5000
  rule "prefer-text" {
    enabled = false
  }
}

env "dev" {
  url = "postgres://app@localhost/app_dev"
}

env "staging" {
  url              = getenv("STAGING_URL")
  accept_unmanaged = ["event trigger"]
}
