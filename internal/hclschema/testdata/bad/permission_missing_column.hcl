schema "public" {}
table "accounts" {
  schema = schema.public
  column "email" {
    type = text
  }
}
permission {
  for        = table.accounts.column.emial
  to         = "support"
  privileges = [SELECT]
}
