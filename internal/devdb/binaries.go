package devdb

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
)

// ErrNoPostgres is returned when no local PostgreSQL server binaries can be found.
var ErrNoPostgres = errors.New("no PostgreSQL server binaries found: install PostgreSQL (13 or later, e.g. Debian's postgresql package), put its bin folder on PATH or in SCHEMACTL_PG_BIN, or pass --dev-url")

// findBinDir returns the folder that holds initdb and postgres. It looks, in
// order, at $SCHEMACTL_PG_BIN, at PATH, and at Debian's versioned folders
// (/usr/lib/postgresql/<major>/bin, newest first), because Debian installs
// the server binaries outside PATH.
func findBinDir() (string, error) {
	if dir := os.Getenv("SCHEMACTL_PG_BIN"); dir != "" {
		if hasServerBinaries(dir) {
			return dir, nil
		}
		return "", fmt.Errorf("SCHEMACTL_PG_BIN=%s holds no initdb and postgres", dir)
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		// Prefer the folder a symlink on PATH points into: it also holds
		// pg_dump and the other tools of the same version.
		if real, err := filepath.EvalSymlinks(p); err == nil && hasServerBinaries(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if dir := filepath.Dir(p); hasServerBinaries(dir) {
			return dir, nil
		}
	}
	for _, dir := range debianBinDirs() {
		if hasServerBinaries(dir) {
			return dir, nil
		}
	}
	return "", ErrNoPostgres
}

// debianBinDirs lists /usr/lib/postgresql/<major>/bin folders, newest major first.
func debianBinDirs() []string {
	entries, err := os.ReadDir("/usr/lib/postgresql")
	if err != nil {
		return nil
	}
	type versioned struct {
		major int
		dir   string
	}
	var found []versioned
	for _, e := range entries {
		major, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		found = append(found, versioned{major, filepath.Join("/usr/lib/postgresql", e.Name(), "bin")})
	}
	sort.Slice(found, func(i, j int) bool { return found[i].major > found[j].major })
	dirs := make([]string, len(found))
	for i, f := range found {
		dirs[i] = f.dir
	}
	return dirs
}

func hasServerBinaries(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}
