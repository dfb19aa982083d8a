//! The documents committed under `docs/openapi/` are the ones the specs make now, so a change
//! to the export is reviewed like a wire change. `PBX_OPENAPI_BLESS=1` rewrites them.

use std::path::PathBuf;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi")
}

#[test]
fn every_spec_was_exported() {
    assert!(
        pbx_openapi::export_errors().is_empty(),
        "the OpenAPI exporter (pbx-gen/src/openapi/) refused specs: {:#?}",
        pbx_openapi::export_errors()
    );
}

#[test]
fn committed_documents_are_current() {
    let bless = std::env::var_os("PBX_OPENAPI_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    let mut count = 0;
    for family in pbx_openapi::families() {
        for version in pbx_openapi::VERSIONS {
            let text = pbx_openapi::document(family, version).unwrap_or_default();
            assert!(!text.is_empty(), "no {version} document for {family}");
            let path = folder().join(pbx_openapi::file_name(family, version));
            count += 1;
            if std::fs::read_to_string(&path).ok().as_deref() == Some(text) {
                continue;
            }
            if bless {
                std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert_eq!(count, 10, "five families, two versions each");
    assert!(
        stale.is_empty(),
        "stale or missing OpenAPI documents (run `PBX_OPENAPI_BLESS=1 cargo test -p pbx-openapi --test committed` and review the diff): {stale:?}"
    );
}

#[test]
fn no_other_documents_are_committed() {
    let mut expected: Vec<String> = pbx_openapi::families()
        .flat_map(|f| pbx_openapi::VERSIONS.map(|v| pbx_openapi::file_name(f, v)))
        .collect();
    expected.push("README.md".into());
    let entries = std::fs::read_dir(folder()).unwrap_or_else(|e| panic!("docs/openapi: {e}"));
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            expected.contains(&name),
            "docs/openapi/{name} is no family's document"
        );
    }
}
