schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type = text
    identity {
      generated = ALWAYS
    }
  }
}
