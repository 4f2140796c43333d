schema "public" {}

table "users" {
  schema = schema.public
  column "created_at" {
    type    = timestamptz
    default = sql("now()", "utc")
  }
}
