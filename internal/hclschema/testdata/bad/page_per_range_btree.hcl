schema "public" {}

table "t" {
  schema = schema.public
  column "a" {
    type = int
  }
  index "t_a" {
    columns        = [column.a]
    page_per_range = 4
  }
  index "t_a2" {
    type           = BRIN
    columns        = [column.a]
    page_per_range = 4
    storage_params = { pages_per_range = 8 }
  }
}
