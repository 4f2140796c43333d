schema "public" {}

tabel "users" {
  schema = schema.public
}
