// Package deploy runs a migrations directory against a live database the
// way the directory's runner (sqlx, golang-migrate, goose, dbmate or
// Flyway) would, reading and writing the runner's own bookkeeping table in
// the runner's own terms, so that a team can switch between schemactl and
// its runner at any point, in either direction.
//
// Status (status.go) compares the directory with the table: applied,
// pending, edited since it was applied, missing from the directory, failed
// or dirty. Drift (drift.go) compares the live schema with the replay of
// the applied migrations. Apply (apply.go) runs the pending migrations
// under the runner's advisory lock (lock.go), statement by statement with
// lock_timeout and retries (exec.go), and writes the runner's rows.
//
// What each runner keeps and does is described once, in internal/migrate
// (Dir.Runner and Dir.Facts); this package only acts on it.
package deploy
