// Command schemactl is a declarative schema tool for PostgreSQL.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// atExit runs before the process exits; a build with -tags profile
// (profile.go) writes its profiles there.
var atExit = func() {}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	atExit()
	os.Exit(code)
}
