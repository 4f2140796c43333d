schema "public" {}

enum "status" {
  schema = schema.public
  values = ["new", "done"]
}

permission {
  for        = enum.stat
  to         = "app"
  privileges = [USAGE]
}
