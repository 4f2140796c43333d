// Package state turns every source of schema into a canonical
// *schema.Realm: a live database is inspected; .hcl and .sql files are
// applied to a scratch database of the dev server (internal/devdb) and
// inspected back, so that both sides of a diff are spelled the way
// PostgreSQL spells them.
//
// Canonical forms are cached, with the dev server's version in every key:
// HCL files by the SHA-256 of their names and bytes, SQL files and
// migration replays by that of the SQL applied, so that running the same
// command twice needs no dev server the second time. Each set of HCL files
// also keeps its last canonical form, from which an edit is canonicalised
// in part (incremental.go).
package state
