//! The model as OpenAPI: one document per family, from the same checked model the macro
//! generates code from, so the description and the bindings cannot disagree.
//!
//! The exporter reads every part of the model by destructuring it in full (no `..`), so a
//! spec key added to the model later stops this module from compiling until the exporter says
//! what it means; shapes the model allows but OpenAPI cannot say are [`Unsupported`] errors,
//! never a document that is silently wrong.

mod document;
mod downgrade;
mod envelope;
mod examples;
mod joined;
mod links;
mod operation;
mod schema;
mod security;
mod strings;

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::spec;

/// The OpenAPI version a document is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.1.0 (JSON Schema 2020-12 schemas).
    V3_1,
    /// OpenAPI 3.0.3, for tools that read only 3.0: `const` as one-value `enum`, one `example`
    /// per schema, webhooks (none yet) as `x-webhooks`.
    V3_0,
}

impl Version {
    /// Both versions, newest first.
    pub const ALL: [Version; 2] = [Version::V3_1, Version::V3_0];

    /// The version as written in the document's `openapi` member.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V3_1 => "3.1.0",
            Version::V3_0 => "3.0.3",
        }
    }

    /// The short form used in file names and on the command line (`3.1`, `3.0`).
    pub fn short(self) -> &'static str {
        match self {
            Version::V3_1 => "3.1",
            Version::V3_0 => "3.0",
        }
    }
}

/// A model shape the exporter cannot describe faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// The spec file the shape comes from.
    pub file: String,
    /// What it is and why OpenAPI cannot hold it.
    pub what: String,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: cannot export to OpenAPI: {}", self.file, self.what)
    }
}

impl Unsupported {
    pub(crate) fn new(file: &str, what: impl Into<String>) -> Self {
        Unsupported {
            file: file.to_owned(),
            what: what.into(),
        }
    }
}

/// One family's document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The family's module name (its folder).
    pub family: String,
    /// The OpenAPI document.
    pub value: Value,
}

/// Every family under the spec folder `root`, as OpenAPI documents of `version`, in family
/// order. `display` is how documents and messages name the folder (`specs`). Errors are spec
/// errors (rendered as the macro would) or [`Unsupported`] shapes.
pub fn export_folder(
    root: &Path,
    display: &str,
    version: Version,
) -> Result<Vec<Document>, Vec<String>> {
    let diag = Diagnostics::default();
    let spec = spec::load(root, display, &diag);
    if diag.count() > 0 {
        return Err(diag.take().iter().map(|e| e.render()).collect());
    }
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for api in &spec.apis {
        match document::build(api) {
            Ok(value) => documents.push(Document {
                family: api.module.clone(),
                value: finish(value, version),
            }),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(documents)
    } else {
        Err(errors)
    }
}

/// One family from spec text in memory (as [`crate::generate_from_text`] takes it), for
/// tests of shapes the repository's specs do not have.
pub fn export_text(
    family: &str,
    endpoints: &[(&str, &str)],
    version: Version,
) -> Result<Value, Vec<String>> {
    let diag = Diagnostics::default();
    let api = spec::family_from_text(family, endpoints, &diag);
    match api {
        Some(api) if diag.count() == 0 => document::build(&api)
            .map(|v| finish(v, version))
            .map_err(|e| vec![e.to_string()]),
        _ => Err(diag.take().iter().map(|e| e.render()).collect()),
    }
}

/// The 3.1 document as `version` writes it.
fn finish(value: Value, version: Version) -> Value {
    match version {
        Version::V3_1 => value,
        Version::V3_0 => downgrade::to_3_0(value),
    }
}
