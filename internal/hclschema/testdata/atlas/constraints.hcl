# Keys, foreign key actions, checks, identity, defaults, comments and range
# partitioning as Atlas's test archives write them.
schema "public" {
  comment = "standard public schema"
}

table "users" {
  schema  = schema.public
  comment = "people"
  column "id" {
    type = int
    identity {
      generated = ALWAYS
      start     = 10
      increment = 10
    }
  }
  column "name" {
    type    = varchar(100)
    default = "unknown"
    comment = "display name"
  }
  column "age" {
    type = int
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  check "users_age_check" {
    expr = "age > 0"
  }
}

table "posts" {
  schema = schema.public
  column "id" {
    type = int
  }
  column "author_id" {
    type = int
    null = true
  }
  column "created" {
    type    = timestamp
    default = sql("now()")
  }
  primary_key {
    columns = [column.id, column.created]
  }
  foreign_key "posts_author_fk" {
    columns     = [column.author_id]
    ref_columns = [table.users.column.id]
    on_update   = NO_ACTION
    on_delete   = SET_NULL
  }
  partition {
    type    = RANGE
    columns = [column.created]
  }
}
