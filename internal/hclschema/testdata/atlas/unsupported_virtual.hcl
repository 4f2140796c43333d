# Not supported: VIRTUAL generated columns (PostgreSQL 18); the model has
# stored ones only.
schema "public" {}

table "t" {
  schema = schema.public
  column "a" {
    type = int
  }
  column "b" {
    type = int
    as {
      expr = "a * 2"
      type = VIRTUAL
    }
  }
}
