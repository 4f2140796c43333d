schema "public" {}
table "items" {
  schema = schema.public
  column "id" { type = bigint }
  column "price" { type = numeric }
  check "items_price_check" { expr = "price >= 0" }
  row_security {
    enabled  = true
    enforced = true
  }
}
table "books" {
  schema   = schema.public
  inherits = [table.items]
  column "id" {
    type      = bigint
    inherited = true
  }
  column "price" {
    type      = numeric
    null      = false
    inherited = true
  }
  column "pages" { type = integer }
}
policy "items_read" {
  on    = table.items
  as    = RESTRICTIVE
  for   = SELECT
  to    = [role.reader, "Auditor", PUBLIC]
  using = "price > 0"
  check = sql("id > 0")
  comment = "readers"
}
