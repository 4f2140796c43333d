schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}

table "orgs" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}

table "posts" {
  schema = schema.public
  column "author" {
    type = bigint
  }
  column "org" {
    type = bigint
  }
  foreign_key "posts_author_fkey" {
    columns     = [column.author, column.org]
    ref_columns = [table.users.column.id, table.orgs.column.id]
  }
}
