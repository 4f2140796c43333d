package devdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// PGCacheDir is the folder where scripts/pg-install.sh installs server
// binaries, one <major>/bin per version: $SCHEMACTL_PG_CACHE, else
// /var/cache/schemactl/pg for root (whose servers run as the postgres user,
// which cannot enter /root), else the user's cache folder + schemactl/pg.
func PGCacheDir() string {
	if dir := os.Getenv("SCHEMACTL_PG_CACHE"); dir != "" {
		return dir
	}
	if os.Geteuid() == 0 {
		return "/var/cache/schemactl/pg"
	}
	if xdg := os.Getenv("XDG_CACHE_HOME"); xdg != "" {
		return filepath.Join(xdg, "schemactl", "pg")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".cache", "schemactl", "pg")
	}
	return ""
}

// binDirFor returns the folder of server binaries of PostgreSQL major,
// looking at $SCHEMACTL_PG_BIN, Debian's /usr/lib/postgresql/<major>/bin,
// the pg-install cache and PATH, in that order. When none of them holds
// that major (or major is 0, any version), it returns the folder Start
// would use by default and its major version, which the caller compares.
func binDirFor(ctx context.Context, major int) (dir string, found int, err error) {
	if major > 0 {
		var candidates []string
		if d := os.Getenv("SCHEMACTL_PG_BIN"); d != "" {
			candidates = append(candidates, d)
		}
		candidates = append(candidates, filepath.Join("/usr/lib/postgresql", strconv.Itoa(major), "bin"))
		if c := PGCacheDir(); c != "" {
			candidates = append(candidates, filepath.Join(c, strconv.Itoa(major), "bin"))
		}
		for _, d := range candidates {
			if !hasServerBinaries(d) {
				continue
			}
			if m, err := serverMajor(ctx, d); err == nil && m == major {
				return d, m, nil
			}
		}
	}
	dir, err = findBinDir()
	if err != nil {
		return "", 0, err
	}
	found, err = serverMajor(ctx, dir)
	return dir, found, err
}

// MismatchNote is what a command says, once, before any output, when the
// dev database's major version differs from the target's: canonical forms
// (how PostgreSQL prints a view, a default, a type) may then differ from
// what the target stores. where names the dev server (a binaries folder or
// "the --dev-url server").
func MismatchNote(target, dev int, where string) string {
	return fmt.Sprintf("schemactl: the target database is PostgreSQL %d but the dev database is PostgreSQL %d (%s): "+
		"canonical forms may differ from what %d stores; install PostgreSQL %d's server binaries "+
		"(scripts/pg-install.sh %d) or pass --dev-url to a PostgreSQL %d server",
		target, dev, where, target, target, target, target)
}
