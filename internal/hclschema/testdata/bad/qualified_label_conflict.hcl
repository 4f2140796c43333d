schema "a" {}
schema "b" {}

table "a" "users" {
  schema = schema.b
  column "id" {
    type = int
  }
}

enum "c" "status" {
  values = ["x"]
}
