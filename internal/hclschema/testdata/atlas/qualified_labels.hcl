# Schema-qualified labels: two tables named users, an enum and a sequence
# labelled with their schema, and references that name the schema.
schema "auth" {}
schema "billing" {}

enum "billing" "plan" {
  values = ["free", "pro"]
}

sequence "billing" "invoice_no" {
  schema = schema.billing
  start  = 100
}

table "auth" "users" {
  schema = schema.auth
  column "id" {
    type = bigint
  }
  primary_key {
    columns = [column.id]
  }
}

table "billing" "users" {
  schema = schema.billing
  column "id" {
    type = bigint
  }
  column "auth_id" {
    type = bigint
  }
  column "plan" {
    type = enum.billing.plan
  }
  primary_key {
    columns = [table.billing.users.column.id]
  }
  foreign_key "users_auth_id_fkey" {
    columns     = [column.auth_id]
    ref_columns = [table.auth.users.column.id]
    on_delete   = CASCADE
  }
}

table "billing" "invoices" {
  column "id" {
    type    = bigint
    default = sql("nextval('billing.invoice_no')")
  }
  column "user_id" {
    type = bigint
  }
  foreign_key "invoices_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.billing.users.column.id]
  }
}
