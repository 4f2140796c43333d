schema "public" {}

table "orders" {
  schema = schema.public
  column "number" {
    type = bigint
  }
}

sequence "order_numbers" {
  schema   = schema.public
  owned_by = table.orders.column.numbr
}
