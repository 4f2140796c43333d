CREATE SCHEMA auth;
CREATE SCHEMA billing;
CREATE TYPE billing.plan AS ENUM ('free', 'pro');
CREATE SEQUENCE billing.invoice_no START 100;
CREATE TABLE auth.users (id bigint PRIMARY KEY);
CREATE TABLE billing.users (
  id bigint PRIMARY KEY,
  auth_id bigint NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  plan billing.plan NOT NULL
);
CREATE TABLE billing.invoices (
  id bigint NOT NULL DEFAULT nextval('billing.invoice_no'),
  user_id bigint NOT NULL CONSTRAINT invoices_user_id_fkey REFERENCES billing.users (id)
);
