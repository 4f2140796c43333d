schema "public" {}
permission {
  for        = function.append_audit
  to         = PUBLIC
  privileges = []
}
