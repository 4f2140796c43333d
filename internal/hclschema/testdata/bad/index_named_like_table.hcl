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
  index "users" {
    columns = [column.id]
  }
}
