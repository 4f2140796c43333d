# Types of extensions written as bare words, as Atlas reads them: a word
# that names no built-in type names a user-defined type (Atlas's unit test
# TestTypes: type = hstore). The dev database says whether it exists.
schema "public" {}

extension "hstore" {
  schema = schema.public
}

extension "citext" {
  schema = schema.public
}

table "profiles" {
  schema = schema.public
  column "tags" {
    type = hstore
  }
  column "email" {
    type = citext
  }
  column "aliases" {
    type = sql("citext[]")
  }
}
