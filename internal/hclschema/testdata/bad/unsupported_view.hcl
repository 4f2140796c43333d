schema "public" {}

view "active_users" {
  schema = schema.public
  as     = "SELECT 1"
}
