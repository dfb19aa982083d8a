#!/usr/bin/env python3
"""Generator scale: how macro expansion and build time grow with the number of endpoints.

Writes 10, 100 and 1000 synthetic endpoint specs into a scratch crate outside the repository
(one family, each endpoint shaped like a seed: three parameters, one response field, one
example), then measures for each size:
- the macro expansion time (rustc -Z time-passes, `expand_crate`),
- the build time of the crate (dependencies already built),
- the rebuild time after editing one spec.

    python3 scripts/generator-scale.py [--sizes 10,100,1000] [--dir /tmp/pbx-scale]
"""

import argparse
import os
import re
import shutil
import subprocess
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FAMILY = """name = "Synthetic API"
version = "v1"
url = "/api/{version}/{path}?token={token}&type={format}"
formats = ["json", "xml"]
envelope = "status"
errors = [
  { code = 10004, name = "ParameterBlank", message = "The required parameter is blank" },
]
"""

ENDPOINT = """name = "Endpoint {i}"
summary = "Synthetic endpoint {i}."
path = "group/endpoint_{i}"
effect = "call"
errors = [10004]

[params.extid]
type = "string"
required = true
chars = "0-9"

[params.outto]
type = "string"
required = true
chars = "0-9*#+"

[params.autoanswer]
type = "bool"
wire = "yes_no"
default = "no"

[response.callid]
type = "string"

[[examples]]
name = "example"
format = "json"
request = '{{"extid":"101","outto":"16103","autoanswer":"no"}}'
response = '{{"status":"Success","callid":"1.{i}"}}'
"""


def run(cmd, cwd, env=None):
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-4000:]}")
    return elapsed, done.stdout + done.stderr


def write_crate(root, size):
    specs = os.path.join(root, "specs", "synth")
    if os.path.isdir(os.path.join(root, "specs")):
        shutil.rmtree(os.path.join(root, "specs"))
    os.makedirs(os.path.join(specs, "group"))
    with open(os.path.join(specs, "family.toml"), "w") as f:
        f.write(FAMILY)
    for i in range(size):
        with open(os.path.join(specs, "group", f"endpoint_{i}.toml"), "w") as f:
            f.write(ENDPOINT.format(i=i))
    os.makedirs(os.path.join(root, "src"), exist_ok=True)
    with open(os.path.join(root, "Cargo.toml"), "w") as f:
        f.write(f"""[package]
name = "pbx-scale"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
pbx-api = {{ path = "{REPO}/pbx-api", default-features = false }}
pbx-macros = {{ path = "{REPO}/pbx-macros" }}

[workspace]
""")
    with open(os.path.join(root, "build.rs"), "w") as f:
        f.write('fn main() { println!("cargo:rerun-if-changed=specs"); }\n')
    with open(os.path.join(root, "src", "lib.rs"), "w") as f:
        f.write('//! Synthetic endpoints.\n#![allow(missing_docs)]\npbx_macros::specs!("specs");\n')


def expansion_seconds(root):
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    run(["cargo", "clean", "-p", "pbx-scale"], root)
    _, out = run(["cargo", "rustc", "--lib", "--", "-Z", "time-passes"], root, env)
    match = re.search(r"time:\s+([0-9.]+);[^\n]*\bexpand_crate\b", out)
    return float(match.group(1)) if match else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--dir", default="/tmp/pbx-scale")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.dir
    os.makedirs(root, exist_ok=True)
    # Build the dependencies once, so the timings are of the generated crate alone.
    write_crate(root, 1)
    run(["cargo", "build"], root)
    print(f"{'endpoints':>10} {'expansion s':>12} {'per endpoint ms':>16} {'build s':>8} {'rebuild after one edit s':>25}")
    for size in sizes:
        write_crate(root, size)
        expand = expansion_seconds(root)
        run(["cargo", "clean", "-p", "pbx-scale"], root)
        build, _ = run(["cargo", "build"], root)
        spec = os.path.join(root, "specs", "synth", "group", "endpoint_0.toml")
        with open(spec, "a") as f:
            f.write("\n# edited\n")
        rebuild, _ = run(["cargo", "build"], root)
        print(f"{size:>10} {expand:>12.3f} {1000 * expand / size:>16.3f} {build:>8.2f} {rebuild:>25.2f}")


if __name__ == "__main__":
    main()
