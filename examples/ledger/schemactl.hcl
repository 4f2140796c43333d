# schemactl project file (docs/project.md): the settings every command reads,
# so that `schemactl migrate diff NAME`, `migrate check` and `migrate lint` need no flags.

migrations {
  dir    = "migrations"
  format = "sqlx"
}

to = ["schema.hcl"]

# dev_url = getenv("SCHEMACTL_DEV_URL") # default: a throwaway local server

# env "prod" {
#   url = getenv("PROD_DATABASE_URL")
# }
