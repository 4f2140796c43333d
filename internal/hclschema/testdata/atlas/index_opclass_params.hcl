# An operator class with parameters, written sql("name(param=value)") as
# Atlas's index-operator-class archive does; the mixed-case GiST too.
schema "public" {}

table "docs" {
  schema = schema.public
  column "body" {
    type = tsvector
  }
  index "docs_body" {
    type = GiST
    on {
      column = column.body
      ops    = sql("tsvector_ops(siglen=8)")
    }
  }
}
