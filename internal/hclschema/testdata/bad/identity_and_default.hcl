schema "public" {}

table "users" {
  schema = schema.public
  column "id" {
    type    = bigint
    default = 1
    identity {
      generated = ALWAYS
    }
  }
}
