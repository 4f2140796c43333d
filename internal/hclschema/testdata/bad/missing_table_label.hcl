schema "public" {}

table {
  schema = schema.public
}
