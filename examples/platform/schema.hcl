# A deployment platform: teams own projects, projects get deployments,
# and automation acts through service accounts.

schema "public" {
  comment = "standard public schema"
}

enum "visibility" {
  schema = schema.public
  values = ["private", "internal", "public"]
}

enum "deployment_status" {
  schema = schema.public
  values = ["queued", "building", "ready", "failed", "cancelled"]
}

enum "member_role" {
  schema = schema.public
  values = ["viewer", "developer", "admin", "owner"]
}

table "users" {
  schema  = schema.public
  comment = "people who sign in"
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "email" {
    type = text
  }
  column "display_name" {
    type = varchar(120)
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  index "users_email_key" {
    unique  = true
    on {
      expr = "lower(email)"
    }
  }
}

table "teams" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "slug" {
    type = varchar(64)
  }
  column "name" {
    type = text
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  unique "teams_slug_key" {
    columns = [column.slug]
  }
  check "teams_slug_format" {
    expr = "slug ~ '^[a-z0-9-]+$'"
  }
}

table "team_members" {
  schema = schema.public
  column "team_id" {
    type = bigint
  }
  column "user_id" {
    type = bigint
  }
  column "role" {
    type    = enum.member_role
    default = "developer"
  }
  column "joined_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.team_id, column.user_id]
  }
  foreign_key "team_members_team_id_fkey" {
    columns     = [column.team_id]
    ref_columns = [table.teams.column.id]
    on_delete   = CASCADE
  }
  foreign_key "team_members_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
  index "team_members_user_id_idx" {
    columns = [column.user_id]
  }
}

table "projects" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "team_id" {
    type = bigint
  }
  column "name" {
    type = text
  }
  column "visibility" {
    type    = enum.visibility
    default = "private"
  }
  column "archived_at" {
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
  foreign_key "projects_team_id_fkey" {
    columns     = [column.team_id]
    ref_columns = [table.teams.column.id]
    on_delete   = CASCADE
  }
  unique "projects_team_id_name_key" {
    columns = [column.team_id, column.name]
  }
  index "projects_public_idx" {
    columns = [column.created_at]
    where   = "visibility = 'public' AND archived_at IS NULL"
    comment = "listing of public projects"
  }
}

table "deployments" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "project_id" {
    type = bigint
  }
  column "status" {
    type    = enum.deployment_status
    default = "queued"
  }
  column "commit_sha" {
    type = char(40)
  }
  column "url" {
    type = text
    null = true
  }
  column "created_by" {
    type = bigint
    null = true
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  column "expires_at" {
    type = timestamptz
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "deployments_project_id_fkey" {
    columns     = [column.project_id]
    ref_columns = [table.projects.column.id]
    on_delete   = CASCADE
  }
  foreign_key "deployments_created_by_fkey" {
    columns     = [column.created_by]
    ref_columns = [table.users.column.id]
    on_delete   = SET_NULL
  }
  index "deployments_project_id_created_at_idx" {
    on {
      column = column.project_id
    }
    on {
      column = column.created_at
      desc   = true
    }
  }
  index "deployments_active_expiry_idx" {
    columns = [column.expires_at]
    where   = "status = 'ready' AND expires_at IS NOT NULL"
  }
  check "deployments_sha_hex" {
    expr = "commit_sha ~ '^[0-9a-f]{40}$'"
  }
}

table "service_accounts" {
  schema = schema.public
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "team_id" {
    type = bigint
  }
  column "name" {
    type = text
  }
  column "token_hash" {
    type = bytea
  }
  column "scopes" {
    type    = sql("text[]")
    default = sql("'{}'::text[]")
  }
  column "last_used_at" {
    type = timestamptz
    null = true
  }
  column "disabled" {
    type    = boolean
    default = false
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "service_accounts_team_id_fkey" {
    columns     = [column.team_id]
    ref_columns = [table.teams.column.id]
    on_delete   = CASCADE
  }
  unique "service_accounts_team_id_name_key" {
    columns = [column.team_id, column.name]
  }
  index "service_accounts_token_hash_idx" {
    unique  = true
    columns = [column.token_hash]
    where   = "NOT disabled"
  }
}
