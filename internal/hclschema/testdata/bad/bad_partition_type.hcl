schema "public" {}

table "events" {
  schema = schema.public
  column "at" {
    type = timestamptz
  }
  partition {
    type    = RANG
    columns = [column.at]
  }
}
