schema "public" {}

table "users" {
  schema = schema.public
  colum "id" {
    type = bigint
  }
}
