schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  primary_key {
    columns    = [column.id]
    deferrable = true
  }
}

table "posts" {
  schema = schema.public
  column "author_id" {
    type = bigint
  }
  foreign_key "posts_author_id_fkey" {
    columns     = [column.author_id]
    ref_columns = [table.users.column.id]
  }
}
