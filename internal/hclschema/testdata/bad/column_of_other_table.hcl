schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}

table "posts" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  index "posts_user_idx" {
    columns = [table.users.column.id]
  }
}
