schema "My Schema" {
}

schema "archive" {
}

schema "public" {
  comment = "standard public schema"
}

extension "btree_gist" {
  schema = "extensions"
}

extension "pg_trgm" {
  schema  = schema.public
  version = "1.6"
  comment = "trigram matching"
}

table "Odd Table" {
  schema = schema["My Schema"]
  column "x" {
    type = integer
    null = true
  }
}

enum "status" {
  schema = schema.archive
  values = ["old"]
}

table "tickets" {
  schema = schema.archive
  column "id" {
    type = integer
  }
  column "priority" {
    type = smallint
  }
  column "status" {
    type = enum.archive.status
    null = true
  }
  unique "tickets_priority_id_key" {
    columns = [column.priority, column.id]
  }
}

enum "Mood" {
  schema = schema.public
  values = ["happy", "it's complicated"]
}

enum "empty" {
  schema = schema.public
  values = []
}

enum "status" {
  schema         = schema.public
  values         = ["active", "paused", "archived"]
  renamed_values = { archived = "deleted", paused = "on hold" }
  comment        = "lifecycle"
}

domain "email" {
  schema  = schema.public
  type    = varchar(320)
  null    = true
  default = sql("'nobody@example.com'::character varying")
  collate = "C"
  comment = "an address"
  check "email_at" {
    expr      = "(VALUE)::text ~ '@'::text"
    not_valid = true
    comment   = "an at sign"
  }
  check "email_length" {
    expr = "length((VALUE)::text) > 3"
  }
}

domain "positive" {
  schema  = schema.public
  type    = integer
  default = 1
  check "positive_check" {
    expr = "VALUE > 0"
  }
}

composite "address" {
  schema  = schema.public
  comment = "postal"
  field "street" {
    type    = text
    collate = "en_US"
    comment = "and number"
  }
  field "zip" {
    type = char(5)
  }
  field "kind" {
    type = enum.public.status
  }
}

sequence "plain_seq" {
  schema = schema.public
}

sequence "small_seq" {
  schema    = schema.public
  type      = smallint
  max_value = 1000
}

sequence "ticket_seq" {
  schema    = schema.public
  type      = integer
  start     = 1000
  increment = -2
  min_value = -100000
  max_value = 5000
  cache     = 20
  cycle     = true
  owned_by  = table.public.tickets.column.number
  comment   = "ticket numbers"
}

table "buckets" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  partition {
    type    = HASH
    columns = [column.id]
  }
}

table "buckets_0" {
  schema       = schema.public
  partition_of = table.buckets
  bound        = sql("FOR VALUES WITH (modulus 2, remainder 0)")
}

table "events" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "at" {
    type = timestamptz
  }
  column "kind" {
    type    = text
    null    = true
    collate = "C"
  }
  primary_key {
    columns = [column.id, column.at]
  }
  partition {
    type = RANGE
    by {
      column = column.at
    }
    by {
      expr    = "lower(kind)"
      collate = "C"
      ops     = text_pattern_ops
    }
  }
}

table "events_2024" {
  schema       = schema.public
  partition_of = table.events
  bound        = sql("FOR VALUES FROM ('2024-01-01 00:00:00+00', 'a') TO ('2025-01-01 00:00:00+00', 'z')")
  comment      = "one year"
  index "events_2024_kind_idx" {
    type    = HASH
    columns = [column.kind]
  }
}

table "events_default" {
  schema       = schema.public
  partition_of = table.events
  bound        = DEFAULT
}

table "regions" {
  schema = schema.public
  column "code" {
    type = text
  }
  partition {
    type    = LIST
    columns = [column.code]
  }
}

table "tickets" {
  schema       = schema.public
  renamed_from = "issues"
  comment      = "support tickets"
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
      start     = 100
      increment = 10
      max_value = 1000000
      cache     = 5
      cycle     = true
    }
  }
  column "number" {
    type    = integer
    default = sql("nextval('public.ticket_seq'::regclass)")
  }
  column "serial_id" {
    type = serial
  }
  column "title" {
    type    = varchar(200)
    collate = "C"
    comment = "what it's about"
  }
  column "body" {
    type    = text
    null    = true
    default = sql("''::text")
  }
  column "status" {
    type    = enum.public.status
    default = sql("'active'::public.status")
  }
  column "mood" {
    type = enum.Mood
    null = true
  }
  column "moods" {
    type = sql("public.\"Mood\"[]")
    null = true
  }
  column "tags" {
    type    = sql("text[]")
    default = sql("'{}'::text[]")
  }
  column "priority" {
    type    = smallint
    default = 3
  }
  column "weight" {
    type    = numeric(5, 2)
    null    = true
    default = 1.25
  }
  column "negative" {
    type    = integer
    null    = true
    default = sql("'-1'::integer")
  }
  column "urgent" {
    type    = boolean
    default = false
  }
  column "opened_at" {
    type    = timestamptz(3)
    default = sql("CURRENT_TIMESTAMP")
  }
  column "due" {
    type = date
    null = true
  }
  column "local_time" {
    type = timestamp
    null = true
  }
  column "at_time" {
    type = time(0)
    null = true
  }
  column "zone_time" {
    type = timetz
    null = true
  }
  column "duration" {
    type = day_to_second(3)
    null = true
  }
  column "score" {
    type = double_precision
    null = true
  }
  column "ratio" {
    type = real
    null = true
  }
  column "flags" {
    type = bit(8)
    null = true
  }
  column "mask" {
    type = bit_varying(16)
    null = true
  }
  column "code" {
    type = char(1)
    null = true
  }
  column "raw" {
    type = bytea
    null = true
  }
  column "doc" {
    type    = jsonb
    null    = true
    default = sql("'{}'::jsonb")
  }
  column "ip" {
    type = inet
    null = true
  }
  column "span" {
    type = tstzrange
    null = true
  }
  column "contact" {
    type = domain.email
    null = true
  }
  column "home" {
    type = composite.address
    null = true
  }
  column "amount" {
    type = domain.positive
    null = true
  }
  column "title_lower" {
    type = text
    null = true
    as {
      expr = "lower((title)::text)"
      type = STORED
    }
  }
  column "Mixed Case" {
    type    = text
    null    = true
    comment = "needs brackets"
  }
  column "select" {
    type = integer
    null = true
  }
  column "1st" {
    type = integer
    null = true
  }
  column "trigram" {
    type = sql("public.gtrgm")
    null = true
  }
  column "dollar" {
    type    = text
    null    = true
    default = sql("'$${x} %%{y}'::text")
  }
  column "unicode" {
    type    = text
    null    = true
    default = sql("E'tab\\there'::text")
    comment = "ünïcödé\nsecond line"
  }
  primary_key {
    columns        = [column.id]
    include        = [column.title]
    storage_params = { fillfactor = 90 }
    comment        = "the key"
  }
  unique "tickets_number_key" {
    columns            = [column.number, column["Mixed Case"]]
    include            = [column.due]
    nulls_distinct     = false
    deferrable         = true
    initially_deferred = true
    storage_params     = { fillfactor = 80, deduplicate_items = "off" }
  }
  index "tickets_body_trgm" {
    type = GIST
    on {
      column     = column.body
      ops        = public.gist_trgm_ops
      ops_params = { siglen = 32 }
    }
  }
  index "tickets_due_idx" {
    columns = [column.due, column.priority]
  }
  index "tickets_opened_brin" {
    type           = BRIN
    columns        = [column.opened_at]
    storage_params = { pages_per_range = 32, autosummarize = true }
  }
  index "tickets_tags_idx" {
    type    = GIN
    columns = [column.tags]
  }
  index "tickets_title_idx" {
    unique         = true
    include        = [column.status]
    where          = "status <> 'archived'::public.status"
    nulls_distinct = false
    storage_params = { fillfactor = 70 }
    renamed_from   = "tickets_title_index"
    comment        = "title search"
    on {
      column     = column.title
      desc       = true
      nulls_last = true
      collate    = "C"
      ops        = text_pattern_ops
    }
    on {
      expr        = "lower((body)::text)"
      nulls_first = true
    }
    on {
      column = column.priority
    }
  }
  index "tickets_weird_ops" {
    on {
      column = column.title
      ops    = "public.Weird_Ops"
    }
  }
  foreign_key "tickets_number_fkey" {
    columns            = [column.priority, column.number]
    ref_columns        = [table.archive.tickets.column.priority, table.archive.tickets.column.id]
    on_update          = CASCADE
    on_delete          = SET_NULL
    on_delete_columns  = [column.number]
    match              = FULL
    deferrable         = true
    initially_deferred = true
    not_valid          = true
    comment            = "old ticket"
  }
  foreign_key "tickets_outside_fkey" {
    columns     = [column.priority]
    ref_columns = [table.other.users.column.id]
  }
  foreign_key "tickets_parent_fkey" {
    columns     = [column.serial_id]
    ref_columns = [table.public.tickets.column.id]
    on_delete   = RESTRICT
  }
  foreign_key "tickets_user_fkey" {
    columns     = [column.amount]
    ref_columns = [table.users.column.id]
    on_delete   = SET_DEFAULT
  }
  check "tickets_priority_check" {
    expr       = "priority >= 1 AND priority <= 5"
    no_inherit = true
    not_valid  = true
    comment    = "1 to 5"
  }
  exclude "tickets_no_overlap" {
    include            = [column.title]
    where              = "NOT urgent"
    storage_params     = { fillfactor = 60 }
    deferrable         = true
    initially_deferred = true
    comment            = "one at a time"
    on {
      column = column.priority
      op     = "="
    }
    on {
      expr = "tstzrange(opened_at, (due)::timestamp with time zone)"
      ops  = range_ops
      op   = "&&"
    }
  }
  exclude "tickets_spgist_excl" {
    type = SPGIST
    on {
      column = column.span
      op     = "&&"
    }
  }
}

table "users" {
  schema   = schema.public
  unlogged = true
  column "id" {
    type = integer
    identity {
      generated = BY_DEFAULT
    }
  }
  primary_key {
    name    = "users_pk"
    columns = [column.id]
  }
}
