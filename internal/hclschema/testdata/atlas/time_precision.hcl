# time and timestamp types with and without precision.
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
  column "ttz2" {
    type = timetz(2)
  }
  column "t_long" {
    type = time_without_time_zone(1)
  }
  column "d" {
    type = date
  }
}
