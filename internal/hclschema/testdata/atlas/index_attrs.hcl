# Index attributes of Atlas's PostgreSQL driver: type, unique, nulls_distinct,
# include, where, on blocks with desc, ops and expressions.
schema "public" {}

table "pets" {
  schema = schema.public
  column "id" {
    type = int
  }
  column "name" {
    type = char(10)
  }
  column "tags" {
    type = jsonb
  }
  column "doc" {
    type = tsvector
  }
  column "owner" {
    type = int
    null = true
  }
  column "deleted_at" {
    type = timestamptz
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  unique "pets_owner_name" {
    columns        = [column.owner, column.name]
    nulls_distinct = false
  }
  index "pets_owner_uniq" {
    unique         = true
    columns        = [column.owner]
    nulls_distinct = false
  }
  index "pets_name_pattern" {
    on {
      column = column.name
      ops    = bpchar_pattern_ops
    }
  }
  index "pets_name_default_ops" {
    on {
      column = column.name
      ops    = bpchar_ops
    }
  }
  index "pets_tags" {
    type = GIN
    on {
      column = column.tags
      ops    = jsonb_path_ops
    }
  }
  index "pets_live" {
    columns = [column.name]
    include = [column.owner]
    where   = "deleted_at IS NULL"
  }
  index "pets_desc" {
    on {
      column = column.id
      desc   = true
    }
    on {
      expr = "lower(name)"
    }
  }
  index "pets_hash" {
    type    = HASH
    columns = [column.name]
  }
}
