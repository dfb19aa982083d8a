//! Options of `pbx` and parameters of an endpoint never share a name: an endpoint's `--url`
//! or `--password` is sent exactly as typed, whatever the connection's are.

mod support;

use pbx_sim::{SimConfig, Simulator};
use support::{Pbx, text};

/// The bodies the simulator received for `endpoint`, as JSON.
fn bodies(sim: &Simulator, endpoint: &str) -> Vec<serde_json::Value> {
    sim.take_exchanges()
        .into_iter()
        .filter(|e| e.endpoint == endpoint)
        .map(|e| serde_json::from_str(&e.request).expect("a JSON body"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoints_url_is_its_own() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    sim.record_exchanges(true);
    let out = Pbx::new([
        "--family",
        "yeastar-v2",
        "--url",
        &sim.url(),
        "--user",
        "api",
        "run",
        "heartbeat",
        "--ipaddr",
        "127.0.0.1",
        "--url",
        "http://reports.invalid/events",
    ])
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sent = bodies(&sim, "yeastar_v2::heartbeat");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["url"], "http://reports.invalid/events");
    assert_eq!(sent[0]["ipaddr"], "127.0.0.1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoints_password_is_sent_as_typed() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    sim.record_exchanges(true);
    // The MD5 of Secret123, as the vendor's login takes it.
    let md5 = "5c90b96a75d4f9d5a1cfaa6f532afdc8";
    let out = Pbx::new([
        "--family",
        "yeastar-s",
        "--url",
        &sim.url(),
        "--user",
        "api",
        "run",
        "login",
        "--username",
        "api",
        "--password",
        md5,
        "--port",
        "8260",
    ])
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let logins: Vec<_> = sim
        .take_exchanges()
        .into_iter()
        .filter(|e| e.endpoint == "yeastar_s::login")
        .collect();
    // The client's own login, then the one typed. The log hides passwords, so what shows
    // that each carried the hash once is the PBX's answer: a double-hashed password is a
    // failed login (20003).
    assert_eq!(logins.len(), 2, "{logins:?}");
    for login in &logins {
        let body: serde_json::Value = serde_json::from_str(&login.request).expect("JSON body");
        assert_eq!(body["username"], "api");
        assert!(login.response.contains("\"Success\""), "{login}");
    }
    let typed: serde_json::Value = serde_json::from_str(&logins[1].request).expect("JSON body");
    assert_eq!(typed["port"], "8260");
    // And against a PBX whose password hash is the typed one, it is the typed text that is
    // sent: the login fails when the typed hash is wrong, whatever PBX_PASSWORD says.
    let wrong = Pbx::new([
        "--family",
        "yeastar-s",
        "--url",
        &sim.url(),
        "--user",
        "api",
        "run",
        "login",
        "--username",
        "api",
        "--password",
        "00000000000000000000000000000000",
        "--port",
        "8260",
    ])
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await;
    assert_eq!(wrong.status.code(), Some(4), "{}", text(&wrong.stderr));
    assert!(
        text(&wrong.stderr).contains("20003"),
        "{}",
        text(&wrong.stderr)
    );
}

#[test]
fn options_after_the_endpoint_are_parameters_only() {
    // `--json` is pbx's, not the endpoint's: after the endpoint it is refused, not guessed.
    let out = Pbx::new([
        "--family",
        "openvox",
        "--simulate",
        "run",
        "outbound",
        "query",
        "--json",
    ])
    .output();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--json"),
        "{}",
        text(&out.stderr)
    );
}
