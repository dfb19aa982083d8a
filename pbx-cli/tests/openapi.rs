//! `pbx openapi`: the documents built into the binary, printed by family, version and format.

use std::process::Command;

fn pbx(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("pbx: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_one_family_as_3_1_json_by_default() {
    let (code, out, err) = pbx(&["openapi", "--family", "yeastar-p"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["x-pbx-family"], "yeastar_p");
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["name"],
        "access_token"
    );
    assert_eq!(
        out,
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/openapi/yeastar_p-3.1.json"
        ))
        .unwrap()
    );
}

#[test]
fn prints_3_0_as_yaml() {
    let (code, out, err) = pbx(&[
        "openapi",
        "--family",
        "switchvox",
        "--openapi",
        "3.0",
        "--format",
        "yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("\"openapi\": \"3.0.3\"\n"), "{out}");
    assert!(out.contains("\"/json#switchvox.call\":"), "{out}");
}

#[test]
fn prints_every_family_without_one_named() {
    let (code, out, err) = pbx(&["openapi"]);
    assert_eq!(code, 0, "{err}");
    let all: serde_json::Value = serde_json::from_str(&out).unwrap();
    let families: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(
        families,
        [
            "openvox",
            "switchvox",
            "yeastar_p",
            "yeastar_s",
            "yeastar_v2"
        ]
    );
}

#[test]
fn refuses_an_unknown_family() {
    let (code, out, err) = pbx(&["openapi", "--family", "asterisk"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("unknown family `asterisk`"), "{err}");
}
