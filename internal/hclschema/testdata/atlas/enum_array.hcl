# Array columns of a user enum, written sql("status[]") as Atlas's tests do,
# in a schema other than public.
schema "app" {}

enum "status" {
  schema = schema.app
  values = ["active", "inactive"]
}

table "accounts" {
  schema = schema.app
  column "a" {
    type = int
  }
  column "statuses" {
    type = sql("status[]")
  }
  column "history" {
    type = sql("app.status[][]")
    null = true
  }
  column "status" {
    type = enum.status
  }
}
