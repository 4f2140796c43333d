#!/usr/bin/env bash
# Runs the database-facing packages against each PostgreSQL major version
# given (default: 13 14 16 17 18, the ones Debian does not install here),
# using the server binaries scripts/pg-install.sh puts in its cache:
#
#   scripts/test-versions.sh [MAJOR...]
#
# SCHEMACTL_VERSIONS_JOBS versions run at a time (default 2). Each version's
# go test output goes to $SCHEMACTL_VERSIONS_LOG/<major>.log (default
# .test-versions/); one line per version says pass or FAIL and how long it
# took, and the script fails when any version fails.
#
# On these extra versions the convergence suite runs its SQL mode only
# (SCHEMACTL_CONVERGENCE_VIA=sql: the HCL mode differs from it only in
# decoding, which does not depend on the server) and TestIncrementalEqualsFull
# (a planner-cache property, tested on the main version) is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

GO="${GO:-go}"
versions=("$@")
[ "${#versions[@]}" -gt 0 ] || versions=(13 14 16 17 18)
jobs="${SCHEMACTL_VERSIONS_JOBS:-2}"
logs="${SCHEMACTL_VERSIONS_LOG:-.test-versions}"
mkdir -p "$logs"

pkgs=(./internal/inspect ./internal/state ./internal/convergence ./internal/migrate
	./internal/apply ./internal/devdb)

declare -A bindir
while read -r major dir; do
	bindir[$major]="$dir"
done < <(scripts/pg-install.sh "${versions[@]}")

# Build the test binaries once, before the versions compete for the cores.
"$GO" test -count=1 -run '^$' "${pkgs[@]}" >/dev/null

run_one() {
	local major="$1" start rc
	start=$(date +%s)
	rc=0
	SCHEMACTL_PG_BIN="${bindir[$major]}" SCHEMACTL_CONVERGENCE_VIA=sql \
		SCHEMACTL_TEST_REQUIRE_DB=1 \
		"$GO" test -count=1 -timeout 28m -skip '^TestIncrementalEqualsFull$' "${pkgs[@]}" \
		>"$logs/$major.log" 2>&1 || rc=$?
	local secs=$(($(date +%s) - start))
	echo "$rc" >"$logs/$major.rc"
	if [ "$rc" = 0 ]; then
		echo "PostgreSQL $major: pass (${secs} s)"
	else
		echo "PostgreSQL $major: FAIL (${secs} s): $logs/$major.log"
		grep -E '^(--- FAIL|FAIL|ok) ' "$logs/$major.log" | grep -v '^ok' | head -20 | sed 's/^/    /'
	fi
	return "$rc"
}

start=$(date +%s)
for major in "${versions[@]}"; do
	rm -f "$logs/$major.rc"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n || true
	done
	run_one "$major" &
done
wait
failed=0
for major in "${versions[@]}"; do
	[ "$(cat "$logs/$major.rc" 2>/dev/null)" = 0 ] || failed=1
done
echo "test-versions: ${versions[*]} in $(($(date +%s) - start)) s"
exit "$failed"
