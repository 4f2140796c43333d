package devdb

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ownerFile, inside a server's folder, holds the process id of the
// schemactl process that started the server.
const ownerFile = "owner.pid"

// claim writes the calling process's id into dir, so that a later start can
// tell the folder from one abandoned by a killed process.
func claim(dir string) error {
	return os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644)
}

// sweep removes the server folders under root that a killed schemactl left
// behind: Stop never ran for them, and on a tmpfs each one holds memory
// until the machine reboots (a killed test suite may leave gigabytes). A
// folder is abandoned when the process that claimed it is gone and no
// postmaster runs in it; folders younger than a minute without a claim
// are being set up and are left alone.
func sweep(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "schemactl-pg-") {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if abandoned(dir) {
			os.RemoveAll(dir)
		}
	}
}

func abandoned(dir string) bool {
	if pid, ok := readPID(filepath.Join(dir, "data", "postmaster.pid")); ok && alive(pid) {
		return false
	}
	pid, ok := readPID(filepath.Join(dir, ownerFile))
	if !ok {
		fi, err := os.Stat(dir)
		return err == nil && time.Since(fi.ModTime()) > time.Minute
	}
	return !alive(pid)
}

// readPID reads the process id on the first line of file.
func readPID(file string) (int, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, false
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	return pid, err == nil && pid > 0
}

// alive reports whether a process with this id exists (EPERM: it exists
// but belongs to another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
