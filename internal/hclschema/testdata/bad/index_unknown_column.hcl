schema "public" {}

table "users" {
  schema = schema.public
  column "email" {
    type = text
  }
  index "users_email" {
    columns = [column.emial]
  }
}
