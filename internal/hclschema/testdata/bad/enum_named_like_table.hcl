schema "public" {}

table "status" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}

enum "status" {
  schema = schema.public
  values = ["on", "off"]
}
