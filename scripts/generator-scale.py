#!/usr/bin/env python3
"""Generator scale: how macro expansion and build time grow with the number of endpoints.

Writes synthetic endpoint specs (each shaped like a seed: three parameters, one response
field, one example) into a scratch workspace outside the repository and measures, for 10, 100
and 1000 endpoints:

- the macro expansion time of one crate holding them all (rustc -Z time-passes,
  `expand_crate`), with the macro built as cargo builds it by default (unoptimised) and with
  `[profile.dev.build-override] opt-level = 3` (as this repository's workspace does),
- the debug build time of that crate, and of a hand-written crate of the same types (serde
  derives for JSON and XML, constructors, setters and the same character checks),
- the rebuild after editing one spec, with the endpoints laid out as the repository lays them
  out (one crate per family, families of at most 100 endpoints, one crate re-exporting them
  all), and with every endpoint in one crate.

The machine is often shared: each row also prints the 1-minute load average before and after
it, so figures taken under other builds' load can be told apart. The repository itself has 151
endpoints (`--sizes 151`).

    python3 scripts/generator-scale.py [--sizes 10,100,1000] [--dir /tmp/pbx-scale] [--hand-inline]
"""

import argparse
import os
import re
import shutil
import subprocess
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAMILY_SIZE = 100

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

# The hand-written equivalent of one synthetic endpoint: what a user would write without pbx.
HAND_RUNTIME = """//! Hand-written equivalents of the synthetic endpoints.
#![allow(missing_docs)]

use serde::{Deserialize, Deserializer, Serializer};

#[derive(Debug, PartialEq)]
pub struct Invalid { pub param: &'static str }

pub fn chars(param: &'static str, v: &str, ok: fn(char) -> bool) -> Result<(), Invalid> {
    if v.is_empty() || !v.chars().all(ok) { Err(Invalid { param }) } else { Ok(()) }
}

pub mod yes_no {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match v { Some(true) => s.serialize_str("yes"), Some(false) => s.serialize_str("no"), None => s.serialize_none() }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        let v: Option<String> = Option::deserialize(d)?;
        Ok(v.map(|v| v == "yes"))
    }
}

#[derive(Deserialize)]
pub struct Status { pub status: String, #[serde(default)] pub errno: Option<String> }
"""

HAND_ENDPOINT = """
pub mod endpoint_{i} {{
    use serde::{{Deserialize, Serialize}};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename = "xml")]
    pub struct Request {{
        pub extid: String,
        pub outto: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::yes_no")]
        pub autoanswer: Option<bool>,
    }}

    impl Request {{
        pub fn new(extid: impl Into<String>, outto: impl Into<String>) -> Self {{
            Self {{ extid: extid.into(), outto: outto.into(), autoanswer: None }}
        }}
        pub fn autoanswer(mut self, value: bool) -> Self {{ self.autoanswer = Some(value); self }}
        {inline}pub fn validate(&self) -> Result<(), crate::Invalid> {{
            crate::chars("extid", &self.extid, |c| c.is_ascii_digit())?;
            crate::chars("outto", &self.outto, |c| c.is_ascii_digit() || "*#+".contains(c))
        }}
        {inline}pub fn to_json(&self) -> serde_json::Result<String> {{ serde_json::to_string(self) }}
        {inline}pub fn to_xml(&self) -> Result<String, quick_xml::SeError> {{ quick_xml::se::to_string(self) }}
    }}

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Response {{ pub callid: String }}

    impl Response {{
        {inline}pub fn from_json(body: &[u8]) -> serde_json::Result<Self> {{ serde_json::from_slice(body) }}
        {inline}pub fn from_xml(body: &str) -> Result<Self, quick_xml::DeError> {{ quick_xml::de::from_str(body) }}
    }}
}}
"""


# `--hand-inline` marks the hand-written crate's codec functions `#[inline]`, as the generated
# readers, writers and checks are: both crates then leave those bodies' machine code to the
# crates that call them, and the build ratio compares like with like.
HAND_INLINE = ""


def run(cmd, cwd, env=None):
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-4000:]}")
    return elapsed, done.stdout + done.stderr


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def write_specs(folder, first, count):
    write(os.path.join(folder, "family.toml"), FAMILY)
    for i in range(first, first + count):
        write(os.path.join(folder, "group", f"endpoint_{i}.toml"), ENDPOINT.format(i=i))


def write_workspace(root, size, optimise_macro):
    """One crate `all` with every endpoint, one crate per family of at most FAMILY_SIZE
    endpoints (`fam_k`), and the hand-written crate `hand`."""
    for sub in ("specs", "all", "hand", "top") + tuple(d for d in os.listdir(root) if d.startswith("fam_")):
        if os.path.isdir(os.path.join(root, sub)):
            shutil.rmtree(os.path.join(root, sub))
    deps = f"""pbx-macros = {{ path = "{REPO}/pbx-macros" }}
pbx-wire = {{ path = "{REPO}/pbx-wire" }}
"""
    package = """[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
"""
    build = 'fn main() {{ println!("cargo:rerun-if-changed={specs}"); }}\n'
    lib = '//! Synthetic endpoints.\n#![allow(missing_docs)]\npbx_macros::family!("{specs}");\n'

    write_specs(os.path.join(root, "specs", "all"), 0, size)
    write(os.path.join(root, "all", "Cargo.toml"), package.format(name="all") + deps)
    write(os.path.join(root, "all", "build.rs"), build.format(specs="../specs/all"))
    write(os.path.join(root, "all", "src", "lib.rs"), lib.format(specs="../specs/all"))

    families = []
    for k, first in enumerate(range(0, size, FAMILY_SIZE)):
        name = f"fam_{k}"
        families.append(name)
        write_specs(os.path.join(root, "specs", name), first, min(FAMILY_SIZE, size - first))
        write(os.path.join(root, name, "Cargo.toml"), package.format(name=name) + deps)
        write(os.path.join(root, name, "build.rs"), build.format(specs=f"../specs/{name}"))
        write(os.path.join(root, name, "src", "lib.rs"), lib.format(specs=f"../specs/{name}"))

    # The crate users depend on, as pbx-api: every family re-exported.
    write(os.path.join(root, "top", "Cargo.toml"), package.format(name="top")
          + "".join(f'{f} = {{ path = "../{f}" }}\n' for f in families))
    write(os.path.join(root, "top", "src", "lib.rs"), "//! Every family.\n"
          + "".join(f"pub use {f};\n" for f in families))

    hand_deps = """serde = { version = "1", features = ["derive"] }
serde_json = "1"
quick-xml = { version = "0.42", features = ["serialize"] }
"""
    write(os.path.join(root, "hand", "Cargo.toml"), package.format(name="hand") + hand_deps)
    write(os.path.join(root, "hand", "src", "lib.rs"),
          HAND_RUNTIME + "".join(HAND_ENDPOINT.format(i=i, inline=HAND_INLINE) for i in range(size)))

    members = ", ".join(f'"{m}"' for m in ["all", "hand", "top"] + families)
    profile = "\n[profile.dev.build-override]\nopt-level = 3\n" if optimise_macro else ""
    write(os.path.join(root, "Cargo.toml"), f"[workspace]\nresolver = \"3\"\nmembers = [{members}]\n{profile}")
    return families


def expansion_seconds(root):
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    # Features unify over the packages selected: build the same selection first, so that only
    # the measured crate is compiled in the measured run.
    run(["cargo", "build", "-p", "all"], root)
    run(["cargo", "clean", "-p", "all"], root)
    _, out = run(["cargo", "rustc", "-p", "all", "--lib", "--", "-Z", "time-passes"], root, env)
    match = re.search(r"time:\s+([0-9.]+);[^\n]*\bexpand_crate\b", out)
    return float(match.group(1)) if match else float("nan")


def build_seconds(root, package):
    run(["cargo", "build", "-p", package], root)
    run(["cargo", "clean", "-p", package], root)
    elapsed, _ = run(["cargo", "build", "-p", package], root)
    return elapsed


def rebuild_seconds(root, packages, spec):
    args = ["cargo", "build"] + [a for p in packages for a in ("-p", p)]
    run(args, root)
    with open(spec, "a") as f:
        f.write('\n[[examples]]\nname = "edited"\nformat = "json"\nrequest = \'{"extid":"1","outto":"2"}\'\n')
    elapsed, _ = run(args, root)
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--dir", default="/tmp/pbx-scale")
    parser.add_argument("--hand-inline", action="store_true",
                        help="mark the hand-written codec functions #[inline], as generated ones are")
    args = parser.parse_args()
    global HAND_INLINE
    HAND_INLINE = "#[inline] " if args.hand_inline else ""
    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.dir
    os.makedirs(root, exist_ok=True)
    rows = []
    for size in sizes:
        row = {"size": size, "load_before": os.getloadavg()[0]}
        for optimise in (False, True):
            write_workspace(root, size, optimise)
            row["expand_opt" if optimise else "expand_dev"] = expansion_seconds(root)
        row["build"] = build_seconds(root, "all")
        row["hand"] = build_seconds(root, "hand")
        families = write_workspace(root, size, True)
        edited = os.path.join(root, "specs", "fam_0", "group", "endpoint_0.toml")
        row["rebuild_families"] = rebuild_seconds(root, ["top"], edited)
        row["rebuild_one_crate"] = rebuild_seconds(
            root, ["all"], os.path.join(root, "specs", "all", "group", "endpoint_0.toml"))
        row["load_after"] = os.getloadavg()[0]
        rows.append(row)
        print(row, flush=True)
    print()
    print("| Endpoints | Expansion, macro unoptimised | per endpoint | Expansion, macro optimised | per endpoint "
          "| Build: generated | Build: hand-written | Ratio | Rebuild after one spec edit: families of 100 "
          "| same, one crate | Load average before / after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        n = r["size"]
        print(f"| {n} | {r['expand_dev']:.3f} s | {1000 * r['expand_dev'] / n:.2f} ms "
              f"| {r['expand_opt']:.3f} s | {1000 * r['expand_opt'] / n:.2f} ms "
              f"| {r['build']:.1f} s | {r['hand']:.1f} s | {r['build'] / r['hand']:.2f} "
              f"| {r['rebuild_families']:.2f} s | {r['rebuild_one_crate']:.2f} s "
              f"| {r['load_before']:.1f} / {r['load_after']:.1f} |")


if __name__ == "__main__":
    main()
