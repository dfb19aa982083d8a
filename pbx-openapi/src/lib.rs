//! Every pbx family as an OpenAPI document, made from `specs/` by `pbx_gen::openapi` when this
//! crate is built (so no spec folder is needed at run time).
//!
//! One document per family and version: OpenAPI 3.1.0, and 3.0.3 for tools that read only
//! 3.0. The committed copies under `docs/openapi/` are checked against these by a test.

mod yaml;

pub use yaml::to_yaml;

include!(concat!(env!("OUT_DIR"), "/documents.rs"));

/// The OpenAPI versions documents are made for, as `pbx openapi --openapi` takes them.
pub const VERSIONS: [&str; 2] = ["3.1", "3.0"];

/// The family module names (`openvox`, `switchvox`, ...), in order.
pub fn families() -> impl Iterator<Item = &'static str> {
    DOCUMENTS
        .iter()
        .filter(|(_, v, _)| *v == VERSIONS[0])
        .map(|(f, _, _)| *f)
}

/// What the exporter could not describe when this crate was built (spec file and shape, one
/// message each); a version with errors has no documents. Empty when all were made.
pub fn export_errors() -> &'static [&'static str] {
    EXPORT_ERRORS
}

/// A family's document for `version` (`3.1` or `3.0`), as pretty-printed JSON.
pub fn document(family: &str, version: &str) -> Option<&'static str> {
    DOCUMENTS
        .iter()
        .find(|(f, v, _)| *f == family && *v == version)
        .map(|(_, _, text)| *text)
}

/// The file name a document is committed under in `docs/openapi/`: `openvox-3.1.json`.
pub fn file_name(family: &str, version: &str) -> String {
    format!("{family}-{version}.json")
}
