//! Makes every family's OpenAPI documents from `specs/` when the crate is built, so a program
//! holding this crate needs no spec folder at run time. A spec the exporter cannot describe
//! fails the build, naming the file.

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
    let mut table = String::from(
        "/// (family, OpenAPI version, document), in family order.\npub static DOCUMENTS: &[(&str, &str, &str)] = &[\n",
    );
    for version in Version::ALL {
        let documents = match export_folder(&specs, "specs", version) {
            Ok(documents) => documents,
            Err(errors) => {
                for e in errors {
                    for line in e.lines() {
                        println!("cargo:warning={line}");
                    }
                }
                return ExitCode::FAILURE;
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
