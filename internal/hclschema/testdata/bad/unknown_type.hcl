schema "public" {}

table "users" {
  schema = schema.public
  column "name" {
    type = varchr(255)
  }
}
