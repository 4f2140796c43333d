schema "public" {}

table "users" {
  schema = schema.pubic
  column "id" {
    type = bigint
  }
}
