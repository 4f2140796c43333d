package state

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/effect"
)

// This file prepares the dev server for scripts the way the user's
// production cluster is prepared for them: roles are cluster-wide and are
// often made outside the migrations (by Terraform, an operator, a DBA), so
// the migrations name roles they never create; a scratch database of a
// throwaway server has none of them. The scripts are parsed with
// PostgreSQL's parser to find every role they name, and the ones that they
// do not create themselves are created NOLOGIN before they run.

// needs is what scripts require of the server before they run.
type needs struct {
	// Roles are the roles the scripts name and do not create, sorted.
	Roles []string
	// Extensions are the extensions the scripts create, in order of use.
	Extensions []extensionUse
}

type extensionUse struct {
	Name  string
	Where string // file:line:col of the CREATE EXTENSION
}

// scriptNeeds parses scripts and lists the roles they name (RoleSpec
// nodes: owners, grantees, policy roles, ALTER DEFAULT PRIVILEGES FOR
// ROLE, ...; roles granted with GRANT role TO; SET ROLE and SET SESSION
// AUTHORIZATION) less the ones they create (CREATE ROLE, USER or GROUP,
// ALTER ROLE ... RENAME TO) and the built-in ones (PUBLIC, CURRENT_USER,
// SESSION_USER, CURRENT_ROLE, pg_*), and the extensions they create. A
// script that does not parse contributes what precedes its syntax error:
// running it reports the error.
func scriptNeeds(scripts []apply.Script) needs {
	used := map[string]bool{}
	created := map[string]bool{}
	var n needs
	for _, s := range scripts {
		// Parsing costs about 0.4 ms per table of a large schema, which the
		// run parses again anyway; most statements cannot name a role or an
		// extension, so the scanner splits the script, a text search rules
		// those out, and only the rest are parsed.
		if !mayNeed(s.SQL) {
			continue
		}
		pieces, err := pg_query.SplitWithScanner(s.SQL, false)
		if err != nil {
			continue // running the script reports it
		}
		at := 0
		for _, piece := range pieces {
			off := strings.Index(s.SQL[at:], piece)
			if off < 0 {
				break
			}
			off += at
			at = off + len(piece)
			if !mayNeed(piece) {
				continue
			}
			stmts, _ := effect.ParsePrefix(piece)
			for _, st := range stmts {
				start := off + st.Start
				st.Inspect(func(m proto.Message) bool {
					switch x := m.(type) {
					case *pg_query.RoleSpec:
						if x.Roletype == pg_query.RoleSpecType_ROLESPEC_CSTRING {
							used[x.Rolename] = true
						}
					case *pg_query.CreateRoleStmt:
						created[x.Role] = true
					case *pg_query.RenameStmt:
						if x.RenameType == pg_query.ObjectType_OBJECT_ROLE {
							created[x.Newname] = true
							used[x.Subname] = true
						}
					case *pg_query.GrantRoleStmt:
						// The granted roles are AccessPriv names, not RoleSpecs.
						for _, g := range x.GrantedRoles {
							if ap := g.GetAccessPriv(); ap != nil && ap.PrivName != "" {
								used[ap.PrivName] = true
							}
						}
					case *pg_query.VariableSetStmt:
						if x.Kind == pg_query.VariableSetKind_VAR_SET_VALUE && (x.Name == "role" || x.Name == "session_authorization") && len(x.Args) == 1 {
							if c := x.Args[0].GetAConst(); c != nil && c.GetSval() != nil {
								if r := c.GetSval().Sval; r != "none" {
									used[r] = true
								}
							}
						}
					case *pg_query.CreateExtensionStmt:
						n.Extensions = append(n.Extensions, extensionUse{Name: x.Extname, Where: position(s, start)})
					}
					return true
				})
			}
		}
	}
	for r := range used {
		if created[r] || builtinRole(r) {
			continue
		}
		n.Roles = append(n.Roles, r)
	}
	sort.Strings(n.Roles)
	return n
}

// needWords are words of which a statement that names a role, or creates
// an extension, holds at least one.
var needWords = []string{"authorization", "grant", "revoke", "owner", "policy", "role", "user", "group", "privileges", "extension", "session"}

// mayNeed reports whether sql may name a role or create an extension: it
// is false only when none of needWords occurs as a word (user_id is not
// user), in any case.
func mayNeed(sql string) bool {
	lower := strings.ToLower(sql)
	for _, w := range needWords {
		for from := 0; ; {
			i := strings.Index(lower[from:], w)
			if i < 0 {
				break
			}
			i += from
			end := i + len(w)
			if (i == 0 || !wordByte(lower[i-1])) && (end == len(lower) || !wordByte(lower[end])) {
				return true
			}
			from = end
		}
	}
	return false
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// builtinRole reports whether r is a role every cluster has, or a word
// that stands for one. The parser turns the keywords PUBLIC, CURRENT_USER,
// SESSION_USER and CURRENT_ROLE into RoleSpecs of their own types; the
// quoted spellings land here.
func builtinRole(r string) bool {
	switch r {
	case "public", "current_user", "session_user", "current_role":
		return true
	}
	return strings.HasPrefix(r, "pg_")
}

// position returns the file:line:col of byte offset off of the script, as
// apply's errors print it (columns in characters), or where the script's
// Origin says the statement came from.
func position(s apply.Script, off int) string {
	if s.Origin != nil {
		if o := s.Origin(off); o != "" {
			return o
		}
	}
	off = min(off, len(s.SQL))
	line := 1 + strings.Count(s.SQL[:off], "\n")
	lineStart := strings.LastIndexByte(s.SQL[:off], '\n') + 1
	return fmt.Sprintf("%s:%d:%d", s.Name, line, 1+utf8.RuneCountInString(s.SQL[lineStart:off]))
}

// prepare readies the dev server for scripts: it fails on an extension
// the server does not have, naming it, the server's version and where the
// server's binaries come from; it creates the outside roles the scripts
// need on a throwaway server, with a note on l's stderr for each; and on a
// server the user named it fails with the list of missing roles instead.
// It returns the server's roles before the scripts run, so that the roles
// the scripts create can be dropped afterwards (nil when not needed).
func (l *Loader) prepare(ctx context.Context, dev *devdb.DB, scripts []apply.Script) (before []string, err error) {
	n := scriptNeeds(scripts)
	if len(n.Extensions) > 0 {
		names := make([]string, len(n.Extensions))
		for i, e := range n.Extensions {
			names[i] = e.Name
		}
		missing, version, err := dev.MissingExtensions(ctx, names)
		if err != nil {
			return nil, err
		}
		for _, e := range n.Extensions {
			if slices.Contains(missing, e.Name) {
				return nil, &devdb.MissingExtensionError{Extension: e.Name, Where: e.Where, Version: version, BinDir: dev.BinDir()}
			}
		}
	}
	created, err := dev.EnsureRoles(ctx, n.Roles)
	for _, r := range created {
		fmt.Fprintf(l.stderr(), "schemactl: created role %s (NOLOGIN) in the dev database: the migrations use it and do not create it\n", devdb.QuoteRole(r))
	}
	if err != nil {
		return nil, err
	}
	if !dev.Throwaway() {
		return nil, nil
	}
	return dev.Roles(ctx)
}

// cleanRoles drops the roles that a run's scripts created on the
// throwaway server (before lists the roles that existed when it started),
// once the scratch database is gone: the next replay on the same server
// runs the same CREATE ROLE and must not find the role there.
func (l *Loader) cleanRoles(ctx context.Context, dev *devdb.DB, before []string) {
	if before == nil {
		return
	}
	after, err := dev.Roles(ctx)
	if err != nil {
		return
	}
	var added []string
	for _, r := range after {
		if !slices.Contains(before, r) {
			added = append(added, r)
		}
	}
	dev.DropRoles(context.WithoutCancel(ctx), added)
}

func (l *Loader) stderr() io.Writer {
	if l.Stderr != nil {
		return l.Stderr
	}
	return os.Stderr
}
