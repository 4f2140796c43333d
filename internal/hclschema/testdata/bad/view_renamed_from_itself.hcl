schema "public" {}

view "names" {
  schema       = schema.public
  renamed_from = "names"
  as           = "SELECT 1 AS one"
}
