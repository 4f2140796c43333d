schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  primary_key {
    columns = [column.id]
  }
}

table "posts" {
  schema = schema.public
  column "author" {
    type = bigint
  }
  foreign_key "posts_author_fkey" {
    columns     = [column.author]
    ref_columns = [table.users.column.id]
    match       = PARTIAL
  }
}
