// Package state turns every source of schema into a canonical
// *schema.Realm: a live database is inspected; .hcl and .sql files are
// applied to a scratch database of the dev server (internal/devdb) and
// inspected back, so that both sides of a diff are spelled the way
// PostgreSQL spells them.
//
// Canonical forms are cached by the SHA-256 of the SQL applied and the dev
// server's version, so that running the same command twice needs no dev
// server the second time.
package state
