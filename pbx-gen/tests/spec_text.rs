//! The generator on spec text it should refuse: every refusal is a rendered spec error naming
//! the file, never a panic. A small deterministic sweep in CI; the `specs` fuzz target
//! (`cd fuzz && cargo fuzz run specs`) goes much further.

use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every endpoint file under `dir`, recursively.
fn endpoint_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        // A family's `events/` folder holds event files (tests/event_specs.rs), not endpoints.
        if path.is_dir() && path.file_name().is_some_and(|f| f == "events") {
            continue;
        }
        if path.is_dir() {
            endpoint_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "family.toml")
        {
            out.push(path);
        }
    }
}

/// `(family text, [(module, endpoint text)])` for every family in the repository's specs.
fn families() -> Vec<(String, Vec<(String, String)>)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(specs())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let mut files = Vec::new();
            endpoint_files(&dir, &mut files);
            let endpoints = files
                .iter()
                .map(|f| {
                    let module = f
                        .strip_prefix(&dir)
                        .unwrap()
                        .with_extension("")
                        .to_string_lossy()
                        .replace(['/', '\\'], "_");
                    (module, read(f))
                })
                .collect();
            (read(&dir.join("family.toml")), endpoints)
        })
        .collect()
}

fn generate(family: &str, endpoints: &[(String, String)]) -> Result<String, Vec<String>> {
    let pairs: Vec<(&str, &str)> = endpoints
        .iter()
        .map(|(m, t)| (m.as_str(), t.as_str()))
        .collect();
    pbx_gen::generate_from_text(family, &pairs).map(|code| code.to_string())
}

#[test]
fn every_family_in_the_repository_generates_from_text() {
    let families = families();
    assert!(families.len() >= 5);
    for (family, endpoints) in &families {
        let code = generate(family, endpoints).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        assert!(code.contains("for_each_endpoint"));
    }
}

#[test]
fn a_spec_error_names_file_line_and_column() {
    let (family, _) = &families()[0];
    let endpoint =
        "name = \"x\"\nsummary = \"y\"\npath = \"a/b\"\n\n[params.to]\ntype = \"strnig\"\n";
    let errors = generate(family, &[("broken".into(), endpoint.into())]).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("--> broken.toml:6:")),
        "{errors:?}"
    );
}

#[test]
fn truncated_and_corrupted_specs_are_refused_without_panicking() {
    // Every spec cut short at many places, and with one byte replaced by characters TOML and
    // the spec format give meaning to: each either generates or is refused with a message
    // that names the file. A panic fails the test.
    let noise = ['"', '[', ']', '=', '\n', '#', '{', '0', '\'', '\u{e9}'];
    let mut tried = 0usize;
    for (family, endpoints) in families() {
        for (module, text) in &endpoints {
            let boundaries: Vec<usize> = (0..text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (n, &cut) in boundaries.iter().enumerate().step_by(31) {
                let mut variants = vec![text[..cut].to_owned()];
                let mut replaced = text.clone();
                let end = boundaries.get(n + 1).copied().unwrap_or(text.len());
                replaced.replace_range(cut..end, &noise[n % noise.len()].to_string());
                variants.push(replaced);
                for variant in variants {
                    tried += 1;
                    if let Err(errors) = generate(&family, &[(module.clone(), variant)]) {
                        assert!(errors.iter().all(|e| e.contains("-->")), "{errors:?}");
                    }
                }
            }
            // The family file, cut short, with this endpoint.
            for cut in (0..family.len()).step_by(53) {
                if family.is_char_boundary(cut) {
                    tried += 1;
                    if let Err(errors) = generate(&family[..cut], &[(module.clone(), text.clone())])
                    {
                        assert!(errors.iter().all(|e| e.contains("-->")), "{errors:?}");
                    }
                }
            }
        }
    }
    assert!(tried > 500, "only {tried} variants tried");
}

#[test]
fn inputs_the_spec_fuzzer_crashed_on_stay_fixed() {
    // Every file in fuzz-regressions is spec text the `specs` fuzz target once crashed on,
    // tried as an endpoint file and as a family file.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let (family, endpoints) = &families()[0];
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let _ = generate(family, &[("endpoint".into(), text.clone())]);
        let _ = generate(&text, endpoints);
    }
}

/// `error`, `error_message` and `empty` are checked where they are written.
#[test]
fn parameter_error_codes_and_empty_lists_are_checked() {
    let (family, _) = families()
        .into_iter()
        .find(|(f, _)| f.contains("envelope = \"switchvox\""))
        .expect("the Switchvox family");
    let head = "name = \"x\"\nsummary = \"y\"\nrpc_method = \"switchvox.x\"\neffect = \"read\"\nerrors = [10014]\n\n";
    let cases = [
        // A code the endpoint lists, one the family declares: fine.
        ("[params.a]\ntype = \"string\"\nerror = 10014\n", None),
        (
            "[params.a]\ntype = \"string\"\nerror = 10011\nerror_message = \"Missing a\"\n",
            None,
        ),
        (
            "[params.a]\ntype = \"string\"\nerror = 99999\n",
            Some("error code 99999 of parameter `a`"),
        ),
        (
            "[params.a]\ntype = \"string\"\nerror_message = \"m\"\n",
            Some("`error_message` without `error`"),
        ),
        (
            "[response.a]\ntype = \"string\"\nerror = 10014\n",
            Some("`error` applies only to parameters"),
        ),
        (
            "[params.a]\ntype = \"string\"\nempty = \"write\"\n",
            Some("`empty` applies only to lists"),
        ),
        (
            "[response.a]\ntype = \"list\"\nitems = \"string\"\nempty = \"always\"\n",
            Some("`empty` is `write` or `omit`"),
        ),
        (
            "[response.a]\ntype = \"list\"\nitems = \"string\"\nempty = \"write\"\n",
            None,
        ),
    ];
    for (table, expected) in cases {
        let text = format!("{head}{table}");
        let result = generate(&family, &[("x".into(), text)]);
        match (expected, result) {
            (None, Ok(_)) => {}
            (Some(message), Err(errors)) => assert!(
                errors
                    .iter()
                    .any(|e| e.contains(message) && e.contains("--> x.toml:")),
                "{table}: {errors:?}"
            ),
            (expected, result) => panic!("{table}: expected {expected:?}, got {result:?}"),
        }
    }
}
