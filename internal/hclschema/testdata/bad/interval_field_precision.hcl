schema "public" {}

table "t" {
  schema = schema.public
  column "a" {
    type = day(3)
  }
  column "b" {
    type = sql("interval minute to second(9)")
  }
}
