//! `pbx events decode`: one raw event on standard input, the typed event as one JSON line on
//! standard output, exit 0; input that is no event at all, a message and exit 5.

use std::io::Write;
use std::process::{Command, Stdio};

fn decode(family: &str, input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(["events", "decode", "--family", family])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("pbx: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("stdin");
    }
    let out = child.wait_with_output().expect("pbx ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(line: &str) -> serde_json::Value {
    assert_eq!(line.lines().count(), 1, "{line}");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

#[test]
fn a_report_prints_as_its_typed_event() {
    let body = r#"{"action":"Tranfer","callid":"1589957892.2030","ext":{"extid":"102"},"sn":"a09805021987"}"#;
    let (code, out, err) = decode("openvox", &format!("{body}\n"));
    assert_eq!(code, 0, "{err}");
    let event = json(&out);
    assert_eq!(event["event"], "Tranfer");
    assert_eq!(event["ext"][0]["extid"][0], "102");
    assert_eq!(event["sn"], "a09805021987");
}

#[test]
fn every_party_of_a_repeated_key_is_printed() {
    let body =
        r#"{"action":"ANSWERED","callid":"1","ext":{"extid":"1002"},"ext":{"extid":"1000"}}"#;
    for family in ["yeastar-s", "yeastar_v2"] {
        let (code, out, err) = decode(family, body);
        assert_eq!(code, 0, "{family}: {err}");
        let event = json(&out);
        assert_eq!(event["ext"][1]["extid"][0], "1000", "{family}");
    }
}

#[test]
fn an_undeclared_event_prints_whole_and_succeeds() {
    let body = r#"{"action":"Future","x":1}"#;
    let (code, out, _) = decode("openvox", body);
    assert_eq!(code, 0);
    let event = json(&out);
    assert_eq!(
        (event["event"].as_str(), event["raw"].as_str()),
        (Some("Future"), Some(body))
    );
    // A P-Series frame, its `msg` JSON text; a Switchvox trigger as PATH?QUERY.
    let frame = r#"{"type":30011,"sn":"1","msg":"{\"call_id\":\"1\"}"}"#;
    let (code, out, _) = decode("yeastar-p", frame);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["event"], "30011");
    let (code, out, _) = decode("switchvox", "/pbx/no_such_trigger?num=101&name=A+B\n");
    assert_eq!(code, 0);
    let event = json(&out);
    assert_eq!(
        (event["event"].as_str(), event["raw"].as_str()),
        (Some("no_such_trigger"), Some("num=101&name=A+B"))
    );
}

#[test]
fn input_that_is_no_event_exits_5_with_the_reason() {
    for (family, input) in [
        ("openvox", "action=RING"),
        ("yeastar-s", ""),
        ("yeastar-p", r#"{"type":30008,"msg":"{\"extension\":"}"#),
        ("switchvox", "/hangup?name=%G1"),
    ] {
        let (code, out, err) = decode(family, input);
        assert_eq!(code, 5, "{family}: {input}");
        assert!(out.is_empty());
        assert!(err.starts_with("pbx: not a "), "{err}");
    }
}

#[test]
fn an_unknown_family_is_a_usage_error() {
    let (code, _, err) = decode("asterisk", "{}");
    assert_eq!(code, 2);
    assert!(err.contains("unknown family `asterisk`"), "{err}");
}
