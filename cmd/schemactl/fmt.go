package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/urfave/cli/v2"
)

func fmtCommand() *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "format HCL files in place",
		ArgsUsage: "FILE...",
		Description: "Rewrites each .hcl file (a folder stands for the .hcl files directly in it) in the\n" +
			"canonical HCL layout and prints the names of the files it changed. A file with a\n" +
			"syntax error is left as it is and reported; the others are still formatted.",
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("fmt needs at least one FILE")
			}
			var diags hcl.Diagnostics
			for _, arg := range c.Args().Slice() {
				files, err := hclFiles(arg)
				if err != nil {
					return err
				}
				for _, name := range files {
					changed, more, err := formatFile(name)
					if err != nil {
						return err
					}
					diags = append(diags, more...)
					if changed {
						fmt.Fprintln(c.App.Writer, name)
					}
				}
			}
			if diags.HasErrors() {
				return diags
			}
			return nil
		},
	}
}

// hclFiles expands a folder into the .hcl files directly in it.
func hclFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("fmt: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("fmt: %w", err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") {
			files = append(files, filepath.Join(path, e.Name()))
		}
	}
	return files, nil
}

// formatFile formats one file in place. It reports whether the file
// changed; a file with syntax errors is left alone and its errors returned
// as diagnostics.
func formatFile(name string) (bool, hcl.Diagnostics, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return false, nil, fmt.Errorf("fmt: %w", err)
	}
	// hclwrite.Format formats whatever tokens it gets, even those of a
	// broken file; only a file that parses is safe to rewrite.
	if _, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); diags.HasErrors() {
		return false, diags, nil
	}
	out := hclwrite.Format(src)
	if bytes.Equal(out, src) {
		return false, nil, nil
	}
	if err := writeFileAtomic(name, out); err != nil {
		return false, nil, fmt.Errorf("fmt: %w", err)
	}
	return true, nil, nil
}

// writeFileAtomic replaces the file at name with data through a temporary
// file in the same folder and a rename, so that a reader never sees half a
// file, and keeps the file's permissions. A symbolic link is followed: the
// file it points to is replaced, the link stays.
func writeFileAtomic(name string, data []byte) error {
	target, err := filepath.EvalSymlinks(name)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}
