# BRIN indexes with Atlas's page_per_range.
schema "public" {}

table "events" {
  schema = schema.public
  column "at" {
    type = timestamptz
  }
  column "n" {
    type = bigint
  }
  index "events_at" {
    type           = BRIN
    columns        = [column.at]
    page_per_range = 2
  }
  index "events_n" {
    type           = BRIN
    columns        = [column.n]
    page_per_range = 64
    storage_params = { autosummarize = true }
  }
  index "events_plain" {
    type    = BRIN
    columns = [column.at, column.n]
  }
}
