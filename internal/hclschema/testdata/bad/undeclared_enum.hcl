schema "public" {}

enum "status" {
  schema = schema.public
  values = ["on", "off"]
}

table "users" {
  schema = schema.public
  column "state" {
    type = enum.stauts
  }
}
