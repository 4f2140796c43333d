schema "public" {}

table "events" {
  schema = schema.public
  column "region" {
    type = text
  }
  column "kind" {
    type = text
  }
  partition {
    type    = LIST
    columns = [column.region, column.kind]
  }
}
