schema "public" {}

enum "role" {
  schema = schema.public
  values = ["reader", "writer"]
}
