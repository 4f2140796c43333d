#!/usr/bin/env bash
# Prints the path of the command BIN of npm package PACKAGE@VERSION,
# installing the package into a cache folder the first time:
#
#   scripts/npm-tool.sh dbmate 2.36.0 dbmate
#
# Prints nothing (and says why on stderr) when npm is missing or the install
# fails, so that a caller can decide whether that is an error.
set -euo pipefail
if [ "$#" -ne 3 ]; then
	echo "usage: $0 PACKAGE VERSION BIN" >&2
	exit 2
fi
package=$1 version=$2 name=$3
dir="${XDG_CACHE_HOME:-$HOME/.cache}/schemactl/$package-$version"
bin="$dir/node_modules/.bin/$name"
if [ ! -x "$bin" ]; then
	if ! command -v npm >/dev/null; then
		echo "npm-tool: npm is missing; $package cannot be installed" >&2
		exit 0
	fi
	echo "npm-tool: installing $package $version from npm into $dir" >&2
	mkdir -p "$dir"
	if ! npm install --silent --no-audit --no-fund --prefix "$dir" "$package@$version" >&2; then
		echo "npm-tool: npm install $package failed" >&2
		exit 0
	fi
fi
echo "$bin"
