// Package project reads the project file, schemactl.hcl: the settings that
// spare a team the same flags on every command (the migrations directory
// and its format, the desired state, the database and dev database URLs,
// the managed schemas, the accepted unmanaged objects, lint settings), for
// the project as a whole and for each named environment (dev, staging,
// prod). It only reads and checks the file; cmd/schemactl turns the
// settings into flag defaults, and flags still win.
package project
