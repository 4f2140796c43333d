package project

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/migrate"
)

// FileName is the name of the project file, looked for in the working
// directory and its parents up to the root of the git repository.
const FileName = "schemactl.hcl"

// Settings are what a project file says for one environment: the
// top-level settings with those of the chosen env block on top. An empty
// field was not set. Paths are made relative to the working directory (or
// kept absolute when they cannot be), so that they can stand for flags.
type Settings struct {
	// Path is the project file; Env the environment chosen ("" for the
	// top-level settings alone).
	Path string
	Env  string

	// Dir is the migrations directory, DirFormat its format (as
	// migrate.ParseFormat reads it) and Dump the derived dump.
	Dir, DirFormat, Dump string
	// To lists the desired state's files and folders.
	To []string
	// URL is the target database, DevURL the dev server.
	URL, DevURL string
	// Schemas lists schemas to manage besides those the desired state
	// declares; AcceptUnmanaged feeds migrate check --accept-unmanaged.
	Schemas, AcceptUnmanaged []string
	// Lint holds the lint settings, in the order they apply: the
	// top-level lint block, then the env's. Each has been checked.
	Lint []hcl.Body

	// Ranges says where each setting was made, by attribute name ("dir",
	// "url", ...), for errors found later.
	Ranges map[string]hcl.Range
}

// ApplyLint applies the lint settings of s to cfg. They were checked when
// the file was loaded, so diagnostics here are not expected.
func (s *Settings) ApplyLint(cfg *lint.Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, b := range s.Lint {
		diags = append(diags, cfg.LoadBody(b)...)
	}
	return diags
}

// Options say how Load reads a file.
type Options struct {
	// Env names the environment to use; "" means the file's default_env,
	// or the top-level settings alone.
	Env string
	// Getenv looks up the variables of getenv("NAME"); nil means
	// os.LookupEnv.
	Getenv func(string) (string, bool)
	// AllowMissingDir accepts a migrations directory that does not exist
	// yet (migrate diff creates it).
	AllowMissingDir bool
	// WorkDir is the directory paths are made relative to; "" means the
	// working directory.
	WorkDir string
}

// Find returns the project file that applies in dir: dir/schemactl.hcl,
// or the nearest one in a parent of dir up to the root of the git
// repository that holds dir. Outside a repository only dir itself is
// looked at, so that a stray file in /tmp or $HOME is never picked up. It
// returns "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	var candidates []string
	for d := abs; ; {
		candidates = append(candidates, filepath.Join(d, FileName))
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			// No repository: only dir counts.
			candidates = candidates[:1]
			break
		}
		d = parent
	}
	for _, c := range candidates {
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", nil
}

// Load reads the project file at path and returns the settings of the
// environment opts.Env. Every mistake is a diagnostic that points into the
// file: syntax, an unknown attribute or block, a value of the wrong type,
// an unknown env, a URL that does not parse, a migrations directory or
// desired-state path that does not exist, a bad lint setting. No message
// holds the password of a URL.
//
// A file in the format of the older lint config file (schemactl.lint.hcl:
// top-level small_table_rows, assume_in_transaction and rule blocks) is read as a project file
// holding only lint settings, so that --config keeps accepting it.
func Load(path string, opts Options) (*Settings, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the project file",
			Detail: unwrapPathError(err).Error(), Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	return LoadBytes(src, path, opts)
}

// LoadBytes is Load for a file already in memory; path names it in
// diagnostics and anchors its relative paths.
func LoadBytes(src []byte, path string, opts Options) (*Settings, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	l := &loader{path: path, opts: opts}
	if l.opts.Getenv == nil {
		l.opts.Getenv = os.LookupEnv
	}
	if l.opts.WorkDir == "" {
		l.opts.WorkDir, _ = os.Getwd()
	}
	if abs, err := filepath.Abs(filepath.Dir(path)); err == nil {
		l.base = abs
	} else {
		l.base = filepath.Dir(path)
	}
	l.ctx = &hcl.EvalContext{Functions: map[string]function.Function{"getenv": l.getenvFunc()}}
	s := &Settings{Path: path, Ranges: map[string]hcl.Range{}}

	if legacy, _, _ := f.Body.PartialContent(legacyLintSchema); len(legacy.Attributes) > 0 || len(legacy.Blocks) > 0 {
		diags = append(diags, lint.DefaultConfig().LoadBody(f.Body)...)
		s.Lint = []hcl.Body{f.Body}
		return s, sortDiagnostics(diags)
	}

	content, moreDiags := f.Body.Content(fileSchema)
	diags = append(diags, moreDiags...)
	if content == nil {
		return nil, sortDiagnostics(diags)
	}
	diags = append(diags, l.settings(s, content)...)

	envs := map[string]*hcl.Block{}
	var names []string
	for _, b := range content.Blocks {
		if b.Type != "env" {
			continue
		}
		name := b.Labels[0]
		if prev, dup := envs[name]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate env",
				Detail: fmt.Sprintf("env %q is declared already at line %d.", name, prev.DefRange.Start.Line), Subject: b.LabelRanges[0].Ptr()})
			continue
		}
		envs[name] = b
		names = append(names, name)
	}
	sort.Strings(names)

	env, envRange := opts.Env, hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}
	if env == "" {
		if a, ok := content.Attributes["default_env"]; ok {
			var d hcl.Diagnostics
			env, d = l.str(a)
			diags = append(diags, d...)
			envRange = a.Expr.Range()
		}
	}
	if env != "" {
		b, ok := envs[env]
		if !ok {
			detail := fmt.Sprintf("The file declares no env %q", env)
			if len(names) > 0 {
				detail += "; its envs are " + strings.Join(names, ", ")
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown env", Detail: detail + ".", Subject: envRange.Ptr()})
			return nil, sortDiagnostics(diags)
		}
		s.Env = env
		envContent, d := b.Body.Content(envSchema)
		diags = append(diags, d...)
		if envContent != nil {
			diags = append(diags, l.settings(s, envContent)...)
		}
	}
	if diags.HasErrors() {
		return nil, sortDiagnostics(diags)
	}
	diags = append(diags, l.checkPaths(s)...)
	if diags.HasErrors() {
		return nil, sortDiagnostics(diags)
	}
	return s, diags
}

// legacyLintSchema recognises a lint config file of the older format.
var legacyLintSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "small_table_rows"}, {Name: "assume_in_transaction"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "rule", LabelNames: []string{"id"}}},
}

// settingAttributes are the attributes allowed both at the top level and
// in an env block. src is Atlas's name for the desired state, kept for
// users who come from atlas.hcl.
var settingAttributes = []hcl.AttributeSchema{
	{Name: "to"}, {Name: "src"}, {Name: "url"}, {Name: "dev_url"},
	{Name: "schemas"}, {Name: "accept_unmanaged"},
}

var (
	settingBlocks = []hcl.BlockHeaderSchema{{Type: "migrations"}, {Type: "lint"}}
	envSchema     = &hcl.BodySchema{Attributes: settingAttributes, Blocks: settingBlocks}
	fileSchema    = &hcl.BodySchema{
		Attributes: append([]hcl.AttributeSchema{{Name: "default_env"}}, settingAttributes...),
		Blocks:     append([]hcl.BlockHeaderSchema{{Type: "env", LabelNames: []string{"name"}}}, settingBlocks...),
	}
	migrationsSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "dir"}, {Name: "format"}, {Name: "dump"}}}
)

// loader holds what reading one file needs.
type loader struct {
	path string
	base string // the project file's folder: relative paths start there
	opts Options
	ctx  *hcl.EvalContext
}

// settings applies the attributes and blocks of one level (the top level
// or an env block) to s: a later level replaces what an earlier one set.
func (l *loader) settings(s *Settings, c *hcl.BodyContent) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if a, b := c.Attributes["to"], c.Attributes["src"]; a != nil && b != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Conflicting settings",
			Detail: "to and src both name the desired state; keep one (src is Atlas's name for to).", Subject: b.NameRange.Ptr()})
	}
	for _, name := range []string{"to", "src"} {
		if a, ok := c.Attributes[name]; ok {
			list, d := l.strings(a)
			diags = append(diags, d...)
			s.To = nil
			for _, p := range list {
				s.To = append(s.To, l.resolve(p))
			}
			s.Ranges["to"] = a.Expr.Range()
		}
	}
	for name, dst := range map[string]*string{"url": &s.URL, "dev_url": &s.DevURL} {
		a, ok := c.Attributes[name]
		if !ok {
			continue
		}
		v, d := l.str(a)
		diags = append(diags, d...)
		if !d.HasErrors() {
			diags = append(diags, checkURL(name, v, a.Expr.Range())...)
		}
		// An empty value (getenv of an unset variable) leaves the
		// setting to the next source: the flag's environment variable,
		// DATABASE_URL, the PG* variables.
		*dst = v
		s.Ranges[name] = a.Expr.Range()
	}
	for name, dst := range map[string]*[]string{"schemas": &s.Schemas, "accept_unmanaged": &s.AcceptUnmanaged} {
		if a, ok := c.Attributes[name]; ok {
			list, d := l.strings(a)
			diags = append(diags, d...)
			*dst = list
			s.Ranges[name] = a.Expr.Range()
		}
	}
	seen := map[string]*hcl.Block{}
	for _, b := range c.Blocks {
		if b.Type == "env" {
			continue
		}
		if prev, dup := seen[b.Type]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate " + b.Type + " block",
				Detail: fmt.Sprintf("A %s block is declared already at line %d.", b.Type, prev.DefRange.Start.Line), Subject: b.DefRange.Ptr()})
			continue
		}
		seen[b.Type] = b
		switch b.Type {
		case "lint":
			d := lint.DefaultConfig().LoadBody(b.Body)
			diags = append(diags, d...)
			s.Lint = append(s.Lint, b.Body)
		case "migrations":
			mc, d := b.Body.Content(migrationsSchema)
			diags = append(diags, d...)
			if mc == nil {
				continue
			}
			if a, ok := mc.Attributes["dir"]; ok {
				v, d := l.str(a)
				diags = append(diags, d...)
				s.Dir = l.resolve(v)
				s.Ranges["dir"] = a.Expr.Range()
			}
			if a, ok := mc.Attributes["dump"]; ok {
				v, d := l.str(a)
				diags = append(diags, d...)
				s.Dump = l.resolve(v)
				s.Ranges["dump"] = a.Expr.Range()
			}
			if a, ok := mc.Attributes["format"]; ok {
				v, d := l.str(a)
				diags = append(diags, d...)
				if _, err := migrate.ParseFormat(v); err != nil && !d.HasErrors() {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid migrations format",
						Detail: err.Error() + ".", Subject: a.Expr.Range().Ptr()})
				}
				s.DirFormat = v
				s.Ranges["format"] = a.Expr.Range()
			}
		}
	}
	return diags
}

// checkPaths reports a migrations directory and desired-state paths that
// do not exist, where the file names them.
func (l *loader) checkPaths(s *Settings) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if s.Dir != "" {
		fi, err := os.Stat(l.inWorkDir(s.Dir))
		switch {
		case err == nil && !fi.IsDir():
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Migrations directory is not a directory",
				Detail: fmt.Sprintf("%s is a file.", s.Dir), Subject: rangePtr(s.Ranges["dir"])})
		case err != nil && !(l.opts.AllowMissingDir && errors.Is(err, fs.ErrNotExist)):
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing migrations directory",
				Detail: pathProblem(s.Dir, err) + ".", Subject: rangePtr(s.Ranges["dir"])})
		}
	}
	for _, p := range s.To {
		if _, err := os.Stat(l.inWorkDir(p)); err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing desired state",
				Detail: pathProblem(p, err) + ".", Subject: rangePtr(s.Ranges["to"])})
		}
	}
	return diags
}

// inWorkDir returns a path of Settings as the process can open it.
func (l *loader) inWorkDir(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(l.opts.WorkDir, p)
}

func rangePtr(r hcl.Range) *hcl.Range { return &r }

// resolve makes a path of the file, relative to the file's folder, a path
// relative to the working directory (absolute when it cannot be).
func (l *loader) resolve(p string) string {
	if p == "" {
		return ""
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(l.base, p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	// Relative when the working directory is the project's folder or
	// below it (the file was found walking up), absolute otherwise.
	up, err := filepath.Rel(l.opts.WorkDir, l.base)
	if err != nil {
		return abs
	}
	for _, part := range strings.Split(filepath.ToSlash(up), "/") {
		if part != ".." && part != "." {
			return abs
		}
	}
	if rel, err := filepath.Rel(l.opts.WorkDir, abs); err == nil {
		return rel
	}
	return abs
}

// str evaluates a as a string.
func (l *loader) str(a *hcl.Attribute) (string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(l.ctx)
	if diags.HasErrors() {
		return "", diags
	}
	v, err := convert.Convert(v, cty.String)
	if err != nil || v.IsNull() || !v.IsKnown() {
		return "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid value for " + a.Name,
			Detail: a.Name + " must be a string.", Subject: a.Expr.Range().Ptr()}}
	}
	return v.AsString(), nil
}

// strings evaluates a as a list of strings; a single string is a list of one.
func (l *loader) strings(a *hcl.Attribute) ([]string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(l.ctx)
	if diags.HasErrors() {
		return nil, diags
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}, nil
	}
	lv, err := convert.Convert(v, cty.List(cty.String))
	if err != nil || lv.IsNull() || !lv.IsWhollyKnown() {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid value for " + a.Name,
			Detail: a.Name + ` must be a list of strings, such as ["a", "b"].`, Subject: a.Expr.Range().Ptr()}}
	}
	var out []string
	for _, e := range lv.AsValueSlice() {
		if e.IsNull() {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid value for " + a.Name,
				Detail: a.Name + " must not hold null.", Subject: a.Expr.Range().Ptr()}}
		}
		out = append(out, e.AsString())
	}
	return out, nil
}

// getenvFunc is getenv("NAME"): the value of an environment variable, or
// "" when it is not set, so that a setting can come from CI secrets
// without being written in the file.
func (l *loader) getenvFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "name", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v, _ := l.opts.Getenv(args[0].AsString())
			return cty.StringVal(v), nil
		},
	})
}

// checkURL reports a connection URL that will not parse, without quoting
// its password. Key/value connection strings ("host=... dbname=...") are
// left to the driver.
func checkURL(name, v string, rng hcl.Range) hcl.Diagnostics {
	if v == "" || (!strings.Contains(v, "://") && strings.Contains(v, "=")) {
		return nil
	}
	bad := func(why string) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid " + name,
			Detail: fmt.Sprintf("%s is not a postgres:// URL: %s.", RedactURL(v), why), Subject: rng.Ptr()}}
	}
	u, err := url.Parse(v)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// ue.Err describes the problem without the URL itself.
			return bad(redactIn(ue.Err.Error(), v))
		}
		return bad("it does not parse")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return bad(fmt.Sprintf("the scheme is %q, not postgres or postgresql", u.Scheme))
	}
	if u.Opaque != "" {
		return bad("it has no // after the scheme")
	}
	return nil
}

var userinfoPassword = regexp.MustCompile(`(://[^:@/]*):[^/?#]*@`)
var queryPassword = regexp.MustCompile(`(?i)(password=)[^&\s]*`)

// RedactURL returns s with the password of its user info and of a
// password= parameter replaced by xxxxx; it works on strings that do not
// parse as URLs too.
func RedactURL(s string) string {
	s = userinfoPassword.ReplaceAllString(s, "$1:xxxxx@")
	return queryPassword.ReplaceAllString(s, "${1}xxxxx")
}

// redactIn removes from msg any part of raw's password that it quotes.
func redactIn(msg, raw string) string {
	if m := userinfoPassword.FindStringSubmatch(raw); m != nil {
		pw := strings.TrimSuffix(strings.TrimPrefix(m[0], m[1]+":"), "@")
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return RedactURL(msg)
}

// pathProblem says what is wrong with path, named as the user sees it.
func pathProblem(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// unwrapPathError keeps "stat x: no such file" from reading "stat x: ...".
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// sortDiagnostics orders diagnostics by their place in the file.
func sortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		if a == nil || b == nil {
			return b == nil && a != nil
		}
		return a.Start.Byte < b.Start.Byte
	})
	return diags
}
