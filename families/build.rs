//! Shared build script of the family crates: rebuilds a family when a spec file is added to or
//! removed from its folder (`specs/<family>`, the family crate's folder name). Edits to
//! existing files are tracked by the generated code itself.

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let family = std::path::Path::new(&manifest)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    println!("cargo:rerun-if-changed=../../specs/{family}");
    println!("cargo:rerun-if-changed=../build.rs");
}
