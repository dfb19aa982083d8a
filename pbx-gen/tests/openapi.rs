//! The OpenAPI exporter: every repository endpoint becomes operations, and shapes it cannot
//! describe are refused with the file named rather than exported wrongly.

use std::path::{Path, PathBuf};

use pbx_gen::openapi::{Version, export_folder, export_text};
use serde_json::Value;

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn count_endpoint_files(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        // A family's `events/` folder holds event files, not endpoints.
        if path.is_dir() && path.file_name().is_some_and(|f| f == "events") {
            continue;
        }
        if path.is_dir() {
            n += count_endpoint_files(&path);
        } else if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|f| f != "family.toml")
        {
            n += 1;
        }
    }
    n
}

fn operations(doc: &Value) -> Vec<(&str, &str, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((path.as_str(), method.as_str(), op));
        }
    }
    out
}

const FAMILY: &str = r#"
name = "Test PBX"
version = "v1"
url = "/api/{version}/{path}?token={token}&type={format}"
formats = ["json", "xml"]
envelope = "status"
errors = [{ code = 10004, name = "Blank", message = "The parameter is blank" }]
"#;

const DIAL: &str = r#"
name = "Dial"
summary = "Dials."
path = "dial"
effect = "call"
errors = [10004]

[params.extid]
type = "string"
required = true
chars = "0-9*#-"
max_length = 8
example = "101"
"#;

#[test]
fn every_repository_endpoint_is_exported_with_both_outcomes() {
    let docs = export_folder(&specs(), "specs", Version::V3_1).unwrap();
    assert_eq!(docs.len(), 5);
    for doc in &docs {
        let files = count_endpoint_files(&specs().join(&doc.family));
        let ops = operations(&doc.value);
        // Switchvox has a path per format (`/json`, `/xml`), so an operation per format.
        let per_endpoint = if doc.family == "switchvox" { 2 } else { 1 };
        assert_eq!(ops.len(), files * per_endpoint, "{}", doc.family);
        for (path, method, op) in ops {
            let spec_file = specs().join("..").join(op["x-pbx-spec"].as_str().unwrap());
            let spec = std::fs::read_to_string(&spec_file).unwrap();
            // A top-level `download` (before the first table; `[resource]` has one too).
            let top = spec.split("\n[").next().unwrap_or("");
            let download = top.contains("\ndownload = ");
            let answer = &op["responses"]["200"]["content"];
            let media = answer.as_object().unwrap();
            assert!(!media.is_empty(), "{path}");
            for (name, body) in media {
                let schema = &body["schema"];
                if schema["type"] == "string" {
                    // A download's file: the bytes themselves.
                    assert!(download, "{path}: {name}");
                    assert_eq!(schema["contentMediaType"], name.as_str(), "{path}");
                    continue;
                }
                let branches = schema["oneOf"].as_array().map_or(1, Vec::len);
                // The failure alone (a download), success and failure, or those and a
                // failure without a code (`[failure.*]`).
                let expected = if download {
                    1
                } else if spec.contains("[failure.") {
                    3
                } else {
                    2
                };
                assert_eq!(branches, expected, "{path}: {name}");
            }
            let bodiless = method == "get" || spec.contains("\nbody = \"none\"");
            assert_eq!(op["requestBody"].is_null(), bodiless, "{path}");
            assert!(op["security"].is_array(), "{path}");
        }
    }
}

#[test]
fn constraints_become_patterns_lengths_and_codes() {
    let doc = export_text(FAMILY, &[("dial", DIAL)], Version::V3_1).unwrap();
    let op = &doc["paths"]["/api/v1/dial"]["post"];
    let extid = &op["requestBody"]["content"]["application/json"]["schema"]["properties"]["extid"];
    assert_eq!(extid["pattern"], "^[0-9*#\\-]*$");
    assert_eq!(extid["maxLength"], 8);
    assert_eq!(extid["examples"][0], "101");
    let xml = &op["requestBody"]["content"]["application/xml"]["schema"];
    assert_eq!(xml["xml"]["name"], "xml");
    let failure = &op["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"][1];
    assert_eq!(failure["properties"]["status"]["const"], "Failed");
    let codes = &doc["components"]["schemas"]["ErrorCode"]["oneOf"][0];
    assert_eq!(codes["const"], "10004");
    assert_eq!(codes["description"], "The parameter is blank");
    assert_eq!(op["security"][0]["token"], serde_json::json!([]));
    assert_eq!(op["parameters"][0]["name"], "type");
}

#[test]
fn the_3_0_rendering_has_no_const_and_one_example() {
    let doc = export_text(FAMILY, &[("dial", DIAL)], Version::V3_0).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    let text = doc.to_string();
    assert!(!text.contains("\"const\""), "{text}");
    let extid = &doc["paths"]["/api/v1/dial"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"]["extid"];
    assert_eq!(extid["example"], "101");
}

#[test]
fn a_get_sends_its_parameters_as_constrained_query_parameters() {
    let get = DIAL.replace("effect = \"call\"", "effect = \"read\"\nmethod = \"GET\"");
    let doc = export_text(FAMILY, &[("dial", &get)], Version::V3_1).unwrap();
    let op = &doc["paths"]["/api/v1/dial"]["get"];
    assert!(op["requestBody"].is_null());
    let extid = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "extid")
        .unwrap();
    assert_eq!(extid["in"], "query");
    assert_eq!(extid["required"], true);
    assert_eq!(extid["schema"]["pattern"], "^[0-9*#\\-]*$");
    assert_eq!(extid["schema"]["maxLength"], 8);
}

#[test]
fn two_endpoints_on_one_path_are_refused() {
    let errors = export_text(
        FAMILY,
        &[("dial", DIAL), ("dial_again", DIAL)],
        Version::V3_1,
    )
    .unwrap_err();
    assert!(
        errors[0].contains("already another endpoint's"),
        "{errors:?}"
    );
}

const DIAL_SIM: &str = r#"
name = "Dial"
summary = "Dials."
path = "dial"
effect = "call"

[params.extid]
type = "string"
required = true

[params.outto]
type = "string"
required = true

[response.callid]
type = "string"
required = false

[sim]
action = "dial"
from = "extid"
to = "outto"

[sim.fill]
callid = "call.id"
"#;

const HANGUP_SIM: &str = r#"
name = "Hang up"
summary = "Hangs up."
path = "hangup"
effect = "call"

[params.outboundid]
type = "string"
required = true

[sim]
action = "hangup"
call = "outboundid"
"#;

#[test]
fn a_dial_links_its_call_id_to_the_operations_on_the_call() {
    let endpoints = [("dial", DIAL_SIM), ("hangup", HANGUP_SIM)];
    let doc = export_text(FAMILY, &endpoints, Version::V3_1).unwrap();
    let links = &doc["paths"]["/api/v1/dial"]["post"]["responses"]["200"]["links"];
    let link = &links["hangup"];
    assert_eq!(link["operationId"], "hangup");
    assert_eq!(link["parameters"]["query.type"], "json");
    assert!(link["parameters"]["path.version"].is_null(), "{link}");
    assert_eq!(
        link["requestBody"]["outboundid"],
        "{$response.body#/callid}"
    );
    let hangup = &doc["paths"]["/api/v1/hangup"]["post"]["responses"]["200"];
    assert!(hangup["links"].is_null(), "{hangup}");
}

const LIST: &str = r#"
name = "Extensions"
summary = "Lists extensions."
path = "list"
effect = "read"

[response.extlist]
type = "list"
xml_item = "item"
xml_item_id = "index"
rust_type = "Ext"

[response.extlist.fields.number]
type = "string"
"#;

#[test]
fn numbered_xml_items_carry_their_id_attribute() {
    let doc = export_text(FAMILY, &[("list", LIST)], Version::V3_1).unwrap();
    let content = &doc["paths"]["/api/v1/list"]["post"]["responses"]["200"]["content"];
    let success = &content["application/xml"]["schema"]["oneOf"][0];
    let item = &success["properties"]["extlist"]["items"];
    assert_eq!(item["xml"]["name"], "item");
    assert_eq!(item["properties"]["id"]["xml"]["attribute"], true);
    assert_eq!(item["properties"]["id"]["xml"]["name"], "id");
    assert!(item["required"].as_array().unwrap().contains(&"id".into()));
    let json_success = &content["application/json"]["schema"]["oneOf"][0];
    let json_item = &json_success["properties"]["extlist"];
    assert!(!json_item.to_string().contains("\"id\""), "{json_item}");
}

const DOWNLOAD: &str = r#"
name = "Download"
summary = "Downloads a recording."
path = "download"
effect = "read"
download = "audio"

[params.file]
type = "string"
required = true
"#;

#[test]
fn a_download_answers_bytes_or_the_failure() {
    for version in Version::ALL {
        let doc = export_text(FAMILY, &[("download", DOWNLOAD)], version).unwrap();
        let content = &doc["paths"]["/api/v1/download"]["post"]["responses"]["200"]["content"];
        let failure = &content["application/json"]["schema"];
        assert!(failure["oneOf"].is_null(), "{failure}");
        assert_eq!(failure["required"], serde_json::json!(["status", "errno"]));
        let file = &content["audio/*"]["schema"];
        assert_eq!(file["type"], "string");
        match version {
            Version::V3_1 => assert_eq!(file["contentMediaType"], "audio/*"),
            Version::V3_0 => {
                assert_eq!(file["format"], "binary");
                assert!(file["contentMediaType"].is_null());
            }
        }
    }
}

const MISTAKE: &str = r#"
[[examples]]
name = "broken page"
format = "json"
mistake = "No status."
decodes = "error"
response = '''{"extid":"101"}'''

[[examples]]
name = "good"
format = "json"
response = '''{"status":"Success"}'''
"#;

#[test]
fn a_vendor_mistake_is_no_example() {
    let dial = format!("{DIAL}{MISTAKE}");
    let doc = export_text(FAMILY, &[("dial", &dial)], Version::V3_1).unwrap();
    let content = &doc["paths"]["/api/v1/dial"]["post"]["responses"]["200"]["content"];
    let examples = content["application/json"]["examples"].as_object().unwrap();
    let names: Vec<&String> = examples.keys().collect();
    assert_eq!(names, ["good"]);
}
