schema "public" {}

table "items" {
  schema = schema.public
  column "price" {
    type = numeric
  }
  check "items_price" {
    expr = "price > 0"
  }
  check "items_price" {
    expr = "price < 1000"
  }
}
