//! Finding a family's event files: `specs/<family>/events/*.toml`, flat, named like Rust
//! modules, read in name order; and a sibling family's, for an `[events]` fallback.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::names;
use crate::spec::event::FOLDER;
use crate::spec::source::Source;

/// An event file, read.
#[derive(Debug)]
pub struct EventSource {
    /// Its text and names.
    pub src: Source,
    /// Its stem: the event's module.
    pub module: String,
    /// Its path relative to the specs folder.
    pub spec: String,
}

/// Reads the event files of `dir/events`, in name order; `None` when the folder is absent.
/// `display` is the family folder as shown, `family` its module (for `EventMeta::spec`).
pub fn read_folder(
    dir: &Path,
    display: &str,
    family: &str,
    diag: &Diagnostics,
    files: &mut Vec<PathBuf>,
) -> Option<Vec<EventSource>> {
    let folder = dir.join(FOLDER);
    if !folder.is_dir() {
        return None;
    }
    let shown = crate::spec::join(display, FOLDER);
    let entries = match crate::spec::sorted_entries(&folder) {
        Ok(entries) => entries,
        Err(e) => {
            diag.file_error(&shown, format!("cannot read the folder: {e}"), None);
            return Some(Vec::new());
        }
    };
    let mut out = Vec::new();
    for (name, path) in entries {
        let file = crate::spec::join(&shown, &name);
        if path.is_dir() {
            diag.file_error(
                &file,
                "event files sit directly in `events/`, without subfolders",
                None,
            );
            continue;
        }
        let Some(stem) = name.strip_suffix(".toml") else {
            continue;
        };
        if !names::is_snake_ident(stem) {
            diag.file_error(
                &file,
                format!("`{name}` does not give a snake_case Rust module name"),
                Some("event files are named like Rust modules: `call_failed.toml`".into()),
            );
            continue;
        }
        if let Some(src) = crate::spec::read(&path, &file, diag) {
            files.push(src.absolute.clone());
            out.push(EventSource {
                src,
                module: stem.to_owned(),
                spec: format!("{family}/{FOLDER}/{name}"),
            });
        }
    }
    Some(out)
}

/// The display path of a sibling family folder of `display` (`../specs/yeastar_v2` →
/// `../specs/yeastar_s`).
pub fn sibling_display(display: &str, sibling: &str) -> String {
    let trimmed = display.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/{sibling}"),
        None if trimmed.is_empty() || trimmed == "." => format!("../{sibling}"),
        None => sibling.to_owned(),
    }
}
