schema "public" {}

table "events" {
  schema = schema.public
  column "at" {
    type = timestamptz
  }
  partition {
    type    = RANGE
    columns = [column.at]
  }
}

table "events_2024" {
  schema       = schema.public
  partition_of = table.events
}
