#!/usr/bin/env bash
# Builds the program outside the workspace (examples/outside: pbx-api by path, features
# `yeastar-s` and `client` only) and runs it against `pbx sim` on 127.0.0.1: it places a call,
# lists it, hangs it up and logs out. The simulator is killed at the end, whatever happens;
# every wait is bounded.
#
#     scripts/outside-program.sh
#
# It shares the workspace's target directory (CARGO_TARGET_DIR, else ./target), and the
# program builds with the workspace's Cargo.lock, so only pbx-api and the Yeastar S-Series crate
# with these features (and dependencies whose features differ) are compiled for it. PBX_BIN
# names a `pbx` binary to use instead of building one (CI passes the one its tests built).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
case $CARGO_TARGET_DIR in /*) ;; *) CARGO_TARGET_DIR=$root/$CARGO_TARGET_DIR ;; esac

if [ -z "${PBX_BIN:-}" ]; then
  cargo build --quiet -p pbx-cli --bin pbx
  PBX_BIN=$CARGO_TARGET_DIR/debug/pbx
fi

# The workspace's versions, so that dependencies already built are reused (not committed:
# examples/outside/.gitignore).
cp Cargo.lock examples/outside/Cargo.lock
cargo build --quiet --manifest-path examples/outside/Cargo.toml

out=$(mktemp)
sim=""
cleanup() {
  if [ -n "$sim" ]; then
    kill "$sim" 2>/dev/null || true
    wait "$sim" 2>/dev/null || true
  fi
  rm -f "$out"
}
trap cleanup EXIT

"$PBX_BIN" sim --port 0 --user api --password Secret123 >"$out" 2>&1 &
sim=$!

url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n 1 || true)
  [ -n "$url" ] && break
  if ! kill -0 "$sim" 2>/dev/null; then
    echo "pbx sim exited:" >&2
    cat "$out" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "pbx sim printed no URL within 10 s:" >&2
  cat "$out" >&2
  exit 1
fi

echo "pbx sim at $url"
PBX_URL=$url PBX_USER=api PBX_PASSWORD=Secret123 \
  timeout 60 "$CARGO_TARGET_DIR/debug/pbx-outside"
