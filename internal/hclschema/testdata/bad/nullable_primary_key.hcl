schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
    null = true
  }
  primary_key {
    columns = [column.id]
  }
}
