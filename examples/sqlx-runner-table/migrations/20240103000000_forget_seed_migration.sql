-- The seed migration file was deleted from the repository; forget that it
-- ran, so that sqlx does not report an applied migration that is missing.
-- sqlx created _sqlx_migrations before the first migration, so this works
-- in production, and schemactl's replay creates it the same way.
DELETE FROM accounts WHERE email = 'demo@example.com';
DELETE FROM _sqlx_migrations WHERE version = 20240102000000;
UPDATE _sqlx_migrations SET description = 'create accounts (squashed)' WHERE version = 20240101000000;
ALTER TABLE accounts ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
