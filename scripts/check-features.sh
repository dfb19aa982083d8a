#!/usr/bin/env bash
# Checks that pbx-api builds with each family feature alone, with and without the client, and
# with none; a warning fails as an error does. `cargo check`, so it costs seconds once the
# dependencies are checked. The families are the features of pbx-api/Cargo.toml that enable a
# family crate (`x = ["dep:pbx-..."]`), so a new family is checked without editing this script.
set -euo pipefail
cd "$(dirname "$0")/.."

families=$(sed -n 's/^\([a-z0-9-]*\) = \["dep:pbx-[a-z0-9-]*"\]$/\1/p' pbx-api/Cargo.toml)
if [ -z "$families" ]; then
  echo "no family features found in pbx-api/Cargo.toml" >&2
  exit 1
fi

# A warning fails the check too (an import or helper left ungated for some family).
check() {
  echo "cargo check -p pbx-api --no-default-features ${1:+--features $1}"
  local out
  out=$(cargo check --quiet -p pbx-api --no-default-features ${1:+--features "$1"} 2>&1) || {
    echo "$out" >&2
    exit 1
  }
  if [ -n "$out" ]; then
    echo "$out" >&2
    exit 1
  fi
}

check ""
check client
for family in $families; do
  check "$family"
  check "$family,client"
done
