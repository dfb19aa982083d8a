//! The generated client methods: one per root spec file of the repository (tests/methods.rs
//! reaches every endpoint through its method), and the naming
//! rule for names a client already has (`login` → `login_`), with the spec error for names
//! that would collide with a renamed method.

use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The OpenVox family with `endpoints` beside the session endpoints its `[session]` names.
fn openvox(endpoints: &[(&str, &str)]) -> Result<String, Vec<String>> {
    let dir = specs().join("openvox");
    let family = read(&dir.join("family.toml"));
    let session: Vec<(&str, String)> = ["login", "heartbeat", "logout"]
        .into_iter()
        .filter(|name| endpoints.iter().all(|(given, _)| given != name))
        .map(|name| (name, read(&dir.join(format!("{name}.toml")))))
        .collect();
    let mut all: Vec<(&str, &str)> = session.iter().map(|(n, t)| (*n, t.as_str())).collect();
    all.extend_from_slice(endpoints);
    pbx_gen::generate_from_text(&family, &all).map(|code| code.to_string())
}

/// An endpoint file with one optional string parameter named `param`.
fn with_param(param: &str) -> String {
    format!(
        "name = \"Thing\"\nsummary = \"A thing.\"\nurl = \"/api/{{version}}/thing?token={{token}}\"\n\
         formats = [\"json\"]\neffect = \"read\"\n\n[params.{param}]\ntype = \"string\"\n"
    )
}

#[test]
fn every_root_spec_file_has_its_method_and_builder() {
    let mut families: Vec<PathBuf> = std::fs::read_dir(specs())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    families.sort();
    let mut seen = 0;
    for dir in families {
        let family = read(&dir.join("family.toml"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "family.toml"))
            .collect();
        files.sort();
        // The family's root files together: its `[session]` names some of them.
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                (
                    f.file_stem().unwrap().to_string_lossy().into_owned(),
                    read(f),
                )
            })
            .collect();
        let given: Vec<(&str, &str)> = texts
            .iter()
            .map(|(m, t)| (m.as_str(), t.as_str()))
            .collect();
        let code = pbx_gen::generate_from_text(&family, &given)
            .unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()))
            .to_string();
        assert!(code.contains("pub trait Methods"), "{}", dir.display());
        assert!(code.contains("pub struct Builder"), "{}", dir.display());
        for (module, _) in &texts {
            let method = if module == "login" {
                "login_".to_owned()
            } else {
                module.clone()
            };
            assert!(
                code.contains(&format!("fn {method} (& self")),
                "{}: no method `{method}`",
                dir.join(module).display()
            );
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen} root endpoints");
}

#[test]
fn a_taken_name_gets_a_trailing_underscore() {
    let login = read(&specs().join("openvox/login.toml"));
    let code = openvox(&[("login", &login)]).expect("generates");
    assert!(code.contains("fn login_ (& self"), "{code}");
    assert!(!code.contains("fn login (& self"));

    let send = with_param("send");
    let code = openvox(&[("thing", &send)]).expect("generates");
    assert!(
        code.contains("pub fn send_ (self , value"),
        "setter renamed: {code}"
    );
    assert!(
        code.contains("r . send (value)"),
        "it sets the request's `send`"
    );
}

#[test]
fn a_name_that_would_collide_with_a_renamed_method_is_a_spec_error() {
    let logout = read(&specs().join("openvox/logout.toml"));
    let errors = openvox(&[("send_", &logout)]).expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("send_.toml") && e.contains("generated client method")),
        "{errors:?}"
    );

    let errors = openvox(&[("thing", &with_param("login_"))]).expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("cannot be a Rust field name")),
        "{errors:?}"
    );
}
