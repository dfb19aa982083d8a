//! What `pbx` prints: `key: value` lines for people, one JSON document for scripts with the
//! failure's kind right, and the PBX's text as data (never JSON fields, never terminal codes).

mod support;

use pbx_sim::{Fault, FaultKind, SimConfig, Simulator};
use support::{Pbx, json, text};

async fn openvox(sim: &Simulator, password: &str, args: &[&str]) -> std::process::Output {
    Pbx::new([
        "--family",
        "openvox",
        "--url",
        &sim.url(),
        "--user",
        "api",
        "--json",
    ])
    .args(args.iter().copied())
    .env("PBX_PASSWORD", password)
    .run()
    .await
}

fn inject(sim: &Simulator, endpoint: &str, kind: FaultKind) {
    sim.inject(Fault {
        endpoint: Some(endpoint.into()),
        kind,
        times: 1,
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_failure_is_json_with_its_kind() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let query = ["run", "outbound", "query"];
    let hangup = ["run", "outbound", "hangup", "--outboundid", "1.1"];
    let bad = [
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "10a2",
        "--outto",
        "1",
    ];
    // Faults with how often to inject them: a 5xx on a read-only call is retried twice.
    type Case<'a> = (
        &'a str,
        &'a [&'a str],
        Option<(FaultKind, usize)>,
        &'a str,
        i32,
    );
    let cases: Vec<Case> = vec![
        ("Secret123", &bad, None, "invalid", 3),
        ("Secret123", &hangup, None, "vendor", 4),
        ("wrong", &query, None, "auth", 6),
        (
            "Secret123",
            &query,
            Some((FaultKind::Garbage, 1)),
            "decode",
            8,
        ),
        (
            "Secret123",
            &query,
            Some((FaultKind::Status(502), 3)),
            "http_status",
            8,
        ),
        (
            "Secret123",
            &["run", "outbound", "hangup"],
            None,
            "usage",
            2,
        ),
        ("Secret123", &["run", "no-such-endpoint"], None, "usage", 2),
    ];
    for (password, args, fault, kind, exit) in cases {
        if let Some((fault, times)) = fault {
            sim.inject(Fault {
                endpoint: Some("openvox::outbound::query".into()),
                kind: fault,
                times,
            });
        }
        let out = openvox(&sim, password, args).await;
        assert_eq!(
            out.status.code(),
            Some(exit),
            "{args:?}: {}",
            text(&out.stdout)
        );
        let doc = json(&out);
        assert_eq!(doc["error"]["kind"], kind, "{args:?}: {doc}");
        assert_eq!(doc["error"]["exit"], exit, "{doc}");
        assert!(doc["error"]["message"].is_string(), "{doc}");
        assert!(
            out.stderr.is_empty() || !text(&out.stderr).contains("error:"),
            "{}",
            text(&out.stderr)
        );
        sim.take_exchanges();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vendor_text_is_data() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    // A hostile PBX: an error code that tries to close the JSON string and add a field, and
    // an escape sequence that would clear a terminal.
    let hostile = br#"{"status":"Failed","errno":"1\",\"injected\":\"yes\u001b[2J"}"#;
    let dial = [
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "1002",
        "--outto",
        "41000",
    ];
    let run = |json: bool| {
        let url = sim.url();
        let mut args = vec!["--family", "yeastar-s", "--user", "api"];
        if json {
            args.push("--json");
        }
        async move {
            Pbx::new(args.iter().copied())
                .args(["--url", url.as_str()])
                .args(dial)
                .env("PBX_PASSWORD", "Secret123")
                .run()
                .await
        }
    };
    inject(
        &sim,
        "yeastar_s::extension::dial_outbound",
        FaultKind::Body(hostile.to_vec()),
    );
    let out = run(true).await;
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stdout));
    let doc = json(&out);
    assert_eq!(doc["error"]["kind"], "vendor");
    assert_eq!(doc["error"]["code"], "1\",\"injected\":\"yes\u{1b}[2J");
    assert!(
        doc.get("injected").is_none() && doc["error"].get("injected").is_none(),
        "{doc}"
    );
    assert!(!out.stdout.contains(&0x1b), "no raw escape on stdout");

    inject(
        &sim,
        "yeastar_s::extension::dial_outbound",
        FaultKind::Body(hostile.to_vec()),
    );
    let out = run(false).await;
    assert_eq!(out.status.code(), Some(4));
    let shown = text(&out.stderr);
    assert!(
        !out.stderr.contains(&0x1b),
        "no raw escape on stderr: {shown}"
    );
    assert!(shown.contains("\\u{1b}[2J"), "{shown}");
}

#[test]
fn human_output_is_key_value_lines() {
    let out = Pbx::new([
        "--family",
        "yeastar-s",
        "--simulate",
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "1002",
        "--outto",
        "41000",
    ])
    .output();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.first(), Some(&"status: Success"), "{shown}");
    assert!(lines.iter().any(|l| l.starts_with("callid: ")), "{shown}");
    for debug in ["Response {", "Some(", "\"Success\""] {
        assert!(!shown.contains(debug), "Rust Debug in {shown}");
    }
}

#[test]
fn usage_errors_are_json_too() {
    let out = Pbx::new([
        "--json",
        "--family",
        "openvox",
        "--simulate",
        "run",
        "outbound",
        "nope",
    ])
    .output();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["error"]["kind"], "usage", "{doc}");
    assert_eq!(doc["error"]["delivery"], "not_sent", "{doc}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_logout_is_a_warning_that_json_keeps_parsable() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    inject(&sim, "openvox::logout", FaultKind::Status(500));
    let out = openvox(&sim, "Secret123", &["run", "outbound", "query"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // stdout is still the one answer; stderr's warning is JSON too.
    assert_eq!(json(&out)["status"], "Success");
    let warning: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    assert_eq!(warning["warning"]["kind"], "logout");
    assert!(
        warning["warning"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("logging out failed")),
        "{warning}"
    );
}
