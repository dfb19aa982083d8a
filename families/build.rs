//! Shared build script of the family crates: rebuilds a family when a spec file is added to or
//! removed from its folder (`specs/<family>`, the family crate's folder name), or from the
//! `events/` folder of the sibling its `[events]` fallback names. Edits to existing files are
//! tracked by the generated code itself.

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let family = std::path::Path::new(&manifest)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    println!("cargo:rerun-if-changed=../../specs/{family}");
    println!("cargo:rerun-if-changed=../build.rs");
    // A family whose `[events]` has a `fallback` also reads the sibling's event files.
    let spec =
        std::fs::read_to_string(format!("../../specs/{family}/family.toml")).unwrap_or_default();
    for line in spec
        .lines()
        .filter(|l| l.trim_start().starts_with("fallback"))
    {
        if let Some(sibling) = line
            .split("family = \"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            println!("cargo:rerun-if-changed=../../specs/{sibling}/events");
        }
    }
}
