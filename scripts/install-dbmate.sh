#!/usr/bin/env bash
# Prints the path of a dbmate binary for the interop tests of
# internal/deploy, installing dbmate from npm into a cache folder the first
# time. Prints nothing (and says why on stderr) when npm is missing: the
# tests then skip dbmate, or fail under SCHEMACTL_TEST_REQUIRE_DB=1.
set -euo pipefail
version=2.36.0
dir="${XDG_CACHE_HOME:-$HOME/.cache}/schemactl/dbmate-$version"
bin="$dir/node_modules/.bin/dbmate"
if [ ! -x "$bin" ]; then
	if ! command -v npm >/dev/null; then
		echo "install-dbmate: npm is missing; the dbmate interop test cannot run" >&2
		exit 0
	fi
	echo "install-dbmate: installing dbmate $version from npm into $dir" >&2
	mkdir -p "$dir"
	if ! npm install --silent --no-audit --no-fund --prefix "$dir" "dbmate@$version" >&2; then
		echo "install-dbmate: npm install dbmate failed" >&2
		exit 0
	fi
fi
echo "$bin"
