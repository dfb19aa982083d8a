//! The simulator against the real clients: every family logs in, places a call, sees it,
//! hangs it up; the spec's constraints are enforced with the vendors' codes; faults are typed
//! errors on the client side.

use std::time::Duration;

use pbx_api::client::{
    AuthKind, ClientConfig, Error, HttpAuth, OpenVoxClient, SwitchvoxClient, TransportKind,
    YeastarPClient, YeastarSClient, YeastarV2Client,
};
use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};
use pbx_sim::{Fault, FaultKind, SimConfig, Simulator, SwitchvoxAuth};

const USER: &str = "api";
const PASSWORD: &str = "Secret123";

async fn sim() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("a simulator on 127.0.0.1")
}

fn config(pbx: &Simulator) -> ClientConfig {
    ClientConfig::new(pbx.url()).read_retries(2, Duration::from_millis(5))
}

#[tokio::test]
async fn openvox_calls_show_up_and_go_away_in_both_formats() {
    let pbx = sim().await;
    for format in Format::ALL {
        let client = OpenVoxClient::builder(config(&pbx), USER, PASSWORD)
            .format(format)
            .report_to("127.0.0.1", 8260)
            .build()
            .expect("config");
        let placed = client
            .send(&openvox::extension::dial_outbound::Request::new(
                "101", "16103",
            ))
            .await
            .expect("placed");
        let id = placed.callid.expect("a call id");
        let up = client
            .send(&openvox::outbound::query::Request::new())
            .await
            .expect("query")
            .outbound;
        assert_eq!(up.len(), 1, "{format}");
        assert_eq!((up[0].from.as_str(), up[0].to.as_str()), ("101", "16103"));
        client
            .send(&openvox::outbound::hangup::Request::new(id.clone()))
            .await
            .expect("hung up");
        assert!(
            client
                .send(&openvox::outbound::query::Request::new())
                .await
                .expect("query")
                .outbound
                .is_empty()
        );
        match client
            .send(&openvox::outbound::hangup::Request::new(id))
            .await
        {
            Err(Error::Vendor { error, .. }) => {
                assert_eq!(error.code, openvox::ErrorCode::CallNotFound)
            }
            other => panic!("{other:?}"),
        }
        client.close().await.expect("logout");
    }
    assert_eq!(pbx.requests("openvox::login"), 2);
    assert_eq!(pbx.requests("openvox::logout"), 2);
}

#[tokio::test]
async fn yeastar_s_series_and_api_2() {
    let pbx = sim().await;
    let s = YeastarSClient::builder(config(&pbx), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    let call = s
        .send(&yeastar_s::extension::dial_outbound::Request::new(
            "1002", "41000",
        ))
        .await
        .expect("placed");
    let up = s
        .send(&yeastar_s::outbound::query::Request::new().outboundid([call.callid.clone()]))
        .await
        .expect("query");
    assert_eq!(up.outbound.len(), 1);
    s.send(&yeastar_s::outbound::hangup::Request::new(call.callid))
        .await
        .expect("hung up");

    let v2 = YeastarV2Client::builder(config(&pbx), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    v2.send(&yeastar_v2::call::dial::Request::new("1023", "2000"))
        .await
        .expect("placed");
    let calls = v2
        .send(&yeastar_v2::extension::query_call::Request::new("1023"))
        .await
        .expect("query");
    let members = &calls.calllist[0].numbercalls[0].members;
    let channel = members[0]
        .ext
        .as_ref()
        .expect("the extension")
        .channelid
        .clone();
    v2.send(&yeastar_v2::call::hangup::Request::new(channel))
        .await
        .expect("hung up");
    let calls = v2
        .send(&yeastar_v2::extension::query_call::Request::new("1023"))
        .await
        .expect("query");
    assert!(calls.calllist[0].numbercalls.is_empty());
    assert!(pbx.calls().is_empty());
}

#[tokio::test]
async fn p_series_and_switchvox() {
    let pbx = sim().await;
    let p = YeastarPClient::builder(config(&pbx), USER, PASSWORD)
        .build()
        .expect("config");
    p.send(&yeastar_p::call::dial::Request::new("1000", "1001"))
        .await
        .expect("placed");
    let channel = pbx.calls()[0].channel.clone();
    p.send(&yeastar_p::call::hangup::Request::new().channel_id(channel))
        .await
        .expect("hung up");
    p.close().await.expect("del_token");

    let sv = SwitchvoxClient::new(config(&pbx), USER, PASSWORD, HttpAuth::Auto, Format::Xml)
        .expect("config");
    let placed = sv
        .send(
            &switchvox::call::Request::new("15551112222", "800", "1106").variables(["balance=300"]),
        )
        .await
        .expect("placed");
    assert_eq!(placed.call_info.variables[0].name, "balance");
    let list = sv
        .send(&switchvox::current_calls::get_list::Request::new())
        .await
        .expect("list");
    assert_eq!(list.current_calls.total_items, 1);
    let id = list.current_calls.current_call[0].id.clone();
    sv.send(&switchvox::current_calls::hang_up::Request::new(id))
        .await
        .expect("hung up");
    assert!(pbx.calls().is_empty());
}

#[tokio::test]
async fn switchvox_basic_and_wrong_passwords() {
    let pbx = Simulator::start(SimConfig {
        switchvox_auth: SwitchvoxAuth::Basic,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let good = SwitchvoxClient::new(config(&pbx), USER, PASSWORD, HttpAuth::Basic, Format::Json)
        .expect("config");
    good.send(&switchvox::call::Request::new("101", "301", "1106"))
        .await
        .expect("placed");
    let bad = SwitchvoxClient::new(config(&pbx), USER, "nope", HttpAuth::Basic, Format::Json)
        .expect("config");
    assert!(matches!(
        bad.send(&switchvox::call::Request::new("101", "301", "1106"))
            .await,
        Err(Error::Auth {
            kind: AuthKind::Unauthorized,
            ..
        })
    ));
    assert_eq!(pbx.calls().len(), 1);
}

#[tokio::test]
async fn what_the_spec_forbids_is_refused_with_the_vendors_code() {
    let pbx = sim().await;
    let url = format!("{}/api/v1.0.0/login", pbx.url());
    // A raw request, as a broken client would send it: no password.
    let body = br#"{"username":"api","port":"8260"}"#;
    let answer = raw_post(&url, body).await;
    assert!(answer.contains(r#""errno":"10004""#), "{answer}");
    // Five wrong logins lock the address out.
    for _ in 0..5 {
        let answer = raw_post(
            &url,
            br#"{"username":"api","password":"00000000000000000000000000000000","port":"8260"}"#,
        )
        .await;
        assert!(answer.contains(r#""errno":"20003""#), "{answer}");
    }
    let client = YeastarSClient::builder(config(&pbx), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    match client.login().await {
        Err(Error::Auth {
            kind: AuthKind::LockedOut,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn injected_faults_are_typed_client_errors_and_calls_are_never_sent_twice() {
    let pbx = sim().await;
    let client = YeastarSClient::builder(config(&pbx), USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    client.login().await.expect("login");
    let dial = || yeastar_s::extension::dial_outbound::Request::new("1002", "41000");
    let endpoint = Some("yeastar_s::extension::dial_outbound".to_owned());
    for (kind, check) in [
        (FaultKind::Status(503), "status"),
        (FaultKind::Garbage, "decode"),
        (FaultKind::Truncated, "decode"),
        (FaultKind::Drop, "transport"),
        (FaultKind::Vendor("10024".into()), "vendor"),
    ] {
        pbx.inject(Fault {
            endpoint: endpoint.clone(),
            kind: kind.clone(),
            times: 1,
        });
        let before = pbx.requests("yeastar_s::extension::dial_outbound");
        let result = client.send(&dial()).await;
        let got = match &result {
            Err(Error::Status { status: 503, .. }) => "status",
            Err(Error::Decode { .. }) => "decode",
            Err(Error::Transport {
                kind: TransportKind::Io,
                ..
            }) => "transport",
            Err(Error::Vendor { .. }) => "vendor",
            other => panic!("{kind:?}: {other:?}"),
        };
        assert_eq!(got, check, "{kind:?}");
        assert_eq!(
            pbx.requests("yeastar_s::extension::dial_outbound"),
            before + 1,
            "{kind:?}: sent once"
        );
    }
    // Token expiry on demand: one re-login, one resend.
    pbx.expire_tokens();
    client.send(&dial()).await.expect("placed after a re-login");
    assert_eq!(pbx.requests("yeastar_s::login"), 2);
    // Latency against a client timeout.
    pbx.set_latency(Some(Duration::from_millis(300)));
    let impatient = YeastarSClient::builder(
        config(&pbx).timeout(Duration::from_millis(50)),
        USER,
        PASSWORD,
    )
    .report_to("127.0.0.1", 8260)
    .build()
    .expect("config");
    assert!(matches!(
        impatient.login().await,
        Err(Error::Transport {
            kind: TransportKind::Timeout,
            ..
        })
    ));
}

async fn raw_post(url: &str, body: &'static [u8]) -> String {
    // A bare HTTP/1.1 exchange on loopback, so the test does not go through the client's checks.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http");
    let (authority, path) = rest.split_once('/').expect("a path");
    let mut stream = tokio::net::TcpStream::connect(authority)
        .await
        .expect("connect");
    let head = format!(
        "POST /{path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    answer
}
