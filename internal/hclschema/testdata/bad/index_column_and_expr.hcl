schema "public" {}

table "users" {
  schema = schema.public
  column "email" {
    type = text
  }
  index "users_email_idx" {
    on {
      column = column.email
      expr   = "lower(email)"
    }
  }
}
