schema "public" {}

table "events" {
  schema = schema.public
  column "at" {
    type = timestamptz(9)
  }
}
