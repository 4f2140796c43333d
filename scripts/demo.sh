#!/bin/sh
# make demo: what a schema change looks like with schemactl.
#
# Copies examples/platform to a temporary folder, adds an indexed column to
# its schema.hcl, runs `schemactl migrate diff`, and shows the migration
# files it wrote and the change to derived_schema.sql; then `migrate check`
# confirms that migrations, schema and dump agree. Needs only the binary
# that `make build` wrote and a local PostgreSQL installation (schemactl
# starts a throwaway server from it; set SCHEMACTL_DEV_URL to use another).
# SCHEMACTL names another schemactl binary.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
schemactl=${SCHEMACTL:-$repo/bin/schemactl}
work=$(mktemp -d "${TMPDIR:-/tmp}/schemactl-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold=; plain=; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
run() { printf '$ %s\n' "$*"; "$@"; }

cp -R "$repo/examples/platform" "$work/platform"
cd "$work/platform"

step "A copy of examples/platform in $work/platform"
run ls migrations
run "$schemactl" migrate check --dir migrations --to schema.hcl

step "Edit schema.hcl: deployments get a region, and an index on it"
cat > region.hcl <<'HCL'
  column "region" {
    type    = text
    default = "eu-west-1"
  }
  index "deployments_region_idx" {
    columns = [column.region]
  }
HCL
# Insert the blocks into table "deployments", before its expiry index.
awk 'FNR == NR { add = add $0 "\n"; next }
     /index "deployments_active_expiry_idx"/ { printf "%s", add }
     { print }' region.hcl schema.hcl > schema.hcl.new
mv schema.hcl.new schema.hcl
rm region.hcl
cat <<'HCL'
  table "deployments" {
    ...
+   column "region" {
+     type    = text
+     default = "eu-west-1"
+   }
+   index "deployments_region_idx" {
+     columns = [column.region]
+   }
HCL

step "Write the migration"
ls migrations > "$work/before"
run "$schemactl" migrate diff add_deployment_region --dir migrations --to schema.hcl

step "The files it wrote (the index is built CONCURRENTLY, so it gets a -- no-transaction file of its own)"
ls migrations | while read -r f; do
	if ! grep -qxF "$f" "$work/before"; then
		printf '\n--- migrations/%s\n' "$f"
		cat "migrations/$f"
	fi
done

step "CI: migrations, schema.hcl and derived_schema.sql agree"
run "$schemactl" migrate check --dir migrations --to schema.hcl
