#!/usr/bin/env python3
"""Instructions rustc spends expanding each family crate, under callgrind.

`-Z time-passes` reports `expand_crate` in milliseconds that move by half from one build to
the next on a shared machine; instructions repeat for the same compiler and input. This runs
rustc on one family crate exactly as cargo does, stopped after expansion
(`-Z unpretty=expanded`), and reads the inclusive count of rustc's `MacroExpander::expand_crate`:
the `family!` macro itself (reading the specs, generating the code, handing the tokens to
rustc), parsing its output, and the derives and other macros inside it. The macro's own share
is printed beside it. Instructions are not time: read them beside `-Z time-passes`.

    python3 scripts/expansion-instructions.py [--check] [FAMILY ...]   # openvox yeastar_s ..

With `--check`, rustc goes on through name resolution and type checking (`--emit=metadata`,
what `cargo check` does) and the whole run is counted: the front end every build of the
family pays, of which expansion is a part. Needs valgrind and callgrind_annotate; takes about
15 s per family after a build (a few minutes with `--check`).
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What to read off the profile: (label, pattern of the function's name).
FUNCTIONS = [
    ("expand_crate", r"<rustc_expand::expand::MacroExpander>::expand_crate "),
    ("macro", r"pbx_gen::expand_family "),
]


def families():
    """The family folders of `specs/`, in name order."""
    specs = os.path.join(ROOT, "specs")
    return sorted(d for d in os.listdir(specs) if os.path.isfile(os.path.join(specs, d, "family.toml")))


def spec_counts(family):
    """(endpoint files, event files) of a family folder."""
    endpoints = events = 0
    base = os.path.join(ROOT, "specs", family)
    for dirpath, _, files in os.walk(base):
        in_events = os.path.relpath(dirpath, base).split(os.sep)[0] == "events"
        for name in files:
            if name.endswith(".toml") and not (dirpath == base and name == "family.toml"):
                if in_events:
                    events += 1
                else:
                    endpoints += 1
    return endpoints, events


def rustc_command(family):
    """The environment and arguments cargo passes rustc for the family's library."""
    crate = "pbx_" + family
    os.utime(os.path.join(ROOT, "families", family, "src", "lib.rs"))
    out = subprocess.run(
        ["cargo", "build", "-vv", "-p", "pbx-" + family.replace("_", "-")],
        cwd=ROOT, env=dict(os.environ, CARGO_INCREMENTAL="0", CARGO_TERM_COLOR="never"),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    ).stderr
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("Running `") and f"--crate-name {crate} " in line:
            words = shlex.split(line[len("Running `"):].rstrip("`"))
            env = {}
            while "=" in words[0] and not words[0].startswith("-"):
                key, value = words.pop(0).split("=", 1)
                env[key] = value
            return env, words
    sys.exit(f"expansion-instructions: cargo did not run rustc for {crate} (is it built already?)")


def count(family, scratch, check):
    """Inclusive instructions of each of FUNCTIONS while rustc expands the family crate (and,
    with `check`, of the whole run through type checking)."""
    env, words = rustc_command(family)
    # Write nothing cargo reads: stop after expansion, or write metadata into the scratch folder.
    words = [w for w in words if not w.startswith(("--emit", "--error-format", "--json"))]
    if check:
        stop = ["--emit=metadata", "--out-dir", scratch]
        if "--out-dir" in words:
            at = words.index("--out-dir")
            del words[at:at + 2]
    else:
        stop = ["-Zunpretty=expanded", "-o", os.devnull]
    out_file = os.path.join(scratch, f"{family}.callgrind")
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"] + words + stop,
        cwd=ROOT, env=dict(os.environ, **env, RUSTC_BOOTSTRAP="1"),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", out_file],
        check=True, stdout=subprocess.PIPE, text=True,
    ).stdout
    found = {}
    for line in report.splitlines():
        if check and line.endswith("PROGRAM TOTALS"):
            found["check"] = int(line.split()[0].replace(",", ""))
        for label, pattern in FUNCTIONS:
            if label not in found and re.search(pattern, line):
                found[label] = int(line.split()[0].replace(",", ""))
    return found


def main():
    args = sys.argv[1:]
    check = "--check" in args
    chosen = [a for a in args if a != "--check"] or families()
    columns = ["expand_crate", "macro"] + (["check"] if check else [])
    print(f"{'family':<12} {'endpoints':>9} {'events':>6}" + "".join(f" {c:>14}" for c in columns)
          + f" {'expansion per endpoint':>23}")
    total = dict.fromkeys(columns + ["endpoints"], 0)
    with tempfile.TemporaryDirectory() as scratch:
        for family in chosen:
            endpoints, events = spec_counts(family)
            found = count(family, scratch, check)
            total["endpoints"] += endpoints
            for c in columns:
                total[c] += found.get(c, 0)
            per = found.get("expand_crate", 0) // max(endpoints, 1)
            print(f"{family:<12} {endpoints:>9} {events:>6}"
                  + "".join(f" {found.get(c, 0):>14,}" for c in columns) + f" {per:>23,}")
    if len(chosen) > 1:
        per = total["expand_crate"] // max(total["endpoints"], 1)
        print(f"{'all':<12} {total['endpoints']:>9} {'':>6}"
              + "".join(f" {total[c]:>14,}" for c in columns) + f" {per:>23,}")


if __name__ == "__main__":
    main()
