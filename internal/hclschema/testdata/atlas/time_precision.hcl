# time, timestamp and interval types with and without precision. Atlas
# takes 6, the most PostgreSQL keeps, for no precision at all:
# timestamp(6) builds timestamp (index-issue-557.txtar shows it with \d).
schema "public" {}

table "clock" {
  schema = schema.public
  column "ts" {
    type    = timestamp
    default = sql("CURRENT_TIMESTAMP")
  }
  column "ts4" {
    type    = timestamp(4)
    default = sql("CURRENT_TIMESTAMP(4)")
  }
  column "tstz4" {
    type    = timestamp_with_time_zone(4)
    default = sql("CURRENT_TIMESTAMP(4)")
  }
  column "ts6" {
    type = timestamp(6)
  }
  column "tstz6" {
    type = timestamptz(6)
  }
  column "tstz0" {
    type = timestamptz(0)
  }
  column "t" {
    type = time
  }
  column "t3" {
    type = time(3)
  }
  column "t6" {
    type = time(6)
  }
  column "ttz2" {
    type = timetz(2)
  }
  column "ttz6" {
    type = sql("time(6) with time zone")
  }
  column "t_long" {
    type = time_without_time_zone(1)
  }
  column "i6" {
    type = interval(6)
  }
  column "ds6" {
    type = day_to_second(6)
  }
  column "ts6s" {
    type = sql("timestamp(6)[]")
  }
  column "d" {
    type = date
  }
}
