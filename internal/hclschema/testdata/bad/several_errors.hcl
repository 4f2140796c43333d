schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
  index "users_email_idx" {
    columns = [column.mail]
  }
  foreign_key "users_org_fkey" {
    columns     = [column.org]
    ref_columns = [table.orgs.column.id]
  }
}
