schema "public" {}
table "t" {
  schema = schema.public
  column "id" {
    type = int
  }
}
sequence "s" {
  schema   = schema.public
  owned_by = table.t.column.id
  owner    = table.t.column.id
}
