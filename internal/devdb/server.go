package devdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// A Server is a throwaway PostgreSQL server started from the local
// installation. It listens on a unix socket only and keeps all its files in
// one temporary folder, removed by Stop.
type Server struct {
	dir     string // temporary folder: data/, the socket and the log
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the postgres process has exited
	waitErr error         // the process's exit status, valid after exited is closed
	Major   int           // PostgreSQL major version, e.g. 15
	BinDir  string        // folder of the server binaries, with pg_dump beside them
}

// socketPort is the port number in the socket file's name. The server
// listens on no TCP port, so any fixed number works.
const socketPort = 5432

// templateVersion identifies the initdb options of cached templates.
const templateVersion = "c-utf8-wal1"

// Start initialises and starts a throwaway server. The first start for a
// PostgreSQL version runs initdb into a cache folder; later starts copy that
// folder, which is much faster than initdb.
func Start(ctx context.Context) (*Server, error) {
	return StartMajor(ctx, 0)
}

// StartMajor is Start with the binaries of PostgreSQL major when they are
// installed ($SCHEMACTL_PG_BIN, Debian's folders, the pg-install cache),
// and the default ones otherwise; 0 means the default ones. The caller
// compares Server.Major with what it asked for.
func StartMajor(ctx context.Context, want int) (*Server, error) {
	binDir, major, err := binDirFor(ctx, want)
	if err != nil {
		return nil, err
	}
	owner, err := serverUser()
	if err != nil {
		return nil, err
	}
	template, err := cachedTemplate(ctx, binDir, major, owner)
	if err != nil {
		return nil, err
	}
	for _, root := range scratchRoots() {
		sweep(root)
	}
	root := scratchRoot()
	dir, err := os.MkdirTemp(root, "schemactl-pg-")
	if err != nil {
		return nil, fmt.Errorf("start dev database: %w", err)
	}
	if err := claim(dir); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start dev database: %w", err)
	}
	s := &Server{dir: dir, Major: major, BinDir: binDir, exited: make(chan struct{})}
	if err := s.start(ctx, binDir, template, owner); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func (s *Server) start(ctx context.Context, binDir, template string, owner *account) error {
	data := filepath.Join(s.dir, "data")
	if err := copyTree(template, data); err != nil {
		return fmt.Errorf("start dev database: copy template: %w", err)
	}
	if err := owner.chownTree(s.dir); err != nil {
		return fmt.Errorf("start dev database: %w", err)
	}
	logFile, err := os.Create(filepath.Join(s.dir, "postgres.log"))
	if err != nil {
		return fmt.Errorf("start dev database: %w", err)
	}
	defer logFile.Close()
	s.cmd = exec.Command(filepath.Join(binDir, "postgres"),
		"-D", data,
		"-k", s.dir,
		"-p", strconv.Itoa(socketPort),
		"-c", "listen_addresses=",
		"-c", "fsync=off",
		"-c", "full_page_writes=off",
		"-c", "synchronous_commit=off",
		"-c", "max_connections=40",
		// A desired schema is applied in one transaction, which locks every
		// table, index and sequence it creates: thousands of locks for a
		// large schema, far past the default 64 per connection.
		"-c", "max_locks_per_transaction=2048",
		"-c", "shared_buffers=32MB",
		"-c", "unix_socket_permissions=0777",
	)
	s.cmd.Stdout = logFile
	s.cmd.Stderr = logFile
	s.cmd.Dir = s.dir
	s.cmd.Env = serverEnv()
	s.cmd.SysProcAttr = owner.procAttr()
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start dev database: %w", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(ctx); err != nil {
		s.Stop()
		return err
	}
	return nil
}

// waitReady polls until the server accepts connections, the process exits,
// or 60 seconds pass.
func (s *Server) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, s.URL("postgres"))
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("start dev database: postgres exited: %v\n%s", s.waitErr, s.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("start dev database: not ready after 60s: %v\n%s", err, s.logTail())
		}
	}
}

// URL returns a connection URL for database db as the superuser "postgres".
func (s *Server) URL(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Path:     "/" + db,
		RawQuery: url.Values{"host": {s.dir}, "port": {strconv.Itoa(socketPort)}, "sslmode": {"disable"}}.Encode(),
	}
	return u.String()
}

// Stop shuts the server down (fast shutdown, then immediate, then kill) and
// removes its folder. It is safe to call more than once.
func (s *Server) Stop() error {
	if s.cmd != nil && s.cmd.Process != nil {
		for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGKILL} {
			_ = s.cmd.Process.Signal(sig)
			select {
			case <-s.exited:
			case <-time.After(5 * time.Second):
				continue
			}
			break
		}
	}
	return os.RemoveAll(s.dir)
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "postgres.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

var versionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

func serverMajor(ctx context.Context, binDir string) (int, error) {
	out, err := exec.CommandContext(ctx, filepath.Join(binDir, "postgres"), "--version").Output()
	if err != nil {
		return 0, fmt.Errorf("%s/postgres --version: %w", binDir, err)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("%s/postgres --version: unexpected output %q", binDir, out)
	}
	major, _ := strconv.Atoi(string(m[1]))
	if major < 13 {
		return 0, fmt.Errorf("PostgreSQL %d in %s is too old: schemactl needs 13 or later", major, binDir)
	}
	return major, nil
}

// cachedTemplate returns a folder holding an initialised, never started data
// directory for this PostgreSQL version, running initdb on first use. The
// cache is private to the calling user; copies are made per server.
func cachedTemplate(ctx context.Context, binDir string, major int, owner *account) (string, error) {
	root := os.Getenv("SCHEMACTL_CACHE_DIR")
	if root == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		root = filepath.Join(base, "schemactl")
	}
	// The suffix names the initdb options, so changing them invalidates old caches.
	template := filepath.Join(root, fmt.Sprintf("pgdata-%d-%s", major, templateVersion))
	if _, err := os.Stat(filepath.Join(template, "PG_VERSION")); err == nil {
		return template, nil
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", fmt.Errorf("dev database cache: %w", err)
	}
	// initdb runs as the server's user, which may not reach root's cache
	// folder, so it writes into a fresh temporary folder that is then copied
	// into the cache and renamed into place (concurrent first starts race
	// harmlessly: the loser's copy is removed).
	work, err := os.MkdirTemp(scratchRoot(), "schemactl-initdb-")
	if err != nil {
		return "", fmt.Errorf("dev database cache: %w", err)
	}
	defer os.RemoveAll(work)
	if err := owner.chownTree(work); err != nil {
		return "", err
	}
	data := filepath.Join(work, "data")
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"),
		"-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
		// 1 MB WAL segments instead of 16 MB: the data directory is
		// copied on every start, and a throwaway server writes little WAL.
		"--wal-segsize=1")
	cmd.Dir = work
	cmd.Env = serverEnv()
	cmd.SysProcAttr = owner.procAttr()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("initdb: %w\n%s", err, out.String())
	}
	staging, err := os.MkdirTemp(root, "pgdata-staging-")
	if err != nil {
		return "", fmt.Errorf("dev database cache: %w", err)
	}
	defer os.RemoveAll(staging)
	if err := copyTree(data, filepath.Join(staging, "data")); err != nil {
		return "", fmt.Errorf("dev database cache: %w", err)
	}
	if err := os.Rename(filepath.Join(staging, "data"), template); err != nil {
		if _, statErr := os.Stat(filepath.Join(template, "PG_VERSION")); statErr == nil {
			return template, nil // another process won the race
		}
		return "", fmt.Errorf("dev database cache: %w", err)
	}
	return template, nil
}

// serverEnv is the environment of initdb and postgres: ours without the
// libpq variables (PGPORT, PGDATA, ...), which both programs read and which
// belong to the user's own connections, not to a throwaway server.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return append(env, "LC_ALL=C")
}

// scratchRoot returns the folder that holds throwaway servers:
// $SCHEMACTL_TMPDIR, else /dev/shm when it is a writable tmpfs with room to
// spare, else the system's temporary folder. Memory-backed storage matters:
// copying the template onto a journaled disk takes a second or more, onto
// tmpfs under a tenth of that, and the server never needs durability.
func scratchRoot() string {
	if dir := os.Getenv("SCHEMACTL_TMPDIR"); dir != "" {
		return dir
	}
	var st syscall.Statfs_t
	const tmpfsMagic = 0x01021994
	if err := syscall.Statfs("/dev/shm", &st); err == nil && st.Type == tmpfsMagic &&
		st.Bavail*uint64(st.Bsize) > 1<<30 && syscall.Access("/dev/shm", 2 /* W_OK */) == nil {
		return "/dev/shm"
	}
	return os.TempDir()
}

// scratchRoots lists every folder scratchRoot may choose.
func scratchRoots() []string {
	if dir := os.Getenv("SCHEMACTL_TMPDIR"); dir != "" {
		return []string{dir}
	}
	return []string{"/dev/shm", os.TempDir()}
}

// copyTree copies the folder src to dst, keeping file modes.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm())
		case info.Mode().IsRegular():
			return copyFile(path, target, info.Mode().Perm())
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		return nil
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// An account is the operating-system user the server runs as: the current
// user, or "postgres" when running as root.
type account struct {
	uid, gid uint32
	switchTo bool // true when the server must run as another user than ours
}

func serverUser() (*account, error) {
	if os.Geteuid() != 0 {
		return &account{}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, and PostgreSQL refuses to run as root: create a \"postgres\" user or run schemactl as an unprivileged user")
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &account{uid: uint32(uid), gid: uint32(gid), switchTo: true}, nil
}

func (a *account) procAttr() *syscall.SysProcAttr {
	// Pdeathsig makes the server shut down at once if schemactl dies
	// without calling Stop (SIGQUIT is PostgreSQL's immediate shutdown).
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGQUIT}
	if a.switchTo {
		attr.Credential = &syscall.Credential{Uid: a.uid, Gid: a.gid}
	}
	return attr
}

func (a *account) chownTree(dir string) error {
	if !a.switchTo {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(a.uid), int(a.gid))
	})
}
