package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// A FileWrite is one file of a set written by WriteFiles.
type FileWrite struct {
	Path string
	Data []byte
	// New requires that the file does not exist yet: a migration, once
	// written, is never rewritten (sqlx and Flyway checksum applied files).
	New bool
}

// rename is os.Rename; tests replace it to fail part way through a set.
var rename = os.Rename

// WriteFiles writes a set of files so that either all of them are written
// or none is changed. Each file is first written in full to a temporary
// file in its own folder (which is created if needed); only when every one
// is written and synced are they renamed into place, in order, a rename
// within a folder being atomic. When a rename fails, the files already
// renamed are put back as they were: removed if they were new, given their
// old contents otherwise. A reader therefore never sees a half-written
// file.
func WriteFiles(files []FileWrite) (err error) {
	type staged struct {
		FileWrite
		tmp  string
		old  []byte // contents before, when the file existed
		mode fs.FileMode
	}
	var set []*staged
	defer func() {
		if err != nil {
			for _, s := range set {
				if s.tmp != "" {
					os.Remove(s.tmp)
				}
			}
		}
	}()
	for _, f := range files {
		s := &staged{FileWrite: f, mode: 0o644}
		set = append(set, s)
		old, err := os.ReadFile(f.Path)
		switch {
		case err == nil && f.New:
			return fmt.Errorf("write %s: the file exists already, and a migration is never rewritten", f.Path)
		case err == nil:
			s.old = old
			if fi, err := os.Stat(f.Path); err == nil {
				s.mode = fi.Mode().Perm()
			}
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		if s.tmp, err = writeTemp(f.Path, f.Data, s.mode); err != nil {
			return err
		}
	}
	for i, s := range set {
		if err := rename(s.tmp, s.Path); err != nil {
			err = fmt.Errorf("write %s: %w", s.Path, err)
			// Undo the renames done so far, newest first.
			for j := i - 1; j >= 0; j-- {
				done := set[j]
				if done.old == nil {
					os.Remove(done.Path)
					continue
				}
				tmp, werr := writeTemp(done.Path, done.old, done.mode)
				if werr == nil && rename(tmp, done.Path) == nil {
					continue
				}
				// Renames keep failing: put the old contents back in place,
				// which is not atomic but better than leaving the new ones.
				if werr == nil {
					os.Remove(tmp)
				}
				os.WriteFile(done.Path, done.old, done.mode)
			}
			return err
		}
		s.tmp = ""
	}
	return nil
}

// writeTemp writes data to a new temporary file beside path and returns
// its name.
func writeTemp(path string, data []byte, mode fs.FileMode) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if werr == nil {
		werr = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write %s: %w", path, werr)
	}
	return tmp.Name(), nil
}
