//! `pbx` against a PBX that serves what appliances serve: a certificate made by
//! `openssl req -x509` with the stock configuration (CA:TRUE, only a CN, no subjectAltName;
//! `tests/fixtures/tls/`). `pbx sim --cert --key` serves it; `pbx --ca`, `--ca-only` and
//! `--pin` must connect, anything else must be refused before the request is sent. And
//! Switchvox over plain HTTP never gets the password in clear unless Basic was chosen.

mod support;

use support::sim_child::Sim;
use support::{Pbx, text};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/tls");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The fingerprint line `openssl x509 -noout -fingerprint -sha256` printed for the fixture.
fn openssl_fingerprint() -> String {
    std::fs::read_to_string(fixture("pbx-cert.sha256"))
        .expect("the fixture's fingerprint")
        .trim()
        .to_owned()
}

/// `pbx sim` serving the stock openssl certificate.
fn appliance() -> Sim {
    let sim = Sim::start(&[
        "--cert",
        &fixture("pbx-cert.pem"),
        "--key",
        &fixture("pbx-key.pem"),
    ]);
    assert!(sim.url.starts_with("https://127.0.0.1:"), "{}", sim.url);
    sim
}

/// `pbx` with `trust` listing the S-Series outbound calls on `url`.
fn query(url: &str, trust: &[&str]) -> std::process::Output {
    Pbx::new(["--family", "yeastar-s", "--url", url, "--user", "api"])
        .args(trust.iter().copied())
        .args(["run", "outbound", "query"])
        .env("PBX_PASSWORD", "Secret123")
        .output()
}

#[test]
fn a_stock_openssl_certificate_trusted_with_ca_or_ca_only_connects() {
    let sim = appliance();
    let pem = fixture("pbx-cert.pem");
    for flag in ["--ca", "--ca-only"] {
        let out = query(&sim.url, &[flag, &pem]);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", text(&out.stderr));
    }
}

#[test]
fn a_stock_openssl_certificate_pinned_connects_in_either_spelling() {
    let sim = appliance();
    let line = openssl_fingerprint();
    let hex = line
        .split_once('=')
        .map(|(_, hex)| hex.to_owned())
        .expect("openssl's `SHA256 Fingerprint=` line");
    for pin in [format!("sha256:{hex}"), line.clone()] {
        let out = query(&sim.url, &["--pin", &pin]);
        assert_eq!(out.status.code(), Some(0), "{pin}: {}", text(&out.stderr));
    }
}

#[test]
fn untrusted_or_mispinned_is_refused_before_sending_and_says_what_to_do() {
    let sim = appliance();
    let presented = openssl_fingerprint()
        .split_once('=')
        .map(|(_, hex)| hex.to_owned())
        .expect("fingerprint");

    let untrusted = query(&sim.url, &[]);
    let shown = text(&untrusted.stderr);
    assert_eq!(untrusted.status.code(), Some(5), "nothing sent: {shown}");
    assert!(shown.contains("--ca") || shown.contains("--pin"), "{shown}");

    let wrong = format!("sha256:{}", ["00"; 32].join(":"));
    let mispinned = query(&sim.url, &["--pin", &wrong]);
    let shown = text(&mispinned.stderr);
    assert_eq!(mispinned.status.code(), Some(5), "nothing sent: {shown}");
    assert!(
        shown.to_ascii_uppercase().contains(&presented),
        "the message names the presented fingerprint {presented}: {shown}"
    );
}

#[test]
fn switchvox_basic_over_http_only_when_chosen() {
    let sim = Sim::start(&["--switchvox-auth", "basic"]);
    let list = |extra: &[&str]| {
        Pbx::new(["--family", "switchvox", "--url", &sim.url, "--user", "api"])
            .args(extra.iter().copied())
            .args(["run", "current-calls", "get-list"])
            .env("PBX_PASSWORD", "Secret123")
            .output()
    };
    let refused = list(&[]);
    let shown = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(6), "{shown}");
    assert!(shown.contains("--http-auth basic"), "{shown}");
    let chosen = list(&["--http-auth", "basic"]);
    assert_eq!(chosen.status.code(), Some(0), "{}", text(&chosen.stderr));
}
