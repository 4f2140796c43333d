schema "public" {}
role "reader" {}
table "accounts" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}
permission {
  for        = table.accounts
  to         = role.raeder
  privileges = [SELECT]
}
