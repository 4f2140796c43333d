SET lock_timeout = '5s';
ALTER TABLE accounts ADD COLUMN plan text;
ALTER TABLE accounts ADD CONSTRAINT accounts_plan_check CHECK (plan IN ('free', 'pro')) NOT VALID;
