package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// connectTimeout bounds how long connect waits for a server, over every
// address and TLS fallback it tries, unless the connection string sets
// connect_timeout (or PGCONNECT_TIMEOUT) itself.
const connectTimeout = 5 * time.Second

// connect opens a connection to the database named by flagURL, or else by
// $DATABASE_URL, or else by libpq's PG* variables (PGHOST, PGPORT, PGUSER,
// PGPASSWORD, PGDATABASE, ...), which pgx reads for whatever the connection
// string leaves out. An unreachable server fails within connectTimeout. No
// error it returns contains the password.
func connect(ctx context.Context, flagURL string) (*pgx.Conn, error) {
	connString := flagURL
	if connString == "" {
		connString = os.Getenv("DATABASE_URL")
	}
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		// pgx redacts the password of the string it quotes; redact again
		// in case the string was too broken for it to find.
		return nil, &redactedError{
			msg: fmt.Sprintf("database URL %s: %s", describeConnString(connString), redactSecrets(err.Error(), connString, "")),
			err: err,
		}
	}
	timeout := connectTimeout
	if cfg.ConnectTimeout > 0 {
		timeout = cfg.ConnectTimeout
	} else {
		cfg.ConnectTimeout = timeout
	}
	// ConnectTimeout applies to each address pgx tries; the context bounds
	// them all, e.g. TLS then plain text (sslmode=prefer) on each host.
	connectCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(connectCtx, cfg)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, context.DeadlineExceeded) || (connectCtx.Err() != nil && ctx.Err() == nil) {
			msg = fmt.Sprintf("no answer within %v: %s", timeout, msg)
		}
		return nil, &redactedError{
			msg: fmt.Sprintf("connect to %s: %s", describeConnString(connString), redactSecrets(msg, connString, cfg.Password)),
			err: err,
		}
	}
	return conn, nil
}

// redactedError is an error whose message has had secrets removed. It still
// unwraps to the original error, so that errors.As finds a *pgconn.PgError
// (whose fields carry no password).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

func (e *redactedError) Unwrap() error { return e.err }

// describeConnString names the target of a connection string in messages,
// without its password.
func describeConnString(s string) string {
	if strings.TrimSpace(s) == "" {
		return "the database of the PG* variables"
	}
	return redactURL(s)
}

// redactSecrets removes from msg the password of connString and password,
// wherever they appear.
func redactSecrets(msg, connString, password string) string {
	if password != "" {
		msg = strings.ReplaceAll(msg, password, "xxxxx")
	}
	if connString != "" {
		if redacted := redactURL(connString); redacted != connString {
			msg = strings.ReplaceAll(msg, connString, redacted)
		}
	}
	return msg
}

var (
	// password=secret or password='se cret' in a key/value connection
	// string, or password=secret as a URL query parameter.
	keyValuePassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)`)
	// user:secret@ in a URL that net/url cannot parse.
	userinfoPassword = regexp.MustCompile(`(://[^:@/]*):[^@]*@`)
)

// redactURL returns a connection string (postgres:// URL or key=value
// form) with its password replaced by xxxxx. Other text comes back as it is.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	s = userinfoPassword.ReplaceAllString(s, "$1:xxxxx@")
	return keyValuePassword.ReplaceAllString(s, "${1}xxxxx")
}
