schema "public" {}

aggregate "total" {
  schema = schema.public
}
