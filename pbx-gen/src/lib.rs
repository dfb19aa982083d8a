//! The pbx generator: from endpoint spec files to Rust.
//!
//! `pbx-macros` is a thin wrapper over this crate, which keeps the generator an ordinary
//! library: testable, benchmarkable and fuzzable without a compiler in the loop.
//!
//! The pipeline is visible in the modules: `spec` reads files (keeping source spans) into
//! the `model`, `examples` checks documented examples against it, and `codegen` turns it
//! into Rust that calls the `pbx_wire` runtime. Problems are collected by `diagnostics` and
//! all reported at once, each naming its file, line and column.

mod codegen;
mod diagnostics;
mod examples;
mod model;
mod names;
pub mod openapi;
mod spec;
mod values;

use std::path::Path;

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::diagnostics::Diagnostics;

/// Expands a spec folder: one module per family folder, then `for_each_endpoint` and
/// `ENDPOINTS` over all of them. `display` is the folder as the user wrote it, for messages;
/// spec errors become `compile_error!`s at `span`.
pub fn expand_folder(root: &Path, display: &str, span: Span) -> TokenStream {
    let diag = Diagnostics::default();
    let spec = spec::load(root, display, &diag);
    let tracking = codegen::track(&spec.files);
    if diag.count() > 0 {
        let errors = diag.into_compile_errors(span);
        return quote!(#errors #tracking);
    }
    let code = codegen::generate(&spec);
    quote!(#code #tracking)
}

/// Expands one family folder (the one holding `family.toml`) in place: its `Api`, error codes
/// and endpoint modules at the invocation site, then the family's own `for_each_endpoint` and
/// `ENDPOINTS`. This is how a crate holds a single family, so that editing one of its specs
/// recompiles that family alone.
pub fn expand_family(dir: &Path, display: &str, span: Span) -> TokenStream {
    let diag = Diagnostics::default();
    let mut files = Vec::new();
    let api = spec::load_one_family(dir, display, &diag, &mut files);
    let tracking = codegen::track(&files);
    match api {
        Some(api) if diag.count() == 0 => {
            let code = codegen::generate_family(&api);
            quote!(#code #tracking)
        }
        _ => {
            let errors = diag.into_compile_errors(span);
            quote!(#errors #tracking)
        }
    }
}

/// Generates a family from spec text held in memory: `family` is the text of its
/// `family.toml`, `endpoints` are `(module, text)` pairs of endpoint files at the family's
/// top level. Returns the generated code, or every spec error rendered as rustc would show
/// it. This is the generator with the file system taken out, for fuzzing and benchmarks.
pub fn generate_from_text(
    family: &str,
    endpoints: &[(&str, &str)],
) -> Result<TokenStream, Vec<String>> {
    generate_from_text_with_events(family, endpoints, &[])
}

/// [`generate_from_text`] with event files: `events` are `(module, text)` pairs, as the files
/// of the family's `events/` folder (an empty slice: no such folder). A `fallback` naming a
/// sibling family reads none of its events here, as no folder holds them.
pub fn generate_from_text_with_events(
    family: &str,
    endpoints: &[(&str, &str)],
    events: &[(&str, &str)],
) -> Result<TokenStream, Vec<String>> {
    let diag = Diagnostics::default();
    let api = spec::family_with_events_from_text(family, endpoints, events, &diag);
    match api {
        Some(api) if diag.count() == 0 => Ok(codegen::generate_family(&api)),
        _ => Err(diag.take().iter().map(|e| e.render()).collect()),
    }
}
