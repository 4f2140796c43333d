// Package plan turns diff.Changes into ordered PostgreSQL statements. It
// never opens a connection.
//
// Build orders the statements so that each applies after the ones before
// it, uses online-safe forms on tables that exist before the plan (indexes
// built CONCURRENTLY, constraints added NOT VALID and validated on their
// own, NOT NULL through a validated check, keys on concurrently built
// indexes, SET lock_timeout before locking statements), and marks every
// statement with what it does to a live database. Those facts come from
// internal/effect, which `schemactl lint` asks too, so that a plan and the
// linter never disagree about a statement. Dump writes the derived schema
// dump, which is the plan from an empty database.
//
// Identifiers are quoted with schema.QuoteIdent and every object is named
// with its schema. docs/plan.md describes the order, the comment lines of
// WriteSQL and the online-safe forms.
package plan
