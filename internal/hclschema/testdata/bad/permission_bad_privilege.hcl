schema "public" {}
sequence "n" {
  schema = schema.public
}
permission {
  for        = sequence.n
  to         = PUBLIC
  privileges = [EXECUTE]
}
default_privilege {
  for_role   = "owner"
  schema     = schema.public
  on         = SCHEMAS
  to         = "app"
  privileges = [USAGE]
}
