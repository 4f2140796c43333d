schema "public" {}

sequence "order_numbers" {
  schema    = schema.public
  increment = 0
}
