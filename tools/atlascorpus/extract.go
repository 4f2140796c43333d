package main

import (
	"fmt"
	"path/filepath"
)

// extract cuts the plain HCL documents of the corpus out of the sources
// it keeps beside the archives: sources/sqlspec_test.go (Atlas's
// sql/postgres unit tests) into unit/*.hcl and sources/hcl.mdx (Atlas's
// HCL reference page) into docs/*.hcl. The rules below add, on a
// document's first lines, what the document needs and does not say.
func extract(corpus string) error {
	unit, err := extractUnit(filepath.Join(corpus, "sources", "sqlspec_test.go"))
	if err != nil {
		return err
	}
	if err := writeSnippets(filepath.Join(corpus, "unit"), unit, unitRules); err != nil {
		return fmt.Errorf("unit: %w", err)
	}
	docs, err := extractDocs(filepath.Join(corpus, "sources", "hcl.mdx"))
	if err != nil {
		return err
	}
	if err := writeSnippets(filepath.Join(corpus, "docs"), docs, docRules); err != nil {
		return fmt.Errorf("docs: %w", err)
	}
	fmt.Printf("extracted %d unit-test documents and %d doc blocks\n", len(unit), len(docs))
	return nil
}
