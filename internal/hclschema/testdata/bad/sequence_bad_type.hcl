schema "public" {}

sequence "order_numbers" {
  schema = schema.public
  type   = text
}
