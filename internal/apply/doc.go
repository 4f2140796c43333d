// Package apply runs SQL on a database: scripts (schema files, migration
// files) with errors that point at the file, line and column of the
// statement the server rejected, and plans, with every statement that may
// run in a transaction grouped into one and the others run alone.
package apply
