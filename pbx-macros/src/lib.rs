//! The `specs!` and `family!` macros: read endpoint spec files at compile time and generate
//! typed PBX API bindings from them. The generator itself lives in `pbx-gen`; this crate only
//! finds the folder, calls it and turns a generator bug into a compile error.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::Span;
use syn::LitStr;

/// Generates one module per API family found in a spec folder, then `for_each_endpoint` and
/// `ENDPOINTS` over every endpoint.
///
/// ```text
/// pbx_macros::specs!("../specs");
/// ```
///
/// The path is relative to the invoking crate's `Cargo.toml` folder (`CARGO_MANIFEST_DIR`); if
/// no such folder exists there, it is taken relative to the invoking source file. Generated
/// code calls `::pbx_wire`, so the invoking crate depends on `pbx-wire`.
///
/// Each spec problem becomes a `compile_error!` that names the spec file, line and column.
/// Edits to spec files trigger a rebuild; to notice *new* files, the invoking crate's build
/// script prints `cargo:rerun-if-changed=<spec folder>`.
#[proc_macro]
pub fn specs(input: TokenStream) -> TokenStream {
    run(input, pbx_gen::expand_folder)
}

/// Generates one API family in place: the folder holding its `family.toml`, expanded at the
/// invocation site (usually a crate root of its own) with its own `for_each_endpoint` and
/// `ENDPOINTS`.
///
/// ```text
/// pbx_macros::family!("../../specs/openvox");
/// ```
///
/// One crate per family keeps rebuilds small: editing a spec recompiles its family only.
/// Paths, errors and rebuild tracking work as for [`specs!`].
#[proc_macro]
pub fn family(input: TokenStream) -> TokenStream {
    run(input, pbx_gen::expand_family)
}

fn run(
    input: TokenStream,
    expand: fn(&Path, &str, Span) -> proc_macro2::TokenStream,
) -> TokenStream {
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
