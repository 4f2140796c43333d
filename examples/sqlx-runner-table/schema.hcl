# Accounts, kept by sqlx migrations. One migration edits sqlx's own
# bookkeeping table, _sqlx_migrations, which schemactl's replay creates as
# sqlx does and leaves out of the schema, the dump and the diff.

schema "public" {}

table "accounts" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "email" {
    type = text
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  unique "accounts_email_key" {
    columns = [column.email]
  }
}
