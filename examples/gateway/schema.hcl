# An access gateway: users sign in with sessions or API tokens, protect their
# accounts with MFA, and ask for approval before deploying. Every security
# event lands in an append-only audit log in its own schema.

schema "public" {
  comment = "standard public schema"
}

schema "audit" {
  comment = "append-only security audit trail"
}

extension "pgcrypto" {
  schema = schema.public
}

enum "mfa_kind" {
  schema = schema.public
  values = ["totp", "webauthn", "sms"]
}

enum "approval_state" {
  schema = schema.public
  values = ["pending", "approved", "rejected", "expired"]
}

table "users" {
  schema = schema.public
  column "id" {
    type    = uuid
    default = sql("gen_random_uuid()")
  }
  column "email" {
    type = varchar(320)
  }
  column "password_hash" {
    type = text
    null = true
  }
  column "locked_until" {
    type = timestamptz
    null = true
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  index "users_email_key" {
    unique = true
    on {
      expr = "lower((email)::text)"
    }
  }
}

table "sessions" {
  schema  = schema.public
  comment = "browser sessions; rows are deleted when they expire"
  column "id" {
    type = bytea
  }
  column "user_id" {
    type = uuid
  }
  column "ip" {
    type = inet
    null = true
  }
  column "user_agent" {
    type = text
    null = true
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  column "expires_at" {
    type = timestamptz
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "sessions_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
  index "sessions_user_id_idx" {
    columns = [column.user_id]
  }
  index "sessions_expires_at_idx" {
    columns = [column.expires_at]
  }
}

table "api_tokens" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = BY_DEFAULT
    }
  }
  column "user_id" {
    type = uuid
  }
  column "name" {
    type = text
  }
  column "prefix" {
    type = char(8)
  }
  column "secret_hash" {
    type = bytea
  }
  column "scopes" {
    type    = sql("text[]")
    default = sql("'{}'::text[]")
  }
  column "expires_at" {
    type = timestamptz
    null = true
  }
  column "revoked_at" {
    type = timestamptz
    null = true
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "api_tokens_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
  index "api_tokens_prefix_key" {
    unique  = true
    columns = [column.prefix]
    where   = "revoked_at IS NULL"
  }
  index "api_tokens_scopes_idx" {
    type    = GIN
    columns = [column.scopes]
  }
}

table "mfa_methods" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "user_id" {
    type = uuid
  }
  column "kind" {
    type = enum.mfa_kind
  }
  column "label" {
    type = text
  }
  column "secret" {
    type = bytea
  }
  column "confirmed_at" {
    type = timestamptz
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "mfa_methods_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
  unique "mfa_methods_user_id_label_key" {
    columns = [column.user_id, column.label]
  }
}

table "mfa_backup_codes" {
  schema = schema.public
  column "user_id" {
    type = uuid
  }
  column "code_hash" {
    type = bytea
  }
  column "used_at" {
    type = timestamptz
    null = true
  }
  primary_key {
    columns = [column.user_id, column.code_hash]
  }
  foreign_key "mfa_backup_codes_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
}

table "settings" {
  schema = schema.public
  column "user_id" {
    type = uuid
  }
  column "key" {
    type = text
  }
  column "value" {
    type = jsonb
  }
  column "updated_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.user_id, column.key]
  }
  foreign_key "settings_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
  check "settings_key_length" {
    expr = "char_length(key) <= 64"
  }
}

table "deploy_approvals" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "requested_by" {
    type = uuid
  }
  column "approved_by" {
    type = uuid
    null = true
  }
  column "environment" {
    type = text
  }
  column "state" {
    type    = enum.approval_state
    default = "pending"
  }
  column "reason" {
    type = text
  }
  column "requested_at" {
    type    = timestamptz
    default = sql("now()")
  }
  column "decided_at" {
    type = timestamptz
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "deploy_approvals_requested_by_fkey" {
    columns     = [column.requested_by]
    ref_columns = [table.users.column.id]
  }
  foreign_key "deploy_approvals_approved_by_fkey" {
    columns     = [column.approved_by]
    ref_columns = [table.users.column.id]
  }
  check "deploy_approvals_not_self_approved" {
    expr = "approved_by IS NULL OR approved_by <> requested_by"
  }
  index "deploy_approvals_pending_idx" {
    columns = [column.requested_at]
    where   = "state = 'pending'"
  }
}

table "events" {
  schema  = schema.audit
  comment = "append-only: the application role has INSERT and SELECT only"
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "occurred_at" {
    type    = timestamptz
    default = sql("now()")
  }
  column "actor_id" {
    type = uuid
    null = true
  }
  column "action" {
    type = text
  }
  column "target" {
    type = text
    null = true
  }
  column "ip" {
    type = inet
    null = true
  }
  column "details" {
    type    = jsonb
    default = sql("'{}'::jsonb")
  }
  primary_key {
    columns = [column.id]
  }
  index "events_actor_id_occurred_at_idx" {
    columns = [column.actor_id, column.occurred_at]
  }
  index "events_occurred_at_brin" {
    type    = BRIN
    columns = [column.occurred_at]
  }
}
