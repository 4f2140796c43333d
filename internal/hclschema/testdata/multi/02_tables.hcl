table "members" {
  schema = schema.public
  column "user_id" {
    type = bigint
  }
  column "role" {
    type = enum.role
  }
  foreign_key "members_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
  }
}
