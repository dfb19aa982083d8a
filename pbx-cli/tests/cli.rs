//! The `pbx` command against the simulator: placing and querying a call from a shell, and the
//! exit codes scripts rely on.

mod support;

use pbx_sim::{SimConfig, Simulator};
use support::{Pbx, closed_port, text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn places_and_queries_a_call_from_the_shell() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let url = sim.url();
    let placed = Pbx::new([
        "--family",
        "yeastar-s",
        "--url",
        &url,
        "--user",
        "api",
        "--json",
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "1002",
        "--outto",
        "41000",
    ])
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await;
    assert_eq!(placed.status.code(), Some(0), "{}", text(&placed.stderr));
    let answer = text(&placed.stdout);
    assert!(
        answer.starts_with(r#"{"status":"Success","callid":""#),
        "{answer}"
    );

    let listed = Pbx::new([
        "--family",
        "yeastar_s",
        "--url",
        &url,
        "--user",
        "api",
        "--json",
        "run",
        "outbound",
        "query",
    ])
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await;
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let answer = text(&listed.stdout);
    assert!(answer.contains(r#""from":"1002","to":"41000""#), "{answer}");
    assert_eq!(sim.calls().len(), 1);
    assert_eq!(sim.requests("yeastar_s::logout"), 2, "each run logs out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_tell_failures_apart() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let url = sim.url();
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let cases: Vec<(String, &str, Vec<&str>, i32)> = vec![
        // Nothing sent: the spec refuses `10a2`.
        (
            url.clone(),
            "Secret123",
            vec![
                "run",
                "extension",
                "dial-outbound",
                "--extid",
                "10a2",
                "--outto",
                "1",
            ],
            3,
        ),
        // The PBX refuses: no such call.
        (
            url.clone(),
            "Secret123",
            vec!["run", "outbound", "hangup", "--outboundid", "1.1"],
            4,
        ),
        // Nobody listening: nothing sent.
        (closed, "Secret123", vec!["run", "outbound", "query"], 5),
        // Wrong password.
        (url.clone(), "wrong", vec!["run", "outbound", "query"], 6),
        // A missing required flag.
        (
            url.clone(),
            "Secret123",
            vec!["run", "outbound", "hangup"],
            2,
        ),
        // The old stuttering name is gone.
        (
            url.clone(),
            "Secret123",
            vec!["call", "outbound", "query"],
            2,
        ),
    ];
    for (url, password, args, expected) in cases {
        let out = Pbx::new(["--family", "openvox", "--url", &url, "--user", "api"])
            .args(args.iter().copied())
            .env("PBX_PASSWORD", password)
            .run()
            .await;
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    // An unknown family.
    let out = Pbx::new(["--family", "asterisk", "run"]).run().await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("unknown family `asterisk`"));
    assert!(sim.calls().is_empty());
}

#[test]
fn simulate_runs_without_any_pbx() {
    let out = Pbx::new([
        "--family",
        "yeastar-p",
        "--simulate",
        "--json",
        "run",
        "call",
        "dial",
        "--caller",
        "1000",
        "--callee",
        "1001",
    ])
    .output();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(r#""errcode":0"#));
}

#[test]
fn help_documents_the_exit_codes_and_the_names() {
    let out = Pbx::new(["--help"]).output();
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for needle in [
        "Exit codes:",
        "5  the PBX could not be reached",
        "7  sent, outcome unknown",
        "--dry-run",
        "--ca-only",
        "--pin",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    let out = Pbx::new(["--family", "yeastar-v2", "run", "--help"]).output();
    let help = text(&out.stdout);
    for group in ["call", "extension", "login", "heartbeat"] {
        assert!(help.contains(group), "{group}: {help}");
    }
}

#[test]
fn endpoints_are_listed_as_json_with_their_commands() {
    let out = Pbx::new(["endpoints", "--json"]).output();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list = support::json(&out);
    let all = list.as_array().expect("a list");
    assert_eq!(all.len(), pbx_api::ENDPOINTS.len());
    let dial = all
        .iter()
        .find(|e| e["id"] == "yeastar_v2::call::dial")
        .expect("yeastar_v2::call::dial listed");
    assert_eq!(dial["command"], "run call dial");
    assert_eq!(dial["effect"], "call");
    let out = Pbx::new(["--family", "openvox", "--json", "endpoints"]).output();
    let list = support::json(&out);
    assert!(
        list.as_array()
            .expect("a list")
            .iter()
            .all(|e| e["family"] == "openvox")
    );
}
