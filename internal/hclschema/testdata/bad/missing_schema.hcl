schema "public" {}

table "users" {
  column "id" {
    type = bigint
  }
}
