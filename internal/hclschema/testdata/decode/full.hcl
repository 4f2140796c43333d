# Every block and attribute of the language, once.

schema "public" {
  comment = "standard public schema"
}

schema "billing" {}

extension "pgcrypto" {
  schema  = schema.public
  version = "1.3"
  comment = "digests"
}

extension "pg_trgm" {
  schema = "extensions"
}

enum "status" {
  schema         = schema.public
  values         = ["active", "paused", "archived"]
  renamed_values = { archived = "deleted" }
  comment        = "lifecycle"
}

domain "email" {
  schema  = schema.public
  type    = varchar(320)
  null    = true
  default = "nobody@example.com"
  collate = "C"
  comment = "an address"
  check "email_at" {
    expr      = "VALUE ~ '@'"
    not_valid = true
    comment   = "has an at sign"
  }
}

composite "money_amount" {
  schema  = schema.billing
  comment = "an amount in a currency"
  field "amount" {
    type = numeric(12, 2)
  }
  field "currency" {
    type    = char(3)
    collate = "C"
    comment = "ISO 4217"
  }
}

sequence "invoice_number" {
  schema    = schema.billing
  type      = integer
  start     = 1000
  increment = 10
  min_value = 1000
  max_value = 999999
  cache     = 20
  cycle     = true
  owned_by  = table.invoices.column.number
  comment   = "invoice numbers"
}

table "accounts" {
  schema       = schema.public
  renamed_from = "customers"
  comment      = "paying customers"
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
      start     = 100
      increment = 5
      min_value = 100
      max_value = 1000000
      cache     = 10
      cycle     = true
    }
  }
  column "email" {
    type         = domain.email
    renamed_from = "mail"
    comment      = "where invoices go"
  }
  column "name" {
    type    = text
    collate = "C"
  }
  column "status" {
    type    = enum.status
    default = "active"
  }
  column "balance" {
    type    = numeric(12, 2)
    default = 0
  }
  column "ratio" {
    type    = double_precision
    null    = true
    default = 1.5
  }
  column "vip" {
    type    = boolean
    default = false
  }
  column "created_at" {
    type    = timestamptz(3)
    default = sql("now()")
  }
  column "name_lower" {
    type = text
    null = true
    as {
      expr = "lower(name)"
      type = STORED
    }
  }
  primary_key {
    name               = "accounts_pk"
    columns            = [column.id]
    include            = [column.email]
    deferrable         = true
    initially_deferred = true
    storage_params     = { fillfactor = 90 }
    comment            = "the key"
  }
  unique "accounts_id_key" {
    columns = [column.id]
    comment = "foreign keys need a key that is not deferrable"
  }
  unique "accounts_email_key" {
    columns            = [column.email]
    include            = [column.name]
    nulls_distinct     = false
    deferrable         = true
    initially_deferred = false
    storage_params     = { fillfactor = 80, deduplicate_items = false }
    comment            = "one account per address"
  }
  index "accounts_name_idx" {
    unique         = true
    type           = BTREE
    renamed_from   = "accounts_name_index"
    include        = [column.status]
    where          = "status <> 'archived'"
    nulls_distinct = false
    storage_params = { fillfactor = 70 }
    comment        = "search by name"
    on {
      column      = column.name
      desc        = true
      nulls_last  = true
      collate     = "C"
      ops         = text_pattern_ops
    }
    on {
      expr        = "lower(email)"
      nulls_first = true
    }
  }
  index "accounts_name_trgm" {
    type = GIST
    on {
      column     = column.name
      ops        = public.gist_trgm_ops
      ops_params = { siglen = 32 }
    }
  }
  index "accounts_name_trgm2" {
    type = GIN
    on {
      column = column.name
      ops    = sql("gin_trgm_ops")
    }
  }
  check "accounts_balance_positive" {
    expr       = "balance >= 0"
    no_inherit = true
    not_valid  = true
    comment    = "no debt"
  }
}

table "invoices" {
  schema   = schema.billing
  unlogged = true
  column "id" {
    type = bigint
    identity {
      generated = BY_DEFAULT
    }
  }
  column "number" {
    type = integer
  }
  column "account_id" {
    type = bigint
    null = true
  }
  column "amount" {
    type = composite.money_amount
  }
  column "period" {
    type = tstzrange
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "invoices_account_id_fkey" {
    columns            = [column.account_id]
    ref_columns        = [table.accounts.column.id]
    on_update          = CASCADE
    on_delete          = SET_NULL
    on_delete_columns  = [column.account_id]
    match              = FULL
    deferrable         = true
    initially_deferred = true
    not_valid          = true
    comment            = "who pays"
  }
  exclude "invoices_no_overlap" {
    type               = GIST
    include            = [column.number]
    where              = "account_id IS NOT NULL"
    storage_params     = { fillfactor = 60 }
    deferrable         = true
    initially_deferred = true
    comment            = "one invoice per period"
    on {
      column = column.account_id
      op     = "="
    }
    on {
      expr = "period"
      op   = "&&"
    }
  }
}

table "events" {
  schema = schema.billing
  column "id" {
    type = bigint
  }
  column "at" {
    type = timestamptz
  }
  column "kind" {
    type = text
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
  schema       = schema.billing
  partition_of = table.events
  bound        = sql("FOR VALUES FROM ('2024-01-01', 'a') TO ('2025-01-01', 'z')")
  index "events_2024_at_idx" {
    columns = [column.at]
  }
}

table "events_default" {
  schema       = schema.billing
  partition_of = table.billing.events
  bound        = DEFAULT
}
