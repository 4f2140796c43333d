#!/usr/bin/env bash
# make bench: the 2,000-table benchmark of schemactl against pg_dump, plus
# the Go benchmarks of the packages. Figures are printed, never asserted:
# the machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./tools/bench -schemactl bin/schemactl "$@"
# migrate apply of 500 small sqlx migrations to an empty database, and
# migrate status of the 500 applied (internal/deploy/bench_test.go).
go test -run '^$' -bench 'Apply500|Status500' -benchtime 3x ./internal/deploy/
