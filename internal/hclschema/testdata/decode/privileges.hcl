schema "public" {}
schema "app" {}
role "reader" {
  comment = "read only"
}
role "writer" {
  login     = true
  member_of = [role.reader, "outside"]
}
table "accounts" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
}
function "f" {
  schema = schema.public
  lang   = SQL
  arg "a" {
    type = integer
  }
  return = integer
  as     = "SELECT a"
}
function "f" {
  schema = schema.public
  lang   = SQL
  arg "a" {
    type = text
  }
  return = integer
  as     = "SELECT 1"
}
permission {
  for        = table.accounts
  to         = role.reader
  privileges = [SELECT]
}
permission {
  for        = table.accounts
  to         = role.reader
  privileges = [INSERT]
  grantable  = true
}
permission {
  for        = table.accounts.column.email
  to         = "support"
  privileges = [update, "SELECT"]
}
permission {
  for        = function.f
  args       = "text"
  to         = PUBLIC
  privileges = []
}
permission {
  for        = schema.app
  to         = role.writer
  privileges = [USAGE, CREATE]
}
default_privilege {
  for_role   = "owner"
  schema     = schema.app
  on         = TABLES
  to         = role.reader
  privileges = [SELECT]
}
default_privilege {
  for_role   = "owner"
  on         = FUNCTIONS
  to         = PUBLIC
  privileges = []
}
