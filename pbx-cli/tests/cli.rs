//! The `pbx` command against the simulator: placing and querying a call from a shell, and the
//! exit codes scripts rely on.

use std::process::{Command, Output};

use pbx_sim::{SimConfig, Simulator};

/// Runs `pbx` against `url` off the async runtime (the simulator answers on it meanwhile).
async fn pbx(url: &str, password: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pbx"));
    command
        .args(["--url", url, "--user", "api"])
        .args(args)
        .env("PBX_PASSWORD", password)
        .env_remove("PBX_FAMILY")
        .env_remove("PBX_CONFIG");
    tokio::task::spawn_blocking(move || command.output().expect("pbx runs"))
        .await
        .expect("task")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn places_and_queries_a_call_from_the_shell() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let url = sim.url();
    let placed = pbx(
        &url,
        "Secret123",
        &[
            "--family",
            "yeastar-s",
            "--json",
            "call",
            "extension",
            "dial-outbound",
            "--extid",
            "1002",
            "--outto",
            "41000",
        ],
    )
    .await;
    assert_eq!(placed.status.code(), Some(0), "{}", text(&placed.stderr));
    let answer = text(&placed.stdout);
    assert!(
        answer.starts_with(r#"{"status":"Success","callid":""#),
        "{answer}"
    );

    let listed = pbx(
        &url,
        "Secret123",
        &[
            "--family",
            "yeastar_s",
            "--json",
            "call",
            "outbound",
            "query",
        ],
    )
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
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("address"))
    };
    let cases: Vec<(String, &str, Vec<&str>, i32)> = vec![
        // Nothing sent: the spec refuses `10a2`.
        (
            url.clone(),
            "Secret123",
            vec![
                "--family",
                "openvox",
                "call",
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
            vec![
                "--family",
                "openvox",
                "call",
                "outbound",
                "hangup",
                "--outboundid",
                "1.1",
            ],
            4,
        ),
        // Nobody listening.
        (
            closed,
            "Secret123",
            vec!["--family", "openvox", "call", "outbound", "query"],
            5,
        ),
        // Wrong password.
        (
            url.clone(),
            "wrong",
            vec!["--family", "openvox", "call", "outbound", "query"],
            6,
        ),
        // A missing required flag.
        (
            url.clone(),
            "Secret123",
            vec!["--family", "openvox", "call", "outbound", "hangup"],
            2,
        ),
        // An unknown family.
        (
            url.clone(),
            "Secret123",
            vec!["--family", "asterisk", "call"],
            2,
        ),
    ];
    for (url, password, args, expected) in cases {
        let out = pbx(&url, password, &args).await;
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert!(sim.calls().is_empty());
}

#[test]
fn simulate_runs_without_any_pbx() {
    let out = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args([
            "--family",
            "yeastar-p",
            "--simulate",
            "--json",
            "call",
            "call",
            "dial",
            "--caller",
            "1000",
            "--callee",
            "1001",
        ])
        .env_remove("PBX_URL")
        .env_remove("PBX_PASSWORD")
        .output()
        .expect("pbx runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(r#""errcode":0"#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_can_come_from_a_config_file() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let dir = std::env::temp_dir().join(format!("pbx-cli-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join("pbx.toml");
    std::fs::write(
        &file,
        format!(
            "family = \"yeastar-v2\"\nurl = \"{}\"\nuser = \"api\"\npassword = \"Secret123\"\n",
            sim.url()
        ),
    )
    .expect("config written");
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_pbx"))
            .arg("--config")
            .arg(&file)
            .args([
                "--json", "call", "call", "dial", "--caller", "1023", "--callee", "2000",
            ])
            .env_remove("PBX_FAMILY")
            .env_remove("PBX_URL")
            .env_remove("PBX_PASSWORD")
            .output()
            .expect("pbx runs")
    })
    .await
    .expect("task");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(sim.calls().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
