schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
  primary_key {
    columns = [column.id]
  }
  index "users_email_idx" {
    columns = [column.email]
  }
}

table "posts" {
  schema = schema.public
  column "author_email" {
    type = text
  }
  foreign_key "posts_author_email_fkey" {
    columns     = [column.author_email]
    ref_columns = [table.users.column.email]
  }
}
