schema "public" {}
table "accounts" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}
permission {
  for        = table.acounts
  to         = "app"
  privileges = [SELECT]
}
