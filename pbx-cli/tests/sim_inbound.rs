//! `pbx sim --inbound FROM:TO`: a call from outside rings in every family, its ids printed,
//! and the query endpoints show it ringing; a malformed value is a usage error.

mod support;

use std::process::{Command, Stdio};

use support::sim_child::{PASSWORD_MD5, Sim};

fn post(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn an_inbound_call_rings_and_shows_up_in_the_query() {
    let sim = Sim::start(&["--inbound", "5550100:1000"]);
    let line = sim.stdout_line();
    assert!(
        line.starts_with("inbound call 5550100 -> 1000 ringing: "),
        "{line}"
    );
    assert!(line.contains("yeastar_v2 "), "{line}");
    let login = sim.http(&post(
        "/api/v2.0.0/login",
        &format!(r#"{{"username":"api","password":"{PASSWORD_MD5}","port":"8260"}}"#),
    ));
    let token = login
        .split_once(r#""token":""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap_or_else(|| panic!("no token in {login}"))
        .to_owned();
    // API 2.0 lists the calls of the extension, whichever way they came.
    let answer = sim.http(&post(
        &format!("/api/v2.0.0/extension/query_call?token={token}"),
        r#"{"number":"1000"}"#,
    ));
    assert!(answer.contains(r#""memberstatus":"RING""#), "{answer}");
    assert!(answer.contains(r#""from":"5550100""#), "{answer}");
    // The S-Series lists outbound calls only.
    let login = sim.http(&post(
        "/api/v1.0.0/login",
        &format!(r#"{{"username":"api","password":"{PASSWORD_MD5}","port":"8260"}}"#),
    ));
    let token = login
        .split_once(r#""token":""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap_or_else(|| panic!("no token in {login}"))
        .to_owned();
    let answer = sim.http(&post(
        &format!("/api/v1.0.0/outbound/query?token={token}"),
        "{}",
    ));
    assert!(answer.contains(r#""outbound":[]"#), "{answer}");
}

#[test]
fn a_malformed_inbound_value_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(["sim", "--port", "0", "--inbound", "5550100"])
        .stdin(Stdio::null())
        .output()
        .expect("pbx runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("FROM:TO"), "{stderr}");
}
