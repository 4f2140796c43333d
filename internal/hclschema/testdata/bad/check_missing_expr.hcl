schema "public" {}

table "items" {
  schema = schema.public
  column "price" {
    type = numeric
  }
  check "items_price_positive" {
    comment = "no free lunch"
  }
}
