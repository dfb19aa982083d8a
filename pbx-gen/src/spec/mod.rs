//! From a spec folder to a [`Spec`]: find the family folders and endpoint files, parse each
//! with spans, and report every problem found.

pub mod endpoint;
pub mod event;
pub mod event_example;
pub mod event_files;
pub mod event_keys;
pub mod example;
pub mod failure;
pub mod family;
pub mod field;
pub mod http;
pub mod join;
pub mod session;
pub mod sim;
pub mod source;
pub mod toml;
pub mod type_names;

use std::fs;
use std::path::{Path, PathBuf};

use ::toml::de::DeTable;

use self::toml::{Cx, Table};
use crate::diagnostics::Diagnostics;
use crate::model::{Api, Spec};
use crate::names;
use source::Source;

/// Names the crate that invokes `specs!` uses for its own modules.
const RESERVED_MODULES: &[&str] = &["client", "blocking", "prelude", "wire", "simulator"];

/// The file in each family folder that describes the family.
pub const FAMILY_FILE: &str = "family.toml";

/// Loads every family under `root`. `display` is how the user wrote `root`, for messages.
pub fn load(root: &Path, display: &str, diag: &Diagnostics) -> Spec {
    let mut spec = Spec {
        apis: Vec::new(),
        files: Vec::new(),
    };
    let entries = match sorted_entries(root) {
        Ok(entries) => entries,
        Err(e) => {
            diag.file_error(display, format!("cannot read the spec folder: {e}"), None);
            return spec;
        }
    };
    for (name, path) in entries {
        if !path.is_dir() {
            continue;
        }
        let shown = join(display, &name);
        if !family_name_ok(&name, &shown, diag) {
            continue;
        }
        if let Some(api) = load_family(&path, &shown, name, diag, &mut spec.files) {
            spec.apis.push(api);
        }
    }
    if spec.apis.is_empty() && diag.count() == 0 {
        diag.file_error(
            display,
            "no family folders found",
            Some(format!("each family is a folder holding a `{FAMILY_FILE}`")),
        );
    }
    spec
}

/// Loads the single family in `dir` (the folder holding `family.toml`); the family's module
/// name is the folder's name.
pub fn load_one_family(
    dir: &Path,
    display: &str,
    diag: &Diagnostics,
    files: &mut Vec<PathBuf>,
) -> Option<Api> {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    if !family_name_ok(&name, display, diag) {
        return None;
    }
    load_family(dir, display, name, diag, files)
}

/// Whether a family folder's name can be its module name; reports it if not.
fn family_name_ok(name: &str, display: &str, diag: &Diagnostics) -> bool {
    let ok = names::is_snake_ident(name) && !RESERVED_MODULES.contains(&name);
    if !ok {
        diag.file_error(
            display,
            format!(
                "family folder `{name}` is not a snake_case Rust module name free for a family"
            ),
            Some(format!(
                "rename it, for example `yeastar_s`; reserved: {}",
                RESERVED_MODULES.join(", ")
            )),
        );
    }
    ok
}

fn load_family(
    dir: &Path,
    display: &str,
    module: String,
    diag: &Diagnostics,
    files: &mut Vec<PathBuf>,
) -> Option<Api> {
    let family_path = dir.join(FAMILY_FILE);
    if !family_path.is_file() {
        diag.file_error(
            display,
            format!("family folder `{module}` has no `{FAMILY_FILE}`"),
            Some("each family folder holds a family.toml: see specs/README.md".into()),
        );
        return None;
    }
    let family = read(&family_path, &join(display, FAMILY_FILE), diag)?;
    files.push(family.absolute.clone());
    let mut endpoint_files = Vec::new();
    walk(dir, display, Vec::new(), diag, &mut endpoint_files);
    let mut endpoints = Vec::new();
    for file in endpoint_files {
        if let Some(src) = read(&file.path, &file.display, diag) {
            files.push(src.absolute.clone());
            endpoints.push((src, file.module_path));
        }
    }
    let own_events = event::read_folder(dir, display, &module, diag, files);
    let mut sibling_files = Vec::new();
    let mut sibling = |name: &str| {
        let folder = dir.join("..").join(name);
        let shown = event::sibling_display(display, name);
        (names::is_snake_ident(name) && folder.join(FAMILY_FILE).is_file())
            .then(|| event::read_folder(&folder, &shown, name, diag, &mut sibling_files))
            .flatten()
    };
    let api = build_family(&family, endpoints, (own_events, &mut sibling), module, diag);
    files.append(&mut sibling_files);
    api
}

/// A family from text in memory: `family` is its `family.toml`, `endpoints` are `(module,
/// text)` pairs at the family's top level. Module names are checked as file names are.
pub fn family_from_text(
    family: &str,
    endpoints: &[(&str, &str)],
    diag: &Diagnostics,
) -> Option<Api> {
    family_with_events_from_text(family, endpoints, &[], diag)
}

/// [`family_from_text`] with `events`, the `(module, text)` pairs of its `events/` files (none:
/// no such folder).
pub fn family_with_events_from_text(
    family: &str,
    endpoints: &[(&str, &str)],
    events: &[(&str, &str)],
    diag: &Diagnostics,
) -> Option<Api> {
    let family = Source::new(FAMILY_FILE.into(), PathBuf::new(), family.into());
    let mut sources = Vec::new();
    for (module, text) in endpoints {
        let display = format!("{module}.toml");
        if !names::is_snake_ident(module) {
            diag.file_error(
                &display,
                format!("`{display}` does not give a snake_case Rust module name"),
                None,
            );
            continue;
        }
        if names::is_renamed_method(module) {
            diag.file_error(
                &display,
                format!("`{module}` is the name a generated client method takes when its own name is taken"),
                None,
            );
            continue;
        }
        let src = Source::new(display, PathBuf::new(), (*text).into());
        sources.push((src, vec![(*module).to_owned()]));
    }
    let mut own = Vec::new();
    for (module, text) in events {
        let display = format!("{}/{module}.toml", event::FOLDER);
        if !names::is_snake_ident(module) {
            diag.file_error(
                &display,
                format!("`{display}` does not give a snake_case Rust module name"),
                None,
            );
            continue;
        }
        own.push(event::EventSource {
            src: Source::new(display.clone(), PathBuf::new(), (*text).into()),
            module: (*module).to_owned(),
            spec: format!("family/{display}"),
        });
    }
    let own = (!events.is_empty()).then_some(own);
    // No folder holds a sibling family: a fallback reads none of its events.
    let mut no_siblings = |_: &str| Some(Vec::new());
    build_family(
        &family,
        sources,
        (own, &mut no_siblings),
        "family".into(),
        diag,
    )
}

/// A family's event files (`None`: no `events/` folder), and how to load a sibling family's.
type EventFiles<'f> = (
    Option<Vec<event::EventSource>>,
    &'f mut dyn FnMut(&str) -> Option<Vec<event::EventSource>>,
);

/// Parses a family file, its endpoint files and its event files into the family's model.
fn build_family(
    family: &Source,
    endpoints: Vec<(Source, Vec<String>)>,
    (own_events, sibling): EventFiles<'_>,
    module: String,
    diag: &Diagnostics,
) -> Option<Api> {
    let (mut api, mut defaults) = with_table(family, diag, "the family file", |root| {
        family::parse(root.cx(), root, module)
    })?;
    let session = defaults.session.take();
    for (src, module_path) in endpoints {
        if let Some(endpoint) = with_table(&src, diag, "the endpoint file", |root| {
            endpoint::parse(root.cx(), root, &mut api, &defaults, module_path)
        }) {
            api.endpoints.push(endpoint);
        }
    }
    if let Some(raw) = session {
        let cx = Cx { src: family, diag };
        api.session = session::resolve(cx, raw, &api);
    }
    let cx = Cx { src: family, diag };
    api.events = event::resolve(cx, defaults.events.take(), own_events, sibling, &api);
    Some(api)
}

/// An endpoint file found below a family folder.
struct EndpointFile {
    path: PathBuf,
    display: String,
    module_path: Vec<String>,
}

/// Collects every endpoint file below `dir`, depth first in name order.
fn walk(
    dir: &Path,
    display: &str,
    prefix: Vec<String>,
    diag: &Diagnostics,
    out: &mut Vec<EndpointFile>,
) {
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diag.file_error(display, format!("cannot read the folder: {e}"), None);
            return;
        }
    };
    let mut modules: Vec<String> = Vec::new();
    for (name, path) in entries {
        let shown = join(display, &name);
        let (module, is_dir) = if path.is_dir() {
            if prefix.is_empty() && name == event::FOLDER {
                // Event files, read by `event::read_folder`: not an endpoint group.
                continue;
            }
            (name.clone(), true)
        } else if let Some(stem) = name.strip_suffix(".toml") {
            if prefix.is_empty() && name == FAMILY_FILE {
                continue;
            }
            if prefix.is_empty() && stem == event::FOLDER {
                diag.file_error(
                    &shown,
                    format!("`{name}` would be the module of the family's events"),
                    Some("rename the endpoint file".into()),
                );
                continue;
            }
            (stem.to_owned(), false)
        } else {
            continue;
        };
        if !names::is_snake_ident(&module) {
            diag.file_error(
                &shown,
                format!("`{name}` does not give a snake_case Rust module name"),
                Some(
                    "spec files and folders are named like Rust modules: `dial_outbound.toml`"
                        .into(),
                ),
            );
            continue;
        }
        if names::is_renamed_method(&module) {
            diag.file_error(
                &shown,
                format!("`{module}` is the name a generated client method takes when its own name is taken"),
                Some(format!(
                    "rename it; `{}` becomes the method `{module}` (taken: {})",
                    module.trim_end_matches('_'),
                    names::TAKEN_METHODS.join(", ")
                )),
            );
            continue;
        }
        if modules.contains(&module) {
            diag.file_error(
                &shown,
                format!("module `{module}` would be both a folder and an endpoint"),
                None,
            );
            continue;
        }
        modules.push(module.clone());
        let mut module_path = prefix.clone();
        module_path.push(module);
        if is_dir {
            walk(&path, &shown, module_path, diag, out);
        } else {
            out.push(EndpointFile {
                path,
                display: shown,
                module_path,
            });
        }
    }
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        entries.push((name, entry.path()));
    }
    entries.sort();
    Ok(entries)
}

fn join(display: &str, name: &str) -> String {
    if display.is_empty() || display == "." {
        name.to_owned()
    } else {
        format!("{}/{name}", display.trim_end_matches('/'))
    }
}

fn read(path: &Path, display: &str, diag: &Diagnostics) -> Option<Source> {
    match fs::read_to_string(path) {
        Ok(text) => Some(Source::new(display.to_owned(), path.to_path_buf(), text)),
        Err(e) => {
            diag.file_error(display, format!("cannot read the spec file: {e}"), None);
            None
        }
    }
}

/// Parses a file's TOML and hands its root table to `read`; TOML syntax errors are reported
/// with their place.
fn with_table<T>(
    src: &Source,
    diag: &Diagnostics,
    what: &str,
    read: impl FnOnce(&Table<'_, '_>) -> T,
) -> Option<T> {
    let doc = match DeTable::parse(&src.text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            diag.error(src, span, format!("invalid TOML: {}", e.message().trim()));
            return None;
        }
    };
    let cx = Cx { src, diag };
    let root = Table::new(cx, doc.get_ref(), 0..0, what);
    Some(read(&root))
}
