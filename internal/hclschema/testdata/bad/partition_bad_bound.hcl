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
  bound        = sql("FROM ('2024-01-01') TO ('2025-01-01')")
}
