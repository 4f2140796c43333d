# Interval types with fields, as Atlas writes them (bare words) and as SQL.
schema "public" {}

table "durations" {
  schema = schema.public
  column "plain" {
    type    = interval
    default = "3 hours"
  }
  column "precise" {
    type = interval(1)
  }
  column "secs" {
    type = second
  }
  column "secs1" {
    type = second(1)
  }
  column "d2s" {
    type = day_to_second(4)
    null = true
  }
  column "y" {
    type = year
  }
  column "m" {
    type = month
  }
  column "ym" {
    type = year_to_month
  }
  column "h2m" {
    type = hour_to_minute
  }
  column "m2s" {
    type = minute_to_second(2)
  }
  column "as_sql" {
    type = sql("interval day to second(3)")
  }
  column "as_sql_array" {
    type = sql("interval hour to second[]")
    null = true
  }
}
