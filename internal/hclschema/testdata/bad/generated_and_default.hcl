schema "public" {}

table "items" {
  schema = schema.public
  column "price" {
    type = numeric
  }
  column "total" {
    type    = numeric
    default = 0
    as {
      expr = "price * 2"
    }
  }
}
