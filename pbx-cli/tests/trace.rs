//! `--verbose` and `RUST_LOG` trace the exchanges on stderr, and never a password, its hash,
//! a login body or a token.

mod support;

use pbx_sim::{SimConfig, Simulator};
use support::{Pbx, text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_show_the_exchanges_and_no_secret() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    sim.record_exchanges(true);
    let dial = [
        "run",
        "extension",
        "dial-outbound",
        "--extid",
        "1002",
        "--outto",
        "41000",
    ];
    let base = ["--family", "yeastar-s", "--user", "api"];
    let quiet = Pbx::new(base)
        .args(["--url", &sim.url()])
        .args(dial)
        .env("PBX_PASSWORD", "Secret123")
        .run()
        .await;
    assert_eq!(quiet.status.code(), Some(0), "{}", text(&quiet.stderr));
    assert!(
        quiet.stderr.is_empty(),
        "quiet by default: {}",
        text(&quiet.stderr)
    );

    for (flag, rust_log) in [("-v", None), ("-vv", None), ("-v", Some("trace"))] {
        sim.take_exchanges();
        let mut pbx = Pbx::new(base)
            .args([flag, "--url", &sim.url()])
            .args(dial)
            .env("PBX_PASSWORD", "Secret123");
        if let Some(directives) = rust_log {
            pbx = pbx.env("RUST_LOG", directives);
        }
        let out = pbx.run().await;
        let traced = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{traced}");
        for shown in [
            "logged in",
            "yeastar_s::extension::dial_outbound",
            "status=200",
        ] {
            assert!(
                traced.contains(shown),
                "{flag} {rust_log:?}: {shown}: {traced}"
            );
        }
        let exchanges = sim.take_exchanges();
        let login = exchanges
            .iter()
            .find(|e| e.endpoint == "yeastar_s::login")
            .expect("a login");
        let answer: serde_json::Value = serde_json::from_str(&login.response).expect("JSON");
        let token = answer["token"].as_str().expect("a token");
        for secret in [
            "Secret123",
            "5c90b96a75d4f9d5a1cfaa6f532afdc8",
            token,
            login.request.as_str(),
        ] {
            assert!(
                !traced.contains(secret),
                "{flag} {rust_log:?} leaks {secret}: {traced}"
            );
        }
    }
}
