//! The README's endpoint tables are the registry's: this test renders them from
//! `pbx_api::ENDPOINTS` and compares them with the text between the README's markers, so the
//! README cannot drift from the specs. `PBX_BLESS=1 cargo test -p pbx-tests --test
//! readme_endpoints` rewrites the marked regions after a spec is added.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use pbx_api::wire::{EndpointMeta, Format, Task};

/// Markers around the generated regions of README.md.
const FAMILIES: (&str, &str) = ("<!-- families:begin -->", "<!-- families:end -->");
const TASKS: (&str, &str) = ("<!-- endpoints:begin -->", "<!-- endpoints:end -->");

fn heading(task: Task) -> &'static str {
    match task {
        Task::Place => "Place calls",
        Task::Control => {
            "Control calls in progress (transfer, hold, mute, monitor, answer, hang up)"
        }
        Task::Observe => "Observe calls, extensions, queues, conferences and the PBX",
        Task::Records => "Call records and recordings",
        Task::Configure => "Change agents, members, variables and messages",
        Task::Session => "Sessions (the clients run these for you)",
    }
}

/// `extension::dial_outbound` for `openvox::extension::dial_outbound`, marked when no vendor
/// page confirms it.
fn cell(m: &EndpointMeta) -> String {
    let path =
        m.id.split_once("::")
            .map_or(m.id, |(_, rest)| rest)
            .to_owned();
    let mut text = format!("`{path}`");
    if let Some(rpc) = m.rpc_method {
        text.push_str(&format!(" (`{rpc}`)"));
    }
    if m.unverified.is_some() {
        text.push_str(" †");
    }
    text
}

fn families() -> String {
    let mut per_family: Vec<(&str, Vec<&EndpointMeta>)> = Vec::new();
    for m in pbx_api::ENDPOINTS {
        match per_family.iter_mut().find(|(f, _)| *f == m.api.module) {
            Some((_, list)) => list.push(m),
            None => per_family.push((m.api.module, vec![m])),
        }
    }
    let mut out =
        String::from("| Module | API | Version | Formats | Endpoints |\n|---|---|---|---|---|\n");
    for (module, list) in &per_family {
        let api = list[0].api;
        let mut formats: Vec<&str> = Vec::new();
        for f in [Format::Json, Format::Xml] {
            if list.iter().any(|m| m.formats.contains(&f)) {
                formats.push(match f {
                    Format::Json => "JSON",
                    Format::Xml => "XML",
                });
            }
        }
        let unverified = list.iter().filter(|m| m.unverified.is_some()).count();
        let count = if unverified > 0 {
            format!("{} ({unverified} unverified)", list.len())
        } else {
            list.len().to_string()
        };
        writeln!(
            out,
            "| `pbx_api::{module}` | {} | `{}` | {} | {count} |",
            api.name,
            api.version,
            formats.join(", ")
        )
        .expect("writing to a String");
    }
    writeln!(out, "\n{} endpoints in all.", pbx_api::ENDPOINTS.len()).expect("String");
    out
}

fn tasks() -> String {
    let mut by_task: BTreeMap<Task, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for m in pbx_api::ENDPOINTS {
        by_task
            .entry(m.task)
            .or_default()
            .entry(m.api.module)
            .or_default()
            .push(cell(m));
    }
    let mut out = String::new();
    for task in Task::ALL {
        let Some(families) = by_task.get(&task) else {
            continue;
        };
        writeln!(
            out,
            "### {}\n\n| Family | Endpoints |\n|---|---|",
            heading(task)
        )
        .expect("String");
        for (family, cells) in families {
            writeln!(out, "| `{family}` | {} |", cells.join(", ")).expect("String");
        }
        out.push('\n');
    }
    out.push_str(
        "† inferred from a sibling API; no vendor page confirms it (the spec says why).\n",
    );
    out
}

/// The README with the region between `markers` replaced by `body`, or why it cannot be.
fn replace(readme: &str, markers: (&str, &str), body: &str) -> Result<String, String> {
    let start = readme
        .find(markers.0)
        .ok_or_else(|| format!("README.md lacks the marker {}", markers.0))?;
    let after_start = start + markers.0.len();
    let end = readme[after_start..]
        .find(markers.1)
        .map(|i| after_start + i)
        .ok_or_else(|| format!("README.md lacks the marker {}", markers.1))?;
    Ok(format!(
        "{}\n{}{}",
        &readme[..after_start],
        body,
        &readme[end..]
    ))
}

#[test]
fn readme_endpoint_tables_match_the_registry() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is readable");
    let expected = replace(&readme, FAMILIES, &families())
        .and_then(|r| replace(&r, TASKS, &tasks()))
        .unwrap_or_else(|e| panic!("{e}"));
    if expected == readme {
        return;
    }
    if std::env::var_os("PBX_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("README.md is writable");
        return;
    }
    let first = readme
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| readme.lines().count().min(expected.lines().count()));
    panic!(
        "README.md's endpoint tables differ from the registry from line {}:\n  README:   {:?}\n  registry: {:?}\nrun `PBX_BLESS=1 cargo test -p pbx-tests --test readme_endpoints` and review the diff",
        first + 1,
        readme.lines().nth(first).unwrap_or(""),
        expected.lines().nth(first).unwrap_or(""),
    );
}
