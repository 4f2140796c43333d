schema "public" {}

table "users" {
  schema = schema.public
  column "email" {
    type = text
  }
  index "users_email_idx" {
    columns = [column.email]
    on {
      expr = "lower(email)"
    }
  }
}
