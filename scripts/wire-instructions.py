#!/usr/bin/env python3
"""Instructions per iteration of each wire row, generated against hand-written, under callgrind.

Times on a shared machine move a row's ratio by +-0.2 from run to run; instruction counts
repeat exactly for the same binary and input, so they settle whether a ratio is under its
target. They are not times: a cache miss or a mispredicted branch counts as one instruction.
Read them beside the criterion medians of `cargo bench -p pbx-tests --bench wire`.

    python3 scripts/wire-instructions.py [--iterations N] [FILTER ...]

Each FILTER keeps the rows whose id contains it (`decode/switchvox`). Needs valgrind.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    """Builds the `wire_count` bench binary and returns its path."""
    out = subprocess.run(
        ["cargo", "bench", "-p", "pbx-tests", "--bench", "wire_count", "--no-run",
         "--message-format=json"],
        cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "wire_count" \
                and msg.get("executable"):
            return msg["executable"]
    sys.exit("wire-instructions: cargo built no wire_count executable")


def instructions(exe, side, iterations, scratch):
    """Instructions callgrind counts in `counted` for `iterations` runs of `side`."""
    out_file = os.path.join(scratch, "callgrind.out")
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--toggle-collect=*wire_count*counted*",
         f"--callgrind-out-file={out_file}", exe, side, str(iterations)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    with open(out_file) as f:
        for line in f:
            m = re.match(r"totals:\s+(\d+)", line)
            if m:
                return int(m.group(1))
    sys.exit(f"wire-instructions: no totals for {side!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("filters", nargs="*")
    args = parser.parse_args()
    exe = build()
    ids = subprocess.run([exe, "list"], check=True, stdout=subprocess.PIPE, text=True).stdout.split("\n")
    rows = {}
    for side_id in filter(None, ids):
        row, _, label = side_id.rpartition("/")
        if all(f in side_id for f in args.filters) or not args.filters:
            rows.setdefault(row, []).append((label, side_id))
    print("| Row | Generated | Hand-written | Ratio |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for row, sides in rows.items():
            counts = []
            for label, side_id in sides:
                # Two lengths of loop: their difference is the loop alone, without the fixed
                # cost of entering `counted` once.
                short = instructions(exe, side_id, args.iterations, scratch)
                long = instructions(exe, side_id, 2 * args.iterations, scratch)
                counts.append((label, (long - short) / args.iterations))
            if len(counts) != 2:
                continue
            (_, ours), (label, theirs) = counts
            ratio = ours / theirs if theirs else float("inf")
            print(f"| {row} | {ours:,.0f} | {theirs:,.0f} ({label}) | {ratio:.2f} |", flush=True)


if __name__ == "__main__":
    main()
