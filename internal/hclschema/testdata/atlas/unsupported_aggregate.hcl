# Not supported: aggregate blocks; the model has no aggregates.
schema "public" {}

aggregate "sum_of" {
  schema = schema.public
  arg {
    type = int
  }
  state_type = bigint
  state_func = "int8pl"
}
