//! The async clients against the simulated PBX on 127.0.0.1 (pbx-sim), which behaves as the
//! vendors document:
//! sessions, re-login, heartbeats, HTTP authentication, every error kind, the body cap, and
//! proof that a call-placing request is sent exactly once.

use std::time::Duration;

use pbx_api::client::{
    AuthKind, ClientConfig, Error, HttpAuth, OpenVoxClient, SwitchvoxClient, TransportKind,
    YeastarSClient,
};
use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_s};
use pbx_tests::sim_pbx::{Family, Faults, PASSWORD, SimPbx, USER};

fn openvox_client(pbx: &SimPbx, format: Format) -> OpenVoxClient {
    OpenVoxClient::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
        .format(format)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("a valid configuration")
}

fn yeastar_client(
    pbx: &SimPbx,
    config: impl FnOnce(ClientConfig) -> ClientConfig,
) -> YeastarSClient {
    YeastarSClient::builder(config(ClientConfig::new(&pbx.url)), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("a valid configuration")
}

fn switchvox_client(
    pbx: &SimPbx,
    password: &str,
    mode: HttpAuth,
    format: Format,
) -> SwitchvoxClient {
    SwitchvoxClient::new(ClientConfig::new(&pbx.url), USER, password, mode, format)
        .expect("a valid configuration")
}

/// A call id as the PBXes write them: `<seconds>.<sequence>`.
fn is_call_id(id: &str) -> bool {
    id.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && (a.chars().chain(b.chars())).all(|c| c.is_ascii_digit())
    })
}

fn dial() -> yeastar_s::extension::dial_outbound::Request {
    yeastar_s::extension::dial_outbound::Request::new("1002", "41000")
}

#[tokio::test]
async fn logs_in_with_the_md5_places_a_call_once_and_closes() {
    for format in Format::ALL {
        let pbx = SimPbx::start(Family::OpenVox).await;
        let client = openvox_client(&pbx, format);
        let response = client
            .send(
                &openvox::extension::dial_outbound::Request::new("101", "16103").autoanswer(false),
            )
            .await
            .expect("the call is placed");
        assert!(response.callid.as_deref().is_some_and(is_call_id));
        let calls = client
            .send(&openvox::outbound::query::Request::new())
            .await
            .expect("query");
        assert_eq!(calls.outbound.len(), 1, "the call is up");
        assert_eq!(calls.outbound[0].to, "16103");
        assert_eq!(pbx.count("login"), 1, "{format}");
        assert_eq!(pbx.count("extension/dial_outbound"), 1, "{format}");
        assert_eq!(pbx.executed_dials(), 1);
        client.close().await.expect("logout");
        assert_eq!(pbx.count("logout"), 1);
        let after = client.send(&openvox::outbound::query::Request::new()).await;
        assert!(matches!(after, Err(Error::Closed)), "{after:?}");
    }
}

#[tokio::test]
async fn an_expired_token_means_one_login_and_one_resend() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let client = yeastar_client(&pbx, |c| c);
    client.login().await.expect("login");
    pbx.expire_tokens();
    let response = client
        .send(&dial())
        .await
        .expect("placed after a fresh login");
    assert!(is_call_id(&response.callid), "{}", response.callid);
    assert_eq!(pbx.count("login"), 2);
    // The first attempt was refused for its token before the PBX acted on it.
    assert_eq!(pbx.count("extension/dial_outbound"), 2);
    assert_eq!(pbx.executed_dials(), 1);
}

#[tokio::test]
async fn concurrent_requests_share_one_login_after_expiry() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let client = yeastar_client(&pbx, |c| c);
    client.login().await.expect("login");
    pbx.expire_tokens();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send(&yeastar_s::outbound::query::Request::new())
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("query");
    }
    assert_eq!(
        pbx.count("login"),
        2,
        "one login at start, one shared re-login"
    );
}

#[tokio::test]
async fn wrong_credentials_fail_fast_and_never_walk_into_the_lockout() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let client = YeastarSClient::builder(ClientConfig::new(&pbx.url), USER, "wrong")
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    for _ in 0..10 {
        match client.send(&dial()).await {
            Err(Error::Auth {
                kind: AuthKind::WrongCredentials,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        pbx.count("login"),
        1,
        "no login is retried with the same wrong password"
    );
    assert_eq!(pbx.count("extension/dial_outbound"), 0);
    // Only an explicit decision tries again.
    client.retry_credentials();
    assert!(matches!(
        client.send(&dial()).await,
        Err(Error::Auth { .. })
    ));
    assert_eq!(pbx.count("login"), 2);
}

#[tokio::test]
async fn the_heartbeat_keeps_the_session_alive() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let client = YeastarSClient::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .heartbeat_every(Duration::from_millis(40))
        .build()
        .expect("config");
    client.login().await.expect("login");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let beats = pbx.count("heartbeat");
    assert!(beats >= 2, "{beats} heartbeats");
    client.close().await.expect("close");
    tokio::time::sleep(Duration::from_millis(150)).await;
    let after = pbx.count("heartbeat");
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(pbx.count("heartbeat"), after, "no heartbeat after close");
}

#[tokio::test]
async fn a_call_that_meets_a_5xx_is_not_repeated_but_a_query_is() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let client = yeastar_client(&pbx, |c| c.read_retries(3, Duration::from_millis(5)));
    client.login().await.expect("login");
    let mut faults = Faults::default();
    faults
        .fail_first
        .insert("extension/dial_outbound".into(), 1);
    faults.fail_first.insert("outbound/query".into(), 2);
    pbx.set_faults(faults);
    match client.send(&dial()).await {
        Err(e @ Error::Status { status: 500, .. }) => assert!(e.is_transient()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        pbx.count("extension/dial_outbound"),
        1,
        "a call is never sent twice"
    );
    client
        .send(&yeastar_s::outbound::query::Request::new())
        .await
        .expect("the query succeeds on its third try");
    assert_eq!(pbx.count("outbound/query"), 3);
}

#[tokio::test]
async fn every_error_kind_is_typed() {
    let pbx = SimPbx::start(Family::YeastarS).await;

    // Invalid request: nothing is sent, not even a login.
    let client = yeastar_client(&pbx, |c| c);
    let bad = yeastar_s::extension::dial_outbound::Request::new("10a2", "41000");
    assert!(matches!(
        client.send(&bad).await,
        Err(Error::InvalidRequest { .. })
    ));
    assert_eq!(pbx.count("login"), 0);

    // Vendor error, typed by the family's codes.
    pbx.set_faults(Faults {
        dial_error: Some("10024".into()),
        ..Faults::default()
    });
    match client.send(&dial()).await {
        Err(Error::Vendor { error, endpoint }) => {
            assert_eq!(error.code, yeastar_s::ErrorCode::NoOutboundPermission);
            assert_eq!(endpoint.id, "yeastar_s::extension::dial_outbound");
        }
        other => panic!("{other:?}"),
    }

    // Garbage: a decode error that keeps the bytes.
    pbx.set_faults(Faults {
        body: Some(b"<html>502 Bad Gateway</html>".to_vec()),
        ..Faults::default()
    });
    match client.send(&dial()).await {
        Err(Error::Decode { body, .. }) => assert_eq!(body, b"<html>502 Bad Gateway</html>"),
        other => panic!("{other:?}"),
    }

    // The body cap.
    pbx.set_faults(Faults {
        body: Some(vec![b' '; 64 * 1024]),
        ..Faults::default()
    });
    let capped = yeastar_client(&pbx, |c| c.max_response_bytes(1024));
    match capped.send(&dial()).await {
        Err(Error::BodyTooLarge { limit: 1024, .. }) => {}
        other => panic!("{other:?}"),
    }

    // A timeout.
    pbx.set_faults(Faults {
        delay: Some(Duration::from_millis(500)),
        ..Faults::default()
    });
    let impatient = yeastar_client(&pbx, |c| c.timeout(Duration::from_millis(100)));
    match impatient.send(&dial()).await {
        Err(Error::Transport {
            kind: TransportKind::Timeout,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }

    // Nothing listening.
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let nowhere = YeastarSClient::builder(
        ClientConfig::new(format!("http://127.0.0.1:{closed_port}")),
        USER,
        PASSWORD,
    )
    .report_to("127.0.0.1", 8260)
    .build()
    .expect("config");
    match nowhere.send(&dial()).await {
        Err(
            e @ Error::Transport {
                kind: TransportKind::Connect,
                ..
            },
        ) => {
            assert!(e.to_string().contains("could not connect"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_display_and_errors() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let client = yeastar_client(&pbx, |c| c);
    client.login().await.expect("login");
    pbx.set_faults(Faults {
        body: Some(b"nonsense".to_vec()),
        ..Faults::default()
    });
    let error = client.send(&dial()).await.expect_err("garbage");
    let md5 = pbx_api::client::md5_hex(PASSWORD);
    // The mock's first token.
    let token = pbx_api::client::md5_hex("token 1");
    for text in [
        format!("{client:?}"),
        format!("{error}"),
        format!("{error:?}"),
    ] {
        assert!(!text.contains(PASSWORD), "{text}");
        assert!(!text.contains(&md5), "{text}");
        assert!(!text.contains(&token), "{text}");
    }
}

#[tokio::test]
async fn switchvox_basic_and_digest() {
    for (family, mode) in [
        (Family::SwitchvoxBasic, HttpAuth::Basic),
        (Family::SwitchvoxDigest, HttpAuth::Digest),
        // Auto against Basic over http:// is refused (tests/basic_in_clear.rs).
        (Family::SwitchvoxDigest, HttpAuth::Auto),
    ] {
        let pbx = SimPbx::start(family).await;
        let client = switchvox_client(&pbx, PASSWORD, mode, Format::Xml);
        let request = switchvox::call::Request::new("15551112222", "800", "1106");
        let response = client
            .send(&request)
            .await
            .unwrap_or_else(|e| panic!("{family:?} {mode:?}: {e}"));
        assert_eq!(response.call_info.dialed_first, "15551112222");
        // A second call reuses the scheme (and, for Digest, the nonce with the next count).
        client.send(&request).await.expect("second call");
        assert_eq!(pbx.executed_dials(), 2, "{family:?} {mode:?}");
        let sent = pbx.count("switchvox.call");
        let expected = if mode == HttpAuth::Basic { 2 } else { 3 };
        assert_eq!(sent, expected, "{family:?} {mode:?}: one challenge at most");
    }
}

#[tokio::test]
async fn switchvox_wrong_password_is_an_auth_error() {
    let pbx = SimPbx::start(Family::SwitchvoxDigest).await;
    let client = switchvox_client(&pbx, "wrong", HttpAuth::Auto, Format::Json);
    match client
        .send(&switchvox::call::Request::new("101", "301", "1106"))
        .await
    {
        Err(Error::Auth {
            kind: AuthKind::Unauthorized,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(pbx.executed_dials(), 0);
    assert_eq!(
        pbx.count("switchvox.call"),
        2,
        "the challenge is answered once, not looped"
    );
}

#[tokio::test]
async fn a_stale_digest_nonce_is_answered_once() {
    let pbx = SimPbx::start(Family::SwitchvoxDigest).await;
    let client = switchvox_client(&pbx, PASSWORD, HttpAuth::Digest, Format::Xml);
    let request = switchvox::call::Request::new("101", "301", "1106");
    client.send(&request).await.expect("first call");
    pbx.rotate_nonce();
    client
        .send(&request)
        .await
        .expect("call after the nonce changed");
    assert_eq!(pbx.executed_dials(), 2);
}

#[test]
fn bad_configurations_are_refused() {
    let err = OpenVoxClient::builder(ClientConfig::new("192.168.5.150:9011"), USER, PASSWORD)
        .build()
        .expect_err("no scheme");
    assert!(err.to_string().contains("http:// or https://"), "{err}");
    let err = OpenVoxClient::builder(
        ClientConfig::new("https://pbx").trust_pem("not a certificate"),
        USER,
        PASSWORD,
    )
    .build()
    .expect_err("bad PEM");
    assert!(err.to_string().contains("PEM"), "{err}");
}

mod p_series {
    use super::*;
    use pbx_api::client::YeastarPClient;
    use pbx_api::yeastar_p;

    fn client(pbx: &SimPbx, secret: &str) -> YeastarPClient {
        YeastarPClient::builder(ClientConfig::new(&pbx.url), USER, secret)
            .build()
            .expect("config")
    }

    fn dial() -> yeastar_p::call::dial::Request {
        yeastar_p::call::dial::Request::new("1000", "1001").auto_answer(false)
    }

    #[tokio::test]
    async fn gets_a_token_with_the_plain_secret_calls_once_and_revokes_on_close() {
        let pbx = SimPbx::start(Family::YeastarP).await;
        let client = client(&pbx, PASSWORD);
        let response = client.send(&dial()).await.expect("the call is placed");
        assert!(is_call_id(&response.call_id), "{}", response.call_id);
        assert_eq!(pbx.count("get_token"), 1);
        assert_eq!(pbx.executed_dials(), 1);
        client.close().await.expect("del_token");
        assert_eq!(pbx.count("del_token"), 1);
        // The simulator refuses P-Series requests without `User-Agent: OpenAPI`, so every
        // success above proves the header was sent.
    }

    #[tokio::test]
    async fn the_token_is_refreshed_before_it_expires() {
        let pbx = SimPbx::start(Family::YeastarP).await;
        pbx.set_faults(Faults {
            token_life: Some(1),
            ..Faults::default()
        });
        let client = client(&pbx, PASSWORD);
        client.login().await.expect("get_token");
        tokio::time::sleep(Duration::from_millis(2300)).await;
        assert!(
            pbx.count("refresh_token") >= 2,
            "{} refreshes",
            pbx.count("refresh_token")
        );
        client.send(&dial()).await.expect("still in session");
        assert_eq!(pbx.count("get_token"), 1, "refreshes, not new logins");
        assert_eq!(pbx.count("call/dial"), 1, "no request met an expired token");
    }

    #[tokio::test]
    async fn concurrent_requests_that_meet_an_expired_token_share_one_refresh() {
        let pbx = SimPbx::start(Family::YeastarP).await;
        let client = client(&pbx, PASSWORD);
        client.login().await.expect("get_token");
        pbx.expire_tokens();
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.send(&dial()).await })
            })
            .collect();
        for task in tasks {
            task.await.expect("task").expect("call");
        }
        assert_eq!(pbx.count("refresh_token"), 1);
        assert_eq!(pbx.count("get_token"), 1);
        assert_eq!(pbx.executed_dials(), 16);
    }

    #[tokio::test]
    async fn a_wrong_secret_is_refused_once() {
        let pbx = SimPbx::start(Family::YeastarP).await;
        let client = client(&pbx, "wrong");
        for _ in 0..3 {
            assert!(matches!(
                client.send(&dial()).await,
                Err(Error::Auth {
                    kind: AuthKind::WrongCredentials,
                    ..
                })
            ));
        }
        assert_eq!(pbx.count("get_token"), 1);
    }
}

mod tls {
    use super::*;
    use pbx_tests::tls;

    async fn query(client: &YeastarSClient) -> Result<(), Error<yeastar_s::ErrorCode>> {
        client
            .send(&yeastar_s::outbound::query::Request::new())
            .await
            .map(|_| ())
    }

    #[tokio::test]
    async fn an_untrusted_certificate_is_a_tls_error() {
        let identity = tls::self_signed();
        let pbx = SimPbx::start_tls(Family::YeastarS, &identity).await;
        let client = yeastar_client(&pbx, |c| c);
        match query(&client).await {
            Err(
                e @ Error::Transport {
                    kind: TransportKind::Tls,
                    ..
                },
            ) => {
                assert!(e.to_string().contains("TLS"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(pbx.count("login"), 0, "nothing reached the server");
    }

    #[tokio::test]
    async fn a_private_ca_is_trusted_when_given() {
        let identity = tls::ca_signed();
        let pbx = SimPbx::start_tls(Family::YeastarS, &identity).await;
        let client = yeastar_client(&pbx, |c| c.trust_pem(identity.trust_pem.clone()));
        query(&client).await.expect("trusted through the CA");
        let only = yeastar_client(&pbx, |c| c.trust_only_pem(identity.trust_pem.clone()));
        query(&only).await.expect("trusted through the CA alone");
    }

    #[tokio::test]
    async fn the_pbx_self_signed_certificate_is_trusted_when_given() {
        let identity = tls::self_signed();
        let pbx = SimPbx::start_tls(Family::YeastarS, &identity).await;
        let client = yeastar_client(&pbx, |c| c.trust_pem(identity.trust_pem.clone()));
        query(&client)
            .await
            .expect("trusted: the PBX's own certificate");
    }

    #[tokio::test]
    async fn accepting_any_certificate_is_per_client() {
        let identity = tls::self_signed();
        let pbx = SimPbx::start_tls(Family::YeastarS, &identity).await;
        let careless = yeastar_client(&pbx, |c| c.danger_accept_any_certificate());
        query(&careless).await.expect("accepted blindly");
        let careful = yeastar_client(&pbx, |c| c);
        assert!(matches!(
            query(&careful).await,
            Err(Error::Transport {
                kind: TransportKind::Tls,
                ..
            })
        ));
    }
}

mod traces {
    use std::fmt::Write as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    use super::*;

    /// Records every span and event field as text.
    #[derive(Clone, Default)]
    struct Capture {
        lines: Arc<Mutex<Vec<String>>>,
        next: Arc<AtomicU64>,
    }

    struct Text(String);

    impl Visit for Text {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut text = Text(format!("span {}", span.metadata().name()));
            span.record(&mut text);
            self.lines.lock().unwrap().push(text.0);
            Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            let mut text = Text("record".into());
            values.record(&mut text);
            self.lines.lock().unwrap().push(text.0);
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut text = Text("event".into());
            event.record(&mut text);
            self.lines.lock().unwrap().push(text.0);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    #[tokio::test]
    async fn each_request_is_traced_with_family_endpoint_status_and_duration_and_nothing_secret() {
        let capture = Capture::default();
        let _guard = tracing::subscriber::set_default(capture.clone());
        let pbx = SimPbx::start(Family::YeastarS).await;
        let client = yeastar_client(&pbx, |c| c);
        client.send(&dial()).await.expect("call");
        client.close().await.expect("close");
        let lines = capture.lines.lock().unwrap().join("\n");
        assert!(
            lines.contains(r#"span pbx.request family="yeastar_s" endpoint="yeastar_s::extension::dial_outbound""#),
            "{lines}"
        );
        assert!(lines.contains("status=200"), "{lines}");
        assert!(lines.contains("duration_ms="), "{lines}");
        let md5 = pbx_api::client::md5_hex(PASSWORD);
        let token = pbx_api::client::md5_hex("token 1");
        for secret in [PASSWORD, md5.as_str(), token.as_str()] {
            assert!(!lines.contains(secret), "{secret} leaked:\n{lines}");
        }
    }
}

#[test]
fn the_blocking_client_places_a_call_from_plain_code() {
    use pbx_api::client::blocking;
    // The mock needs a runtime; the blocking client brings its own.
    let server = tokio::runtime::Runtime::new().expect("runtime");
    let pbx = server.block_on(SimPbx::start(Family::YeastarS));
    let builder = YeastarSClient::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .heartbeat_every(Duration::from_millis(30));
    let client = blocking::YeastarSClient::new(builder).expect("config");
    let response = client.send(&dial()).expect("the call is placed");
    assert!(is_call_id(&response.callid), "{}", response.callid);
    // The session is kept alive between calls.
    std::thread::sleep(Duration::from_millis(200));
    assert!(pbx.count("heartbeat") >= 2, "{}", pbx.count("heartbeat"));
    client.close().expect("logout");
    assert_eq!(pbx.count("logout"), 1);
    assert_eq!(pbx.executed_dials(), 1);

    let sv = server.block_on(SimPbx::start(Family::SwitchvoxDigest));
    let client = blocking::SwitchvoxClient::new(switchvox_client(
        &sv,
        PASSWORD,
        HttpAuth::Auto,
        Format::Xml,
    ))
    .expect("runtime");
    client
        .send(&switchvox::call::Request::new("101", "301", "1106"))
        .expect("the call is placed");
    assert_eq!(sv.executed_dials(), 1);
}

/// The few lines a user writes per family: log in, place the seed's call, query, close.
mod a_user_main {
    use super::*;
    use pbx_api::client::{YeastarPClient, YeastarV2Client};
    use pbx_api::{yeastar_p, yeastar_v2};

    #[tokio::test]
    async fn openvox() {
        let pbx = SimPbx::start(Family::OpenVox).await;
        let client = OpenVoxClient::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
            .format(Format::Xml)
            .build()
            .expect("config");
        client
            .send(
                &openvox::extension::dial_outbound::Request::new("101", "16103").autoanswer(false),
            )
            .await
            .expect("seed 000");
        client
            .send(&openvox::outbound::query::Request::new().outboundid(["1495705009.316"]))
            .await
            .expect("seed 003");
        client.close().await.expect("logout");
        assert_eq!((pbx.executed_dials(), pbx.count("logout")), (1, 1));
    }

    #[tokio::test]
    async fn yeastar_s_series() {
        let pbx = SimPbx::start(Family::YeastarS).await;
        let client = YeastarSClient::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
            .build()
            .expect("config");
        let call = client
            .send(&yeastar_s::extension::dial_outbound::Request::new(
                "1002", "41000",
            ))
            .await
            .expect("seed 001");
        assert!(is_call_id(&call.callid), "{}", call.callid);
        client
            .send(&yeastar_s::outbound::query::Request::new())
            .await
            .expect("query");
        client.close().await.expect("logout");
    }

    #[tokio::test]
    async fn yeastar_api_2() {
        let pbx = SimPbx::start(Family::YeastarV2).await;
        let client = YeastarV2Client::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
            .build()
            .expect("config");
        let call = client
            .send(&yeastar_v2::call::dial::Request::new("1023", "2000").autoanswer(false))
            .await
            .expect("seed 002");
        assert!(is_call_id(&call.callid), "{}", call.callid);
        client
            .send(&yeastar_v2::extension::query_call::Request::new("1023"))
            .await
            .expect("query");
        client.close().await.expect("logout");
        assert_eq!(pbx.executed_dials(), 1);
    }

    #[tokio::test]
    async fn yeastar_p_series() {
        let pbx = SimPbx::start(Family::YeastarP).await;
        let client = YeastarPClient::builder(ClientConfig::new(&pbx.url), USER, PASSWORD)
            .build()
            .expect("config");
        let call = client
            .send(&yeastar_p::call::dial::Request::new("1000", "1001"))
            .await
            .expect("call");
        assert!(is_call_id(&call.call_id), "{}", call.call_id);
        client.close().await.expect("del_token");
    }

    #[tokio::test]
    async fn switchvox() {
        let pbx = SimPbx::start(Family::SwitchvoxDigest).await;
        let client = switchvox_client(&pbx, PASSWORD, HttpAuth::Auto, Format::Xml);
        client
            .send(
                &switchvox::call::Request::new("15551112222", "800", "1106")
                    .caller_id_name("David Podolsky")
                    .variables(["balance=300"]),
            )
            .await
            .expect("seed 004");
        let calls = client
            .send(&switchvox::current_calls::get_list::Request::new())
            .await
            .expect("query");
        assert_eq!(calls.current_calls.total_items, 1);
        assert_eq!(calls.current_calls.current_call.len(), 1);
    }
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_a_tls_error() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    let url = pbx.url.replace("http://", "https://");
    let client = YeastarSClient::builder(ClientConfig::new(url), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    match client
        .send(&yeastar_s::outbound::query::Request::new())
        .await
    {
        Err(
            e @ Error::Transport {
                kind: TransportKind::Tls,
                ..
            },
        ) => assert!(!e.is_transient()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn concurrent_first_requests_all_answer_the_digest_challenge() {
    let pbx = SimPbx::start(Family::SwitchvoxDigest).await;
    let client = switchvox_client(&pbx, PASSWORD, HttpAuth::Digest, Format::Xml);
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send(&switchvox::call::Request::new(
                        format!("10{i}"),
                        "301",
                        "1106",
                    ))
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("authenticated");
    }
    assert_eq!(pbx.executed_dials(), 8);
}

#[tokio::test]
async fn close_waits_for_a_login_in_flight_and_logs_its_token_out() {
    let pbx = SimPbx::start(Family::YeastarS).await;
    pbx.set_faults(Faults {
        delay: Some(Duration::from_millis(300)),
        ..Faults::default()
    });
    let client = yeastar_client(&pbx, |c| c);
    let sender = {
        let client = client.clone();
        tokio::spawn(async move { client.send(&dial()).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    client.close().await.expect("close");
    assert_eq!(pbx.count("login"), 1);
    assert_eq!(
        pbx.count("logout"),
        1,
        "the token the login got is logged out"
    );
    let _ = sender.await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(pbx.count("heartbeat"), 0);
}

#[tokio::test]
async fn secrets_stay_out_of_constraint_errors_and_debug() {
    use pbx_api::client::Secret;
    let pbx = SimPbx::start(Family::YeastarS).await;
    let md5 = pbx_api::client::md5_hex(PASSWORD).to_uppercase();
    let client = YeastarSClient::builder_with_secret(
        ClientConfig::new(&pbx.url),
        USER,
        Secret::new(md5.clone()),
    )
    .report_to("127.0.0.1", 8260)
    .build()
    .expect("config");
    let error = client
        .send(&dial())
        .await
        .expect_err("an upper-case MD5 breaks the spec");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(&md5), "{text}");
        assert!(text.contains("password"), "{text}");
    }
    assert_eq!(pbx.count("login"), 0);
    let login = yeastar_s::login::Request::new(USER, "0123456789abcdef0123456789abcdef", "8260");
    let debug = format!("{login:?}");
    assert!(
        !debug.contains("0123456789abcdef") && debug.contains("***"),
        "{debug}"
    );
    let response = yeastar_s::login::Response::new("48a7d7481a5355aa4fb5dc285edeb40e");
    assert!(!format!("{response:?}").contains("48a7d748"));
}

#[tokio::test]
async fn dropping_a_blocking_client_inside_async_code_does_not_panic() {
    use pbx_api::client::blocking;
    let builder = YeastarSClient::builder(ClientConfig::new("http://127.0.0.1:9"), USER, PASSWORD)
        .report_to("127.0.0.1", 8260);
    let client = blocking::YeastarSClient::new(builder).expect("config");
    drop(client);
}
