schema "public" {}

table "a_table_whose_name_is_far_too_long_for_postgresql_to_keep_it_whole" {
  schema = schema.public
  column "id" {
    type = bigint
  }
}
