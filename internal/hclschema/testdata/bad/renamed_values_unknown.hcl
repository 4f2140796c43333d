schema "public" {}

enum "status" {
  schema         = schema.public
  values         = ["active", "archived"]
  renamed_values = { archive = "deleted" }
}
