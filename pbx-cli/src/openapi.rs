//! `pbx openapi`: the OpenAPI documents made from the specs when `pbx` was built (the
//! `pbx-openapi` crate), printed or written to a folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command, value_parser};

use crate::exit::Exit;

/// The `openapi` subcommand's definition.
pub fn command() -> Command {
    Command::new("openapi")
        .about("Print the OpenAPI document of a family (all families without --family)")
        .arg(
            Arg::new("family")
                .long("family")
                .value_name("FAMILY")
                .help("The family: openvox, yeastar-s, yeastar-v2, yeastar-p, switchvox"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .default_value("json")
                .value_parser(["json", "yaml"])
                .help("JSON, or YAML"),
        )
        .arg(
            Arg::new("openapi")
                .long("openapi")
                .default_value("3.1")
                .value_parser(pbx_openapi::VERSIONS)
                .help("The OpenAPI version: 3.1, or 3.0 (3.0.3) for tools that read only 3.0"),
        )
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help("Write one file per family into DIR (FAMILY-VERSION.json or .yaml) instead of printing"),
        )
}

/// Prints or writes the documents.
pub fn run(matches: &ArgMatches) -> Exit {
    if !pbx_openapi::export_errors().is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "pbx: this pbx was built from specs the OpenAPI export refused:"
        );
        for e in pbx_openapi::export_errors() {
            let _ = writeln!(err, "{e}");
        }
        return Exit::Internal;
    }
    let get = |key: &str| matches.get_one::<String>(key).map(String::as_str);
    let version = get("openapi").unwrap_or("3.1");
    let yaml = get("format") == Some("yaml");
    let families: Vec<&str> = match get("family") {
        Some(f) => {
            let module = f.replace('-', "_");
            match pbx_openapi::families().find(|m| *m == module) {
                Some(m) => vec![m],
                None => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "pbx: unknown family `{}`; the families are {}",
                        f.escape_debug(),
                        crate::cli::FAMILIES
                    );
                    return Exit::Usage;
                }
            }
        }
        None => pbx_openapi::families().collect(),
    };
    let mut texts = Vec::new();
    for family in &families {
        let Some(json) = pbx_openapi::document(family, version) else {
            let _ = writeln!(std::io::stderr(), "pbx: no {version} document for {family}");
            return Exit::Internal;
        };
        let text = if yaml {
            match pbx_openapi::to_yaml(json) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "pbx: {family}: {e}");
                    return Exit::Internal;
                }
            }
        } else {
            json.to_owned()
        };
        texts.push((*family, text));
    }
    if let Some(dir) = matches.get_one::<PathBuf>("out") {
        return write_files(dir, version, yaml, &texts);
    }
    let mut out = std::io::stdout().lock();
    let result = match (yaml, texts.as_slice()) {
        (_, [(_, text)]) => out.write_all(text.as_bytes()),
        // Several YAML documents are one stream; several JSON documents one object by family.
        (true, _) => texts.iter().try_for_each(|(_, t)| write!(out, "---\n{t}")),
        (false, _) => write_object(&mut out, &texts),
    };
    match result {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "pbx: {e}");
            Exit::Internal
        }
    }
}

/// Several JSON documents as one object, keyed by family.
fn write_object(out: &mut impl Write, texts: &[(&str, String)]) -> std::io::Result<()> {
    write!(out, "{{")?;
    for (i, (family, text)) in texts.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        write!(out, "{comma}\n\"{family}\": {}", text.trim_end())?;
    }
    writeln!(out, "\n}}")
}

fn write_files(dir: &Path, version: &str, yaml: bool, texts: &[(&str, String)]) -> Exit {
    let ext = if yaml { "yaml" } else { "json" };
    for (family, text) in texts {
        let path = dir.join(format!("{family}-{version}.{ext}"));
        if let Err(e) = std::fs::write(&path, text) {
            let _ = writeln!(std::io::stderr(), "pbx: {}: {e}", path.display());
            return Exit::Internal;
        }
    }
    Exit::Ok
}
