# The desired schema, written by `schemactl migrate init` from the replay of
# migrations. Edit it, then run `schemactl migrate diff NAME`.

schema "audit" {
}

schema "public" {
  comment = "standard public schema"
}

permission {
  for        = function.audit.append
  to         = PUBLIC
  privileges = []
}

permission {
  for        = function.audit.append
  to         = "app_rw"
  privileges = [EXECUTE]
}

permission {
  for        = materialized.public.daily_signups
  to         = "reporting"
  privileges = [SELECT]
}

permission {
  for        = schema.audit
  to         = "app_rw"
  privileges = [USAGE]
}

permission {
  for        = schema.audit
  to         = "reporting"
  privileges = [USAGE]
}

permission {
  for        = table.events
  to         = "app_rw"
  privileges = [SELECT]
}

permission {
  for        = table.events
  to         = "reporting"
  privileges = [SELECT]
}

permission {
  for        = table.jobs
  to         = "app_rw"
  privileges = [INSERT, SELECT, UPDATE]
}

permission {
  for        = view.public.active_accounts
  to         = "reporting"
  privileges = [SELECT]
}

default_privilege {
  for_role   = "postgres"
  schema     = schema.audit
  on         = TABLES
  to         = "reporting"
  privileges = [SELECT]
}

table "events" {
  schema  = schema.audit
  comment = "append-only: see audit.append"
  column "id" {
    type = bigint
    identity {
      generated = ALWAYS
    }
  }
  column "account_id" {
    type = bigint
  }
  column "actor" {
    type    = text
    default = sql("CURRENT_USER")
  }
  column "action" {
    type = text
  }
  column "detail" {
    type    = jsonb
    default = sql("'{}'::jsonb")
  }
  column "at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  index "events_account_at_idx" {
    on {
      column = column.account_id
    }
    on {
      column = column.at
      desc   = true
    }
  }
  row_security {
    enabled = true
  }
}

function "append" {
  schema   = schema.audit
  lang     = SQL
  return   = bigint
  as       = "\n    INSERT INTO audit.events (account_id, action, detail)\n    VALUES (p_account, p_action, p_detail)\n    RETURNING id\n"
  security = DEFINER
  config   = { search_path = "pg_catalog, pg_temp" }
  arg "p_account" {
    type = bigint
  }
  arg "p_action" {
    type = text
  }
  arg "p_detail" {
    type    = jsonb
    default = sql("'{}'::jsonb")
  }
}

function "forbid_change" {
  schema = schema.audit
  lang   = PLpgSQL
  return = trigger
  as     = <<-SQL

    BEGIN
        RAISE EXCEPTION 'audit.events is append-only (% refused)', TG_OP;
    END;
  SQL
}

policy "events_own_account" {
  on    = table.events
  for   = SELECT
  to    = ["app_rw"]
  using = "account_id = (current_setting('app.account_id'::text, true))::bigint"
}

policy "events_reporting" {
  on    = table.events
  for   = SELECT
  to    = ["reporting"]
  using = "true"
}

trigger "events_no_delete" {
  on  = table.events
  for = ROW
  before {
    delete = true
  }
  execute {
    function = function.forbid_change
  }
}

trigger "events_no_update" {
  on  = table.events
  for = ROW
  before {
    update = true
  }
  execute {
    function = function.forbid_change
  }
}

table "accounts" {
  schema = schema.public
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
    type = text
  }
  column "status" {
    type    = text
    default = sql("'active'::text")
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  column "updated_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  unique "accounts_email_key" {
    columns = [column.email]
  }
  check "accounts_status_check" {
    expr = "status = ANY (ARRAY['active'::text, 'locked'::text, 'closed'::text])"
  }
}

table "jobs" {
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
  column "kind" {
    type = text
  }
  column "payload" {
    type    = jsonb
    default = sql("'{}'::jsonb")
  }
  column "finished_at" {
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
  index "jobs_pending_idx" {
    columns = [column.created_at]
    where   = "finished_at IS NULL"
  }
  foreign_key "jobs_project_id_fkey" {
    columns     = [column.project_id]
    ref_columns = [table.projects.column.id]
    on_delete   = CASCADE
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
  column "account_id" {
    type = bigint
  }
  column "name" {
    type = text
  }
  column "created_at" {
    type    = timestamptz
    default = sql("now()")
  }
  column "updated_at" {
    type    = timestamptz
    default = sql("now()")
  }
  primary_key {
    columns = [column.id]
  }
  unique "projects_account_id_name_key" {
    columns = [column.account_id, column.name]
  }
  foreign_key "projects_account_id_fkey" {
    columns     = [column.account_id]
    ref_columns = [table.accounts.column.id]
    on_delete   = CASCADE
  }
}

view "active_accounts" {
  schema  = schema.public
  as      = <<-SQL
    SELECT accounts.id,
        accounts.email,
        accounts.display_name,
        accounts.created_at
       FROM public.accounts
      WHERE (accounts.status <> 'closed'::text)
  SQL
  comment = "accounts that are not closed"
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
  column "display_name" {
    type = text
  }
  column "created_at" {
    type = timestamptz
  }
}

materialized "daily_signups" {
  schema = schema.public
  as     = <<-SQL
    SELECT date_trunc('day'::text, accounts.created_at) AS day,
        count(*) AS signups
       FROM public.accounts
      GROUP BY (date_trunc('day'::text, accounts.created_at))
  SQL
  column "day" {
    type = timestamptz
  }
  column "signups" {
    type = bigint
  }
  index "daily_signups_day_idx" {
    unique  = true
    columns = [column.day]
  }
}

function "delete_old_jobs" {
  schema = schema.public
  lang   = PLpgSQL
  return = trigger
  as     = <<-SQL

    BEGIN
        DELETE FROM public.jobs WHERE finished_at < now() - interval '7 days';
        RETURN NULL;
    END;
  SQL
}

function "notify_job" {
  schema = schema.public
  lang   = PLpgSQL
  return = trigger
  as     = <<-SQL

    BEGIN
        PERFORM pg_notify('jobs', json_build_object('id', NEW.id, 'kind', NEW.kind)::text);
        RETURN NULL;
    END;
  SQL
}

function "set_updated_at" {
  schema  = schema.public
  lang    = PLpgSQL
  return  = trigger
  as      = <<-SQL

    BEGIN
        NEW.updated_at := now();
        RETURN NEW;
    END;
  SQL
  comment = "keeps updated_at current on every UPDATE"
}

trigger "accounts_updated_at" {
  on  = table.accounts
  for = ROW
  before {
    update = true
  }
  execute {
    function = function.set_updated_at
  }
}

trigger "jobs_cleanup" {
  on  = table.jobs
  for = STATEMENT
  after {
    insert = true
  }
  execute {
    function = function.delete_old_jobs
  }
}

trigger "jobs_notify" {
  on  = table.jobs
  for = ROW
  after {
    insert = true
  }
  execute {
    function = function.notify_job
  }
}

trigger "projects_updated_at" {
  on  = table.projects
  for = ROW
  before {
    update = true
  }
  execute {
    function = function.set_updated_at
  }
}
