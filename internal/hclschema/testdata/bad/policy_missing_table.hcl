schema "public" {}
table "docs" {
  schema = schema.public
  column "id" { type = integer }
}
policy "docs_read" {
  on    = table.doc
  for   = SELECT
  to    = [PUBLIC]
  using = "true"
}
policy "docs_bad" {
  on  = table.docs
  as  = SOMETIMES
  for = SELECT
}
