CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('active', 'inactive');
CREATE TABLE app.accounts (
  a integer NOT NULL,
  statuses app.status[] NOT NULL,
  history app.status[],
  status app.status NOT NULL
);
