# Generated columns: the as attribute and the as block.
schema "public" {}

table "items" {
  schema = schema.public
  column "price" {
    type = numeric(10, 2)
  }
  column "qty" {
    type = int
  }
  column "one" {
    type = int
    as   = "1"
  }
  column "total" {
    type = numeric(12, 2)
    as {
      expr = "price * qty"
      type = STORED
    }
  }
  column "label" {
    type = text
    null = true
    as   = "'item ' || qty::text"
  }
}
