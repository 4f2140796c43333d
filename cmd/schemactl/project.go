package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/project"
)

// configError is a project file that cannot be used: its diagnostics are
// printed as file:line:col and the exit code is 2, since the command never
// started.
type configError struct{ diags hcl.Diagnostics }

func (e *configError) Error() string { return e.diags.Error() }

// A projectSetting fills the flag named flag from the project file when the
// command line (or the flag's environment variable) does not set it.
type projectSetting struct {
	flag  string
	value func(*project.Settings) []string
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// The settings a command can take from the project file, by flag name.
var (
	projectURL     = projectSetting{"url", func(s *project.Settings) []string { return one(s.URL) }}
	projectDevURL  = projectSetting{"dev-url", func(s *project.Settings) []string { return one(s.DevURL) }}
	projectTo      = projectSetting{"to", func(s *project.Settings) []string { return s.To }}
	projectSchemas = projectSetting{"schema", func(s *project.Settings) []string { return s.Schemas }}
	projectDir     = projectSetting{"dir", func(s *project.Settings) []string { return one(s.Dir) }}
	projectDump    = projectSetting{"dump", func(s *project.Settings) []string { return one(s.Dump) }}
	projectAccept  = projectSetting{"accept-unmanaged", func(s *project.Settings) []string { return s.AcceptUnmanaged }}
)

// projectFormat fills the directory-format flag, which migrate diff calls
// --format and the other commands --dir-format.
func projectFormat(flag string) projectSetting {
	return projectSetting{flag, func(s *project.Settings) []string { return one(s.DirFormat) }}
}

// projectUse says how a command uses the project file.
type projectUse struct {
	settings []projectSetting
	// required lists flags that must be set by the command line or the
	// project file; urfave/cli would check them before the file is read.
	required []string
	// allowMissingDir: the command creates the migrations directory.
	allowMissingDir bool
	// flagsAfterArgs: the command is wrapped by withFlagsAfterArgs, whose
	// first pass has not parsed the flags yet.
	flagsAfterArgs bool
}

var (
	configFlag = &cli.StringFlag{
		Name:    "config",
		Usage:   "project `FILE` (default: " + project.FileName + " in the working directory or a parent, up to the repository root)",
		EnvVars: []string{"SCHEMACTL_CONFIG"},
	}
	envFlag = &cli.StringFlag{
		Name:    "env",
		Usage:   "use the settings of env `NAME` of the project file",
		EnvVars: []string{"SCHEMACTL_ENV"},
	}
)

type projectKey struct{}

// withProject makes cmd read the project file before its action: each
// setting of u fills its flag unless the flag was given, so flags always
// win. It adds --config (the lint commands have it already: there it names
// a project file or an older lint config file) and --env.
func withProject(cmd *cli.Command, u projectUse) *cli.Command {
	has := map[string]bool{}
	for i, f := range cmd.Flags {
		for _, n := range f.Names() {
			has[n] = true
		}
		// Required flags may come from the file: check them here instead.
		switch f := f.(type) {
		case *cli.StringFlag:
			if f.Required {
				cp := *f
				cp.Required = false
				cmd.Flags[i] = &cp
				u.required = append(u.required, f.Name)
			}
		case *cli.StringSliceFlag:
			if f.Required {
				cp := *f
				cp.Required = false
				cmd.Flags[i] = &cp
				u.required = append(u.required, f.Name)
			}
		}
	}
	if !has["config"] {
		cmd.Flags = append(cmd.Flags, configFlag)
	}
	cmd.Flags = append(cmd.Flags, envFlag)
	action := cmd.Action
	cmd.Action = func(c *cli.Context) error {
		if u.flagsAfterArgs {
			if _, _, moved := splitFlags(cmd, c.Args().Slice()); moved {
				// The command runs again with its flags parsed.
				return action(c)
			}
		}
		s, err := loadProject(c, u)
		if err != nil {
			return err
		}
		if s != nil {
			for _, set := range u.settings {
				if c.IsSet(set.flag) {
					continue
				}
				for _, v := range set.value(s) {
					if err := c.Set(set.flag, v); err != nil {
						return &configError{hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid setting",
							Detail: err.Error(), Subject: rangeOf(s, set.flag)}}}
					}
				}
			}
			c.Context = context.WithValue(c.Context, projectKey{}, s)
		}
		for _, name := range u.required {
			if !c.IsSet(name) {
				return usagef("Required flag %q not set (give it, or set it in %s)", name, project.FileName)
			}
		}
		return action(c)
	}
	return cmd
}

// rangeOf returns where the project file set the value of a flag.
func rangeOf(s *project.Settings, flag string) *hcl.Range {
	names := map[string]string{"dev-url": "dev_url", "schema": "schemas", "accept-unmanaged": "accept_unmanaged", "dir-format": "format"}
	name := flag
	if n, ok := names[flag]; ok {
		name = n
	}
	if r, ok := s.Ranges[name]; ok {
		return &r
	}
	return &hcl.Range{Filename: s.Path, Start: hcl.InitialPos, End: hcl.InitialPos}
}

// loadProject reads the project file of --config, or the one Find finds;
// it returns nil when there is none. --env without a file is an error.
func loadProject(c *cli.Context, u projectUse) (*project.Settings, error) {
	path := c.String("config")
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if path, err = project.Find(wd); err != nil {
			return nil, err
		}
		// Errors name the file as the user would: schemactl.hcl, or
		// ../../schemactl.hcl from a subdirectory.
		if rel, err := filepath.Rel(wd, path); err == nil && path != "" {
			path = rel
		}
	} else if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && c.Command.Name == "lint" {
		// lint --config names a lint config file since before project
		// files: keep its message.
		if diags := lint.DefaultConfig().LoadFile(path); diags.HasErrors() {
			return nil, &configError{diags}
		}
	}
	if path == "" {
		if env := c.String("env"); env != "" {
			return nil, usagef("--env %s: there is no %s in the working directory or its parents (name one with --config)", env, project.FileName)
		}
		return nil, nil
	}
	s, diags := project.Load(path, project.Options{Env: c.String("env"), AllowMissingDir: u.allowMissingDir})
	if diags.HasErrors() {
		return nil, &configError{diags}
	}
	return s, nil
}

// projectSettings returns the project file's settings that withProject
// loaded for the command, or nil.
func projectSettings(c *cli.Context) *project.Settings {
	s, _ := c.Context.Value(projectKey{}).(*project.Settings)
	return s
}
