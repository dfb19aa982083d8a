//! Settings: flag over environment over config file; conflicts refused; bad settings fail
//! fast with exit 2 and nothing sent; the config file's text (it holds the password) is never
//! echoed; `--timeout`, `--retries`, `--pin` and `--dry-run` do what they say.

mod support;

use std::os::unix::ffi::OsStringExt;

use pbx_sim::{Fault, FaultKind, SimConfig, Simulator};
use support::{Pbx, closed_port, temp_dir, text};

async fn sim() -> Simulator {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    sim.record_exchanges(true);
    sim
}

/// The user names the simulator's OpenVox logins carried.
fn login_users(sim: &Simulator) -> Vec<String> {
    sim.take_exchanges()
        .into_iter()
        .filter(|e| e.endpoint == "openvox::login")
        .filter_map(|e| {
            let body: serde_json::Value = serde_json::from_str(&e.request).ok()?;
            body["username"].as_str().map(str::to_owned)
        })
        .collect()
}

fn config(name: &str, text: &str) -> String {
    let file = temp_dir(name).join("pbx.toml");
    std::fs::write(&file, text).expect("config written");
    file.display().to_string()
}

const QUERY: [&str; 3] = ["run", "outbound", "query"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flag_beats_the_environment_which_beats_the_file() {
    let sim = sim().await;
    let port = sim.addr().port();
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let file = config(
        "precedence",
        &format!(
            "family = \"openvox\"\nurl = \"{closed}\"\nuser = \"from-file\"\npassword = \"Secret123\"\n"
        ),
    );
    // The file alone: its URL is closed.
    let out = Pbx::new(["--config", &file]).args(QUERY).run().await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    // The environment's URL beats the file's, and its user too.
    let out = Pbx::new(["--config", &file])
        .args(QUERY)
        .env("PBX_URL", &sim.url())
        .env("PBX_USER", "api")
        .run()
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(login_users(&sim), ["api"]);
    // A flag beats both; `--host` replaces the environment's `PBX_URL` as a whole.
    let out = Pbx::new([
        "--config",
        &file,
        "--user",
        "api",
        "--host",
        &format!("127.0.0.1:{port}"),
    ])
    .args(QUERY)
    .env("PBX_URL", &closed)
    .env("PBX_USER", "from-env")
    .run()
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(login_users(&sim), ["api"]);
    // The file's user is used when nothing else gives one (and is refused by the PBX).
    let out = Pbx::new(["--config", &file, "--url", &sim.url()])
        .args(QUERY)
        .run()
        .await;
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    assert_eq!(login_users(&sim), ["from-file"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_that_exclude_each_other_are_refused() {
    let sim = sim().await;
    let url = sim.url();
    let both = config("both", &format!("url = \"{url}\"\nhost = \"127.0.0.1\"\n"));
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (vec!["--url", &url, "--host", "127.0.0.1"], vec![]),
        (
            vec![],
            vec![("PBX_URL", url.as_str()), ("PBX_HOST", "127.0.0.1")],
        ),
        (vec!["--config", &both], vec![]),
        (
            vec!["--url", &url, "--ca", "a.pem", "--ca-only", "b.pem"],
            vec![],
        ),
        // The simulator is the PBX: another one cannot be named beside it.
        (vec!["--simulate", "--url", &url], vec![]),
    ];
    for (args, env) in cases {
        let mut pbx = Pbx::new(["--family", "openvox", "--user", "api"])
            .args(args.iter().copied())
            .args(QUERY)
            .env("PBX_PASSWORD", "Secret123");
        for (k, v) in &env {
            pbx = pbx.env(k, v);
        }
        let out = pbx.run().await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} {env:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("exclude each other"),
            "{}",
            text(&out.stderr)
        );
    }
    assert!(sim.take_exchanges().is_empty(), "nothing sent");
}

#[test]
fn simulate_uses_the_simulators_credentials_whatever_the_environment_says() {
    // A shell set up for a real PBX still gets the simulator it asked for.
    let out = Pbx::new(["--family", "openvox", "--simulate"])
        .args(QUERY)
        .env("PBX_URL", "http://127.0.0.1:1")
        .env("PBX_USER", "someone")
        .env("PBX_PASSWORD", "the real PBX's password")
        .output();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_broken_config_file_is_located_never_quoted() {
    let secret = "Sup3rSecretPw";
    let cases = [
        (
            format!("family = \"openvox\"\npassword = \"{secret}\nuser = \"api\"\n"),
            ":2:",
        ),
        (
            format!("user = \"api\"\npasswd = \"{secret}\"\n"),
            "unknown key `passwd`",
        ),
        (
            "password = 31337\n".to_owned(),
            "`password` must be a string",
        ),
    ];
    for (i, (body, expected)) in cases.iter().enumerate() {
        let file = config(&format!("broken{i}"), body);
        let out = Pbx::new(["--family", "openvox", "--config", &file, "--simulate"])
            .args(QUERY)
            .output();
        let shown = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{shown}");
        assert!(
            shown.contains(&file) && shown.contains(expected),
            "{expected}: {shown}"
        );
        assert!(
            !shown.contains(secret) && !shown.contains("31337"),
            "echoed: {shown}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_settings_fail_fast_and_send_nothing() {
    let sim = sim().await;
    let url = sim.url();
    let query_url = format!("{url}/?debug=1");
    let fragment_url = format!("{url}/#top");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec![
                "--user".into(),
                std::ffi::OsString::from_vec(b"api\xff".to_vec()),
            ],
            "UTF-8",
        ),
        (vec!["--url".into(), query_url.into()], "query"),
        (vec!["--url".into(), fragment_url.into()], "fragment"),
        (vec!["--password".into(), "".into()], "password is empty"),
        (vec!["--host".into(), "bad host".into()], "--host"),
        (vec!["--host".into(), "127.0.0.1:99999".into()], "port"),
        (vec!["--host".into(), "[::1".into()], "--host"),
        (vec!["--host".into(), "http://127.0.0.1".into()], "--url"),
        (
            vec!["--user".into(), "api\r\nX-Injected: 1".into()],
            "control character",
        ),
        (vec!["--timeout".into(), "soon".into()], "--timeout"),
        (vec!["--retries".into(), "11".into()], "--retries"),
    ];
    for (given, expected) in cases {
        let mut args: Vec<std::ffi::OsString> = vec!["--family".into(), "openvox".into()];
        if !given.iter().any(|a| a == "--url" || a == "--host") {
            args.extend(["--url".into(), url.clone().into()]);
        }
        if !given.iter().any(|a| a == "--user") {
            args.extend(["--user".into(), "api".into()]);
        }
        args.extend(given.iter().cloned());
        args.extend(QUERY.iter().map(Into::into));
        let out = Pbx::new(args).env("PBX_PASSWORD", "Secret123").run().await;
        let shown = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{given:?}: {shown}");
        assert!(shown.contains(expected), "{given:?}: {expected}: {shown}");
        assert!(sim.take_exchanges().is_empty(), "{given:?}: nothing sent");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_is_a_setting_everywhere() {
    let sim = sim().await;
    let file = config("pin", "pin = \"sha256:00\"\n");
    let runs = [
        Pbx::new(["--pin", "sha256:00"]),
        Pbx::new(Vec::<String>::new()).env("PBX_PIN", "sha256:00"),
        Pbx::new(["--config", &file]),
    ];
    for pbx in runs {
        let out = pbx
            .args(["--family", "openvox", "--url", &sim.url(), "--user", "api"])
            .args(QUERY)
            .env("PBX_PASSWORD", "Secret123")
            .run()
            .await;
        let shown = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{shown}");
        assert!(
            shown.contains("--pin: \"sha256:00\" is not a SHA-256 certificate pin"),
            "{shown}"
        );
    }
    // A well-formed pin reaches the client's configuration, which refuses it for an http://
    // URL: a pin protects nothing there. (`sim_command.rs` connects with a pin over TLS.)
    let pin = format!("sha256:{}", ["AB"; 32].join(":"));
    let out = Pbx::new([
        "--pin",
        &pin,
        "--family",
        "openvox",
        "--url",
        &sim.url(),
        "--user",
        "api",
    ])
    .args(QUERY)
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await;
    let shown = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("protects nothing over http://"), "{shown}");
    assert!(sim.take_exchanges().is_empty(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_apply_to_read_only_calls() {
    let sim = sim().await;
    let run = |retries: &'static str| {
        let url = sim.url();
        async move {
            Pbx::new([
                "--family",
                "openvox",
                "--url",
                &url,
                "--user",
                "api",
                "--retries",
                retries,
            ])
            .args(QUERY)
            .env("PBX_PASSWORD", "Secret123")
            .run()
            .await
        }
    };
    let fault = || Fault {
        endpoint: Some("openvox::outbound::query".into()),
        kind: FaultKind::Status(503),
        times: 1,
    };
    sim.inject(fault());
    let out = run("0").await;
    assert_eq!(out.status.code(), Some(8), "{}", text(&out.stderr));
    assert_eq!(sim.requests("openvox::outbound::query"), 1);
    sim.inject(fault());
    let out = run("1").await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(sim.requests("openvox::outbound::query"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_shows_the_request_and_sends_nothing() {
    let sim = sim().await;
    let out = Pbx::new([
        "--family",
        "yeastar-s",
        "--url",
        &sim.url(),
        "--dry-run",
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "1002",
        "--outto",
        "41000",
    ])
    .run()
    .await;
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let url = sim.url();
    assert!(
        shown.contains(&format!(
            "POST {url}/api/v1.0.0/extension/dial_outbound?token=***\n"
        )),
        "{shown}"
    );
    assert!(shown.contains("a login comes first"), "{shown}");
    assert!(shown.contains("content-type: application/json"), "{shown}");
    assert!(
        shown.ends_with("\n{\"extid\":\"1002\",\"outto\":\"41000\"}\n"),
        "{shown}"
    );
    assert!(sim.take_exchanges().is_empty(), "nothing sent");
    assert_eq!(sim.requests("yeastar_s::login"), 0);
    // An invalid request is refused in a dry run too.
    let out = Pbx::new([
        "--family",
        "yeastar-s",
        "--url",
        &sim.url(),
        "--dry-run",
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "10a2",
        "--outto",
        "41000",
    ])
    .run()
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trusting_only_one_certificate_is_a_setting_everywhere() {
    let sim = sim().await;
    let dir = temp_dir("ca-only");
    let not_pem = dir.join("not.pem");
    std::fs::write(&not_pem, "not a certificate\n").expect("written");
    let not_pem = not_pem.display().to_string();
    let missing = dir.join("missing.pem").display().to_string();
    let file = config("ca-only-file", &format!("ca_only = \"{not_pem}\"\n"));
    let runs = [
        (Pbx::new(["--ca-only", &missing]), "cannot read"),
        (Pbx::new(["--ca-only", &not_pem]), "PEM"),
        (
            Pbx::new(Vec::<String>::new()).env("PBX_CA_ONLY", &not_pem),
            "PEM",
        ),
        (Pbx::new(["--config", &file]), "PEM"),
    ];
    for (pbx, expected) in runs {
        let out = pbx
            .args(["--family", "openvox", "--url", &sim.url(), "--user", "api"])
            .args(QUERY)
            .env("PBX_PASSWORD", "Secret123")
            .run()
            .await;
        let shown = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{shown}");
        assert!(shown.contains(expected), "{expected}: {shown}");
    }
    assert!(sim.take_exchanges().is_empty(), "nothing sent");
}
