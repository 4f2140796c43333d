package devdb

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestSweep removes the folder of a server whose owner is gone and keeps
// the folders of live owners and of servers still being set up.
func TestSweep(t *testing.T) {
	root := t.TempDir()
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	dead := strconv.Itoa(done.Process.Pid)
	mk := func(name, owner string, age time.Duration) string {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(owner), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-age)
		if err := os.Chtimes(dir, old, old); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	gone := mk("schemactl-pg-gone", dead, 0)
	unclaimedOld := mk("schemactl-pg-old", "", time.Hour)
	mine := mk("schemactl-pg-mine", strconv.Itoa(os.Getpid()), time.Hour)
	starting := mk("schemactl-pg-starting", "", 0)
	other := mk("other-gone", dead, time.Hour)
	// A postmaster still running in a folder keeps it, whoever claimed it.
	running := mk("schemactl-pg-running", dead, time.Hour)
	if err := os.WriteFile(filepath.Join(running, "data", "postmaster.pid"), []byte(strconv.Itoa(os.Getpid())+"\n/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	sweep(root)

	for dir, kept := range map[string]bool{gone: false, unclaimedOld: false, mine: true, starting: true, other: true, running: true} {
		_, err := os.Stat(dir)
		if exists := err == nil; exists != kept {
			t.Errorf("%s: exists=%v, want %v", filepath.Base(dir), exists, kept)
		}
	}
}
