//! `pbx sim` as users run it: the built binary on a free port, its URL read from the first
//! stdout line, real requests on loopback, the `--log` output, TLS with the certificate it
//! writes, the flags that change its behaviour, and Ctrl-C. Every child is killed at the end,
//! whatever happens; every wait is bounded.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::sim_child::{BOUND, PASSWORD_MD5, Sim};

fn post(path: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{extra_headers}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn s_series_login() -> String {
    post(
        "/api/v1.0.0/login",
        "",
        &format!(r#"{{"username":"api","password":"{PASSWORD_MD5}","port":"8260"}}"#),
    )
}

/// The token from an S-Series login answer.
fn token(answer: &str) -> String {
    let (_, rest) = answer
        .split_once(r#""token":""#)
        .unwrap_or_else(|| panic!("no token in {answer}"));
    rest.split('"').next().expect("token text").to_owned()
}

#[test]
fn serves_on_the_printed_url_and_logs_each_exchange_with_secrets_hidden() {
    let sim = Sim::start(&["--log"]);
    assert!(sim.url.starts_with("http://127.0.0.1:"), "{}", sim.url);
    let answer = sim.http(&s_series_login());
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""status":"Success""#), "{answer}");
    let token = token(&answer);

    let block = sim
        .stderr_until(|l| l.contains("\"status\":\"Success\""))
        .join("\n");
    assert!(
        block.contains("--> POST /api/v1.0.0/login (yeastar_s::login)"),
        "{block}"
    );
    assert!(block.contains(r#""password":"***""#), "{block}");
    assert!(block.contains("<-- 200"), "{block}");
    assert!(block.contains(r#""token":"***""#), "{block}");
    assert!(!block.contains(PASSWORD_MD5), "{block}");
    assert!(!block.contains(&token), "{block}");

    // The token in the query is hidden too.
    let heartbeat = post(
        &format!("/api/v1.0.0/heartbeat?token={token}"),
        "",
        r#"{"ipaddr":"127.0.0.1","port":"8260"}"#,
    );
    assert!(sim.http(&heartbeat).starts_with("HTTP/1.1 200"));
    let block = sim.stderr_until(|l| l.starts_with("<-- ")).join("\n");
    assert!(
        block.contains("--> POST /api/v1.0.0/heartbeat?token=*** (yeastar_s::heartbeat)"),
        "{block}"
    );
    assert!(!block.contains(&token), "{block}");
}

#[test]
fn credentials_and_switchvox_auth_come_from_the_flags() {
    let sim = Sim::start(&[
        "--user",
        "joe",
        "--password",
        "Pw-4567",
        "--switchvox-auth",
        "basic",
        "--log",
    ]);
    let body = r#"{"request":{"method":"switchvox.currentCalls.getList","parameters":{}}}"#;
    // base64("joe:wrong"): refused with a Basic challenge.
    let refused = sim.http(&post(
        "/json",
        "Authorization: Basic am9lOndyb25n\r\n",
        body,
    ));
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    assert!(
        refused
            .to_ascii_lowercase()
            .contains("www-authenticate: basic"),
        "{refused}"
    );
    // base64("joe:Pw-4567"): accepted.
    let accepted = sim.http(&post(
        "/json",
        "Authorization: Basic am9lOlB3LTQ1Njc=\r\n",
        body,
    ));
    assert!(accepted.starts_with("HTTP/1.1 200"), "{accepted}");
    let block = sim.stderr_until(|l| l.starts_with("<-- 200")).join("\n");
    // The refusal is logged too, then the answer.
    assert!(block.contains("--> POST /json"), "{block}");
    assert!(block.contains("<-- 401"), "{block}");
    assert!(block.contains("switchvox"), "{block}");
    // Headers, Authorization included, are never logged.
    assert!(!block.contains("am9lOlB3LTQ1Njc="), "{block}");
}

/// A P-Series access token from `get_token`.
fn access_token(sim: &Sim) -> String {
    let answer = sim.http(&post(
        "/openapi/v1.0/get_token",
        "User-Agent: OpenAPI\r\n",
        r#"{"username":"api","password":"Secret123"}"#,
    ));
    let (_, rest) = answer
        .split_once(r#""access_token":""#)
        .unwrap_or_else(|| panic!("no access token in {answer}"));
    rest.split('"').next().expect("token text").to_owned()
}

#[test]
fn token_lives_come_from_the_flags() {
    let short = Sim::start(&["--token-idle", "1", "--access-token-life", "1"]);
    let default = Sim::start(&[]);
    let tokens: Vec<String> = [&short, &default]
        .iter()
        .map(|sim| token(&sim.http(&s_series_login())))
        .collect();
    let access: Vec<String> = [&short, &default]
        .iter()
        .map(|sim| access_token(sim))
        .collect();
    std::thread::sleep(Duration::from_secs(3));
    let hangup = |sim: &Sim, token: &str| {
        sim.http(&post(
            &format!("/openapi/v1.0/call/hangup?access_token={token}"),
            "User-Agent: OpenAPI\r\n",
            r#"{"channel_id":"PJSIP/1001-00000001"}"#,
        ))
    };
    // P-Series: 10004 is the vendor's "access token expired or invalid".
    let expired = hangup(&short, &access[0]);
    assert!(expired.contains(r#""errcode":10004"#), "{expired}");
    let alive = hangup(&default, &access[1]);
    assert!(alive.starts_with("HTTP/1.1 200"), "{alive}");
    assert!(!alive.contains(r#""errcode":10004"#), "{alive}");
    let heartbeat = |sim: &Sim, token: &str| {
        sim.http(&post(
            &format!("/api/v1.0.0/heartbeat?token={token}"),
            "",
            r#"{"ipaddr":"127.0.0.1","port":"8260"}"#,
        ))
    };
    let expired = heartbeat(&short, &tokens[0]);
    assert!(expired.contains(r#""status":"Failed""#), "{expired}");
    let alive = heartbeat(&default, &tokens[1]);
    assert!(alive.contains(r#""status":"Success""#), "{alive}");
}

#[test]
fn fault_rate_answers_every_nth_request_with_the_fault() {
    let sim = Sim::start(&["--fault-rate", "status:503:2", "--latency", "10"]);
    let answers: Vec<String> = (0..4).map(|_| sim.http(&s_series_login())).collect();
    let unavailable = answers
        .iter()
        .filter(|a| a.starts_with("HTTP/1.1 503"))
        .count();
    assert_eq!(unavailable, 2, "{answers:#?}");
}

#[test]
fn bad_fault_rates_are_usage_errors() {
    for bad in ["status:99:2", "drop:0", "drop", "melt:3", "vendor::4"] {
        let output = Command::new(env!("CARGO_BIN_EXE_pbx"))
            .args(["sim", "--fault-rate", bad])
            .stdin(Stdio::null())
            .output()
            .expect("pbx runs");
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(output.stdout.is_empty(), "{bad} started a simulator");
    }
}

#[test]
fn help_says_every_default_credentials_included() {
    let output = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(["sim", "--help"])
        .output()
        .expect("pbx runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for default in [
        "[default: 0]",
        "[default: api]",
        "[default: Secret123]",
        "[default: digest]",
        "[default: 1800]",
        "[default: plain HTTP]",
        "[default: none]",
    ] {
        assert!(help.contains(default), "{default} missing from:\n{help}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_cert_out_gives_a_pem_a_client_can_trust() {
    use pbx_api::client::{ClientConfig, YeastarSClient};
    use pbx_api::yeastar_s::outbound::query;

    let dir = std::env::temp_dir().join(format!("pbx-sim-cert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let pem_path = dir.join("sim.pem");
    let path = pem_path.to_str().expect("UTF-8 path").to_owned();
    let sim = tokio::task::spawn_blocking(move || Sim::start(&["--tls", "--cert-out", &path]))
        .await
        .expect("started");
    assert!(sim.url.starts_with("https://127.0.0.1:"), "{}", sim.url);
    let second = sim.stdout_line();
    let fingerprint = second
        .split_whitespace()
        .find(|w| w.starts_with("sha256:"))
        .unwrap_or_else(|| panic!("no fingerprint: {second}"));
    let hex: Vec<&str> = fingerprint
        .trim_start_matches("sha256:")
        .trim_end_matches([')', ','])
        .split(':')
        .collect();
    assert_eq!(hex.len(), 32, "{fingerprint}");
    assert!(
        hex.iter()
            .all(|h| h.len() == 2 && h.bytes().all(|b| b.is_ascii_hexdigit())),
        "{fingerprint}"
    );
    let pem = std::fs::read(&pem_path).expect("the certificate was written");
    assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));

    let trusting = YeastarSClient::builder(
        ClientConfig::new(sim.url.clone()).trust_pem(pem),
        "api",
        "Secret123",
    )
    .build()
    .expect("client");
    let listed = tokio::time::timeout(BOUND, trusting.send(&query::Request::new()))
        .await
        .expect("answered in time");
    assert!(listed.is_ok(), "{listed:?}");
    let _ = tokio::time::timeout(BOUND, trusting.close()).await;

    // A client that does not trust it is refused: the TLS is real.
    let stranger = YeastarSClient::builder(ClientConfig::new(sim.url.clone()), "api", "Secret123")
        .build()
        .expect("client");
    let refused = tokio::time::timeout(BOUND, stranger.send(&query::Request::new()))
        .await
        .expect("answered in time");
    assert!(refused.is_err(), "{refused:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tls_without_cert_out_prints_the_pem() {
    let sim = Sim::start(&["--tls"]);
    let second = sim.stdout_line();
    assert!(second.starts_with("certificate sha256:"), "{second}");
    assert_eq!(sim.stdout_line(), "-----BEGIN CERTIFICATE-----");
    let mut last = String::new();
    for _ in 0..100 {
        last = sim.stdout_line();
        if last.starts_with("-----END") {
            break;
        }
    }
    assert_eq!(last, "-----END CERTIFICATE-----");
}

#[test]
fn ctrl_c_stops_it() {
    let mut sim = Sim::start(&[]);
    let interrupted = Command::new("kill")
        .args(["-INT", &sim.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let deadline = Instant::now() + BOUND;
    let status = loop {
        if let Some(status) = sim.child.try_wait().expect("status") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}
