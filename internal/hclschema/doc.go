// Package hclschema reads and writes the PostgreSQL HCL dialect (docs/hcl.md)
// that Atlas made familiar, as schema.Realm values: DecodeFile, DecodeFiles
// and DecodeBytes turn files into a raw realm with DeclRange positions and
// file:line:col diagnostics, and Encode writes a realm back as HCL that
// decodes to the same realm.
//
// The package knows the model (package schema) and hcl/v2, nothing else: it
// never opens a connection and never makes a realm canonical (a dev database
// does that).
package hclschema
