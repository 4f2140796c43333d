schema "public" {}

table "users" {
  schema = schema.public
  column "email" {
    type = text
  }
  unique "users_email_key" {
    columns            = [column.email]
    initially_deferred = true
  }
}
