#!/usr/bin/env bash
# What a one-family build of pbx-api saves: the default features (every family and the client)
# against `--no-default-features --features switchvox,client`. Each configuration is built
# from nothing in a temporary CARGO_TARGET_DIR (deleted after it, so one exists at a time),
# then rebuilt after touching one Switchvox spec, one Yeastar S-Series spec, and the wire
# runtime (`pbx-wire/src/lib.rs`, which every family crate depends on). The two
# configurations alternate, ROUNDS times each (default 2), because the machine may be shared;
# CPU time (user + system) is reported beside wall time, being less sensitive to other load.
#
#     scripts/feature-build-time.sh [ROUNDS]
#
# Prints one line per build, then each measure's medians and their ratio (one family ÷
# default).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-2}
switchvox_spec=specs/switchvox/current_calls/get_list.toml
other_spec=specs/yeastar_s/outbound/query.toml
runtime_source=pbx-wire/src/lib.rs
declare -A flags=(
  [default]=""
  [switchvox]="--no-default-features --features switchvox,client"
)
results=$(mktemp)
scratch=""
trap 'rm -rf "$results" ${scratch:+"$scratch"}' EXIT

# Wall and CPU seconds of one build, as "wall cpu".
timed() {
  local TIMEFORMAT='%R %U %S' line
  line=$({ time "$@" >/dev/null 2>&1; } 2>&1)
  echo "$line" | awk '{ printf "%.2f %.2f", $1, $2 + $3 }'
}

for round in $(seq "$rounds"); do
  for name in default switchvox; do
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/pbx-feature-build.XXXXXX")
    # shellcheck disable=SC2086 # the flags are separate words on purpose
    build() { CARGO_TARGET_DIR="$scratch" cargo build --locked -p pbx-api ${flags[$name]}; }
    read -r clean clean_cpu <<<"$(timed build)"
    size=$(du -sm "$scratch" | cut -f1)
    touch "$switchvox_spec"
    read -r own _ <<<"$(timed build)"
    touch "$other_spec"
    read -r other _ <<<"$(timed build)"
    touch "$runtime_source"
    read -r runtime runtime_cpu <<<"$(timed build)"
    rm -rf "$scratch"
    scratch=""
    echo "$round $name $clean $clean_cpu $own $other $runtime $runtime_cpu $size" | tee -a "$results"
  done
done

labels=(
  [2]="clean build, wall s"
  [3]="clean build, CPU s"
  [4]="rebuild after touching $switchvox_spec, wall s"
  [5]="rebuild after touching $other_spec, wall s"
  [6]="rebuild after touching $runtime_source, wall s"
  [7]="rebuild after touching $runtime_source, CPU s"
  [8]="target dir, MiB"
)
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "medians over $rounds rounds: default | switchvox,client | ratio"
for col in 2 3 4 5 6 7 8; do
  field=$((col + 1))
  d=$(awk -v c="$field" '$2 == "default" { print $c }' "$results" | median)
  s=$(awk -v c="$field" '$2 == "switchvox" { print $c }' "$results" | median)
  echo "${labels[$col]}: $d | $s | $(awk -v d="$d" -v s="$s" 'BEGIN { printf "%.2f", s / d }')"
done
