//! TLS against the simulator with the certificates PBXes really have: stock `openssl req -x509`
//! certificates (CA:TRUE, only a CN), trusted explicitly or pinned by SHA-256; private CAs;
//! and refusals that say which certificate was refused and what to do.

use std::time::Duration;

use pbx_api::client::{
    ClientConfig, Error, HttpAuth, SwitchvoxClient, TransportKind, YeastarSClient,
};
use pbx_api::prelude::*;
use pbx_api::yeastar_s;
use pbx_tests::sim_pbx::{Family, PASSWORD, SimPbx, USER};
use pbx_tests::tls::{self, Identity};

/// A client for the simulator's Yeastar S-Series, with `settings` applied; every exchange is
/// bounded by the client's own timeouts.
fn client(
    pbx: &SimPbx,
    settings: impl FnOnce(ClientConfig) -> ClientConfig,
) -> Result<YeastarSClient, pbx_api::client::ConfigError> {
    let config = ClientConfig::new(&pbx.url)
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5));
    YeastarSClient::builder(settings(config), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
}

/// Logs in and lists the calls: the first request that needs the TLS handshake to succeed.
async fn query(client: &YeastarSClient) -> Result<(), Error<yeastar_s::ErrorCode>> {
    client
        .send(&yeastar_s::outbound::query::Request::new())
        .await
        .map(|_| ())
}

/// Asserts that connecting fails at the TLS handshake, before anything reached the PBX, and
/// returns the error's message.
async fn refused(pbx: &SimPbx, client: &YeastarSClient) -> String {
    let message = match query(client).await {
        Err(
            e @ Error::Transport {
                kind: TransportKind::Tls,
                ..
            },
        ) => {
            assert!(!e.is_transient(), "{e}");
            e.to_string()
        }
        other => panic!("expected a TLS refusal, got {other:?}"),
    };
    assert_eq!(pbx.count("login"), 0, "nothing reached the PBX: {message}");
    message
}

async fn tls_pbx(identity: &Identity) -> SimPbx {
    SimPbx::start_tls(Family::YeastarS, identity).await
}

/// The stock `openssl req -x509` shape, made here, and the real thing the `openssl` binary made.
fn openssl_certificates() -> [(&'static str, Identity); 2] {
    [
        ("rcgen, openssl-shaped", tls::openssl_style("pbx.example")),
        ("openssl fixture", tls::openssl_fixture()),
    ]
}

mod explicit_trust {
    use super::*;

    #[tokio::test]
    async fn trusting_a_stock_openssl_certificate_connects() {
        for (name, identity) in openssl_certificates() {
            let pbx = tls_pbx(&identity).await;
            let client = client(&pbx, |c| c.trust_pem(identity.trust_pem.clone())).expect(name);
            query(&client)
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[tokio::test]
    async fn trusting_only_a_stock_openssl_certificate_connects() {
        for (name, identity) in openssl_certificates() {
            let pbx = tls_pbx(&identity).await;
            let client =
                client(&pbx, |c| c.trust_only_pem(identity.trust_pem.clone())).expect(name);
            query(&client)
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[tokio::test]
    async fn without_trust_a_stock_openssl_certificate_is_refused_with_advice() {
        let identity = tls::openssl_fixture();
        let pbx = tls_pbx(&identity).await;
        let message = refused(&pbx, &client(&pbx, |c| c).expect("config")).await;
        for needle in [
            "self-signed",
            "CA:TRUE",
            "trust_pem",
            "pin_sha256",
            // The presented certificate's fingerprint, as openssl printed it.
            tls::openssl_fixture_fingerprint()
                .trim_start_matches("sha256 Fingerprint=")
                .trim_start_matches("SHA256 Fingerprint="),
        ] {
            assert!(message.contains(needle), "{needle:?} in {message}");
        }
    }

    #[tokio::test]
    async fn a_different_self_signed_certificate_than_the_trusted_one_is_refused() {
        let served = tls::openssl_style("pbx.example");
        let trusted = tls::openssl_style("pbx.example");
        let pbx = tls_pbx(&served).await;
        for only in [false, true] {
            let client = client(&pbx, |c| {
                if only {
                    c.trust_only_pem(trusted.trust_pem.clone())
                } else {
                    c.trust_pem(trusted.trust_pem.clone())
                }
            })
            .expect("config");
            let message = refused(&pbx, &client).await;
            assert!(message.contains("self-signed"), "{message}");
            let presented = served.fingerprint().to_ascii_uppercase();
            let presented = presented.trim_start_matches("SHA256:");
            assert!(
                message.replace(':', "").contains(presented),
                "the presented fingerprint in {message}"
            );
        }
    }

    #[tokio::test]
    async fn an_untrusted_self_signed_certificate_with_a_san_is_refused_with_advice() {
        let identity = tls::self_signed();
        let pbx = tls_pbx(&identity).await;
        let message = refused(&pbx, &client(&pbx, |c| c).expect("config")).await;
        assert!(message.contains("self-signed"), "{message}");
        assert!(message.contains("not one this client trusts"), "{message}");
        assert!(message.contains("trust_pem"), "{message}");
    }
}

mod pins {
    use super::*;

    #[tokio::test]
    async fn pinning_the_fingerprint_connects_whatever_the_certificate_says() {
        for (name, identity) in openssl_certificates() {
            let pbx = tls_pbx(&identity).await;
            let client = client(&pbx, |c| c.pin_sha256(identity.fingerprint())).expect(name);
            query(&client)
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[tokio::test]
    async fn openssl_s_own_fingerprint_line_is_a_valid_pin() {
        let identity = tls::openssl_fixture();
        let pbx = tls_pbx(&identity).await;
        let printed = tls::openssl_fixture_fingerprint();
        assert!(
            printed
                .to_ascii_lowercase()
                .starts_with("sha256 fingerprint=")
        );
        let client = client(&pbx, |c| c.pin_sha256(printed)).expect("config");
        query(&client)
            .await
            .expect("pinned by openssl's own output");
    }

    #[tokio::test]
    async fn a_server_without_the_certificate_s_key_is_refused_though_trusted_or_pinned() {
        let genuine = tls::openssl_fixture();
        let pbx = tls_pbx(&tls::impostor(&genuine)).await;
        for trusted in [
            client(&pbx, |c| c.pin_sha256(genuine.fingerprint())),
            client(&pbx, |c| c.trust_pem(genuine.trust_pem.clone())),
            client(&pbx, |c| c.trust_only_pem(genuine.trust_pem.clone())),
        ] {
            let message = refused(&pbx, &trusted.expect("config")).await;
            assert!(
                message.contains("does not hold that certificate's private key"),
                "{message}"
            );
            assert!(
                !message.contains("trust_pem"),
                "no advice to trust it: {message}"
            );
        }
    }

    #[tokio::test]
    async fn any_of_several_pins_is_enough() {
        let identity = tls::openssl_style("pbx.example");
        let other = tls::openssl_style("pbx.example");
        let pbx = tls_pbx(&identity).await;
        let client = client(&pbx, |c| {
            c.pin_sha256(other.fingerprint())
                .pin_sha256(identity.fingerprint())
        })
        .expect("config");
        query(&client).await.expect("the second pin matches");
    }

    #[tokio::test]
    async fn a_wrong_pin_is_refused_naming_the_presented_fingerprint() {
        let identity = tls::openssl_fixture();
        let pbx = tls_pbx(&identity).await;
        let wrong = tls::openssl_style("pbx.example").fingerprint();
        let message = refused(
            &pbx,
            &client(&pbx, |c| c.pin_sha256(wrong)).expect("config"),
        )
        .await;
        assert!(message.contains("matches no pin"), "{message}");
        let printed = tls::openssl_fixture_fingerprint();
        let presented = printed
            .split_once('=')
            .map(|(_, hex)| hex)
            .expect("openssl's format");
        assert!(
            message.contains(&format!("sha256:{presented}")),
            "{presented} in {message}"
        );
    }

    #[tokio::test]
    async fn a_pin_refuses_even_a_certificate_the_client_otherwise_trusts() {
        let identity = tls::ca_signed();
        let pbx = tls_pbx(&identity).await;
        // A pin decides alone, and a pin with trust settings is refused outright...
        let wrong = tls::openssl_style("pbx.example").fingerprint();
        let both = client(&pbx, |c| {
            c.trust_pem(identity.trust_pem.clone())
                .pin_sha256(wrong.clone())
        });
        let error = both.expect_err("a pin and trust settings").to_string();
        assert!(error.contains("cannot be combined"), "{error}");
        let pinned = client(&pbx, |c| c.pin_sha256(wrong)).expect("config");
        let message = refused(&pbx, &pinned).await;
        assert!(message.contains("matches no pin"), "{message}");
        // ...though the same certificate is trusted through its CA when not pinned.
        let trusting = client(&pbx, |c| c.trust_only_pem(identity.trust_pem.clone()));
        query(&trusting.expect("config"))
            .await
            .expect("trusted through its CA");
    }

    #[tokio::test]
    async fn a_malformed_pin_is_a_configuration_error_that_shows_a_valid_one() {
        let pbx = tls_pbx(&tls::openssl_fixture()).await;
        for pin in ["sha256:1234", "md5:00", "", "sha256:zz"] {
            let error = client(&pbx, |c| c.pin_sha256(pin))
                .expect_err(pin)
                .to_string();
            assert!(error.contains("sha256:"), "{error}");
            assert!(error.contains("64 hex digits"), "{error}");
        }
        assert_eq!(pbx.count("login"), 0);
    }
}

mod ca_signed {
    use super::*;

    #[tokio::test]
    async fn a_certificate_from_a_trusted_ca_connects() {
        let identity = tls::ca_signed();
        let pbx = tls_pbx(&identity).await;
        let extra = client(&pbx, |c| c.trust_pem(identity.trust_pem.clone())).expect("config");
        query(&extra).await.expect("trusted through the CA");
        let only = client(&pbx, |c| c.trust_only_pem(identity.trust_pem.clone())).expect("config");
        query(&only).await.expect("trusted through the CA alone");
    }

    #[tokio::test]
    async fn a_certificate_from_an_unknown_ca_is_refused_with_advice() {
        let identity = tls::ca_signed();
        let other_ca = tls::ca_signed().trust_pem;
        let pbx = tls_pbx(&identity).await;
        let message = refused(
            &pbx,
            &client(&pbx, |c| c.trust_only_pem(other_ca)).expect("config"),
        )
        .await;
        assert!(
            message.contains("not issued by a CA this client trusts"),
            "{message}"
        );
        assert!(message.contains("trust_pem"), "{message}");
        assert!(!message.contains("self-signed"), "{message}");
    }

    #[tokio::test]
    async fn a_certificate_for_another_name_is_refused_naming_both() {
        let identity = tls::ca_signed_for_another_name();
        let pbx = tls_pbx(&identity).await;
        let message = refused(
            &pbx,
            &client(&pbx, |c| c.trust_only_pem(identity.trust_pem.clone())).expect("config"),
        )
        .await;
        assert!(
            message.contains("not issued for \"127.0.0.1\""),
            "{message}"
        );
        assert!(message.contains("pbx.example"), "{message}");
    }

    #[tokio::test]
    async fn an_expired_certificate_is_refused_saying_so() {
        let identity = tls::ca_signed_expired();
        let pbx = tls_pbx(&identity).await;
        let message = refused(
            &pbx,
            &client(&pbx, |c| c.trust_only_pem(identity.trust_pem.clone())).expect("config"),
        )
        .await;
        assert!(message.contains("has expired"), "{message}");
        assert!(message.contains("renew"), "{message}");
    }
}

mod plain_http {
    use super::*;

    #[tokio::test]
    async fn an_http_client_connects_checks_its_tls_settings_and_refuses_a_pin() {
        let pbx = SimPbx::start(Family::YeastarS).await;
        let identity = tls::openssl_fixture();
        let trusting = client(&pbx, |c| c.trust_pem(identity.trust_pem.clone()));
        query(&trusting.expect("config")).await.expect("over http");
        let broken = client(&pbx, |c| c.trust_pem("not a certificate"));
        assert!(broken.is_err(), "a bad PEM is refused over http:// too");
        let malformed = client(&pbx, |c| c.pin_sha256("sha256:00"));
        assert!(
            malformed.is_err(),
            "a malformed pin is refused over http:// too"
        );
        let pinned = client(&pbx, |c| c.pin_sha256(identity.fingerprint()));
        let error = pinned.expect_err("a pin over http://").to_string();
        assert!(error.contains("protects nothing over http://"), "{error}");
    }
}

/// Whether an `http://` client loads the system's root store is seen in a process whose
/// store is empty (rustls-native-certs reads `SSL_CERT_FILE` and `SSL_CERT_DIR`): there an
/// `https://` client cannot be built, and an `http://` one must be.
mod no_root_store {
    use std::process::{Command, Stdio};
    use std::time::Instant;

    use super::*;

    const CHILD: &str = "no_root_store::in_a_process_without_system_roots";

    fn build(url: &str) -> Result<SwitchvoxClient, pbx_api::client::ConfigError> {
        SwitchvoxClient::new(
            ClientConfig::new(url),
            USER,
            PASSWORD,
            HttpAuth::Digest,
            Format::Xml,
        )
    }

    #[test]
    #[ignore = "run by an_http_client_loads_no_root_store, in a process without system roots"]
    fn in_a_process_without_system_roots() {
        let https = build("https://127.0.0.1:9").expect_err("no system roots here");
        assert!(https.to_string().contains("root certificates"), "{https}");
        build("http://127.0.0.1:9").expect("http:// needs no root store");
        // A pin needs no root store either.
        let pin = tls::openssl_fixture().fingerprint();
        SwitchvoxClient::new(
            ClientConfig::new("https://127.0.0.1:9").pin_sha256(pin),
            USER,
            PASSWORD,
            HttpAuth::Digest,
            Format::Xml,
        )
        .expect("a pinned client needs no root store");
    }

    #[test]
    fn an_http_client_loads_no_root_store() {
        let missing = "/nonexistent/pbx-tests-no-roots";
        let mut child = Command::new(std::env::current_exe().expect("this test binary"))
            .args(["--ignored", "--exact", CHILD])
            .env("SSL_CERT_FILE", missing)
            .env("SSL_CERT_DIR", missing)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the child test");
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(status) = child.try_wait().expect("the child's status") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("the child test did not finish");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut out = String::new();
        if let Some(mut stdout) = child.stdout.take() {
            let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        }
        assert!(status.success(), "{out}");
        assert!(out.contains("1 passed"), "the child ran the test: {out}");
    }
}
