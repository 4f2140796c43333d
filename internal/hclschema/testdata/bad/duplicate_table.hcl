schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}

table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}
