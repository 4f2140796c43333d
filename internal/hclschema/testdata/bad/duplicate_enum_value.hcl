schema "public" {}

enum "status" {
  schema = schema.public
  values = ["active", "paused", "active"]
}
