//! Makes every family's OpenAPI documents from `specs/` when the crate is built, so a program
//! holding this crate needs no spec folder at run time. A spec the exporter cannot describe
//! leaves its version without documents and its errors in `EXPORT_ERRORS`, which the crate's
//! tests and `pbx openapi` report (naming the file): the build of everything else goes on.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pbx_gen::openapi::{Version, export_folder};

fn main() -> ExitCode {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let specs = manifest.join("../specs");
    // A directory here is scanned as a whole: any spec file added or changed rebuilds.
    println!("cargo:rerun-if-changed={}", specs.display());
    let mut errors: Vec<String> = Vec::new();
    let mut table = String::from(
        "/// (family, OpenAPI version, document), in family order.\npub static DOCUMENTS: &[(&str, &str, &str)] = &[\n",
    );
    for version in Version::ALL {
        let documents = match export_folder(&specs, "specs", version) {
            Ok(documents) => documents,
            Err(e) => {
                for line in e.iter().flat_map(|m| m.lines()) {
                    println!("cargo:warning={line}");
                }
                errors.extend(e);
                continue;
            }
        };
        for doc in documents {
            let name = format!("{}-{}.json", doc.family, version.short());
            let text = match serde_json::to_string_pretty(&doc.value) {
                Ok(text) => text + "\n",
                Err(e) => {
                    println!("cargo:warning={name}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            if let Err(e) = write(&out.join(&name), &text) {
                println!("cargo:warning={name}: {e}");
                return ExitCode::FAILURE;
            }
            let _ = writeln!(
                table,
                "    ({:?}, {:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),",
                doc.family,
                version.short()
            );
        }
    }
    table.push_str("];\n");
    errors.dedup();
    let _ = writeln!(
        table,
        "/// What the exporter refused, one message each; empty when every document was made.\npub static EXPORT_ERRORS: &[&str] = &{errors:?};"
    );
    if let Err(e) = write(&out.join("documents.rs"), &table) {
        println!("cargo:warning=documents.rs: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Writes `text` unless the file already holds it, so an unchanged document does not
/// rebuild its dependents.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text)
}
