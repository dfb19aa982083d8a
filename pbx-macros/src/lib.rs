//! The `specs!` macro: reads a folder of endpoint spec files at compile time and generates
//! typed PBX API bindings from them.
//!
//! The pipeline is visible in the modules: `spec` reads files (keeping source spans) into
//! the `model`, `examples` checks documented examples against it, and `codegen` turns it
//! into Rust that calls the `pbx_api::wire` runtime. Problems are collected by `diagnostics`
//! and all reported at once, each naming its file, line and column.

mod codegen;
mod diagnostics;
mod examples;
mod model;
mod names;
mod spec;
mod values;

use std::path::PathBuf;

use proc_macro::TokenStream;
use syn::LitStr;

/// Generates one module per API family found in a spec folder.
///
/// ```text
/// pbx_macros::specs!("../specs");
/// ```
///
/// The path is relative to the invoking crate's `Cargo.toml` folder (`CARGO_MANIFEST_DIR`); if
/// no such folder exists there, it is taken relative to the invoking source file. Generated
/// code calls `::pbx_api::wire`, so the invoking crate depends on `pbx-api` (or is it).
///
/// Each spec problem becomes a `compile_error!` that names the spec file, line and column.
/// Edits to spec files trigger a rebuild; to notice *new* files, the invoking crate's build
/// script prints `cargo:rerun-if-changed=<spec folder>`.
#[proc_macro]
pub fn specs(input: TokenStream) -> TokenStream {
    let lit = match syn::parse::<LitStr>(input) {
        Ok(lit) => lit,
        Err(e) => return e.to_compile_error().into(),
    };
    let given = lit.value();
    let Some(root) = resolve(&given) else {
        let message = format!(
            "spec folder `{given}` not found relative to CARGO_MANIFEST_DIR or to the invoking file"
        );
        return syn::Error::new(lit.span(), message)
            .to_compile_error()
            .into();
    };
    let span = lit.span();
    // A bug in the generator must still come out as a compile error, never as "proc macro
    // panicked" hiding the spec's own errors.
    match std::panic::catch_unwind(|| expand(&root, &given, span)) {
        Ok(tokens) => tokens.into(),
        Err(_) => syn::Error::new(
            span,
            format!("internal error in pbx-macros while reading `{given}`; please report it with the spec folder"),
        )
        .to_compile_error()
        .into(),
    }
}

fn expand(
    root: &std::path::Path,
    given: &str,
    span: proc_macro2::Span,
) -> proc_macro2::TokenStream {
    let diag = diagnostics::Diagnostics::default();
    let spec = spec::load(root, given, &diag);
    let tracking = codegen::track(&spec.files);
    if diag.count() > 0 {
        let errors = diag.into_compile_errors(span);
        return quote::quote!(#errors #tracking);
    }
    let code = codegen::generate(&spec);
    quote::quote!(#code #tracking)
}

fn resolve(given: &str) -> Option<PathBuf> {
    if let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let path = PathBuf::from(manifest).join(given);
        if path.is_dir() {
            return Some(path);
        }
    }
    let file = proc_macro::Span::call_site().local_file()?;
    let path = file.parent()?.join(given);
    path.is_dir().then_some(path)
}
