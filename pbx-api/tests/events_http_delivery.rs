//! What the HTTP event receiver acknowledges and delivers: resends dropped (and answered),
//! `503` while the stream is full and the PBX's resend then delivered exactly once, the
//! P-Series webhook signature, shutdown with in-flight events kept.
//!
//! Run: `cargo test -p pbx-api --test events_http_delivery`.

mod events_support;

use std::time::Duration;

use events_support::*;
use pbx_api::events::http::{GetSignature, WebhookAuth};
use pbx_api::events::{Connection, EventItem};
use pbx_api::wire::session::Secret;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const BYE_1: &str = r#"{"action":"BYE","callid":"1589953914.1775","ext":{"extid":["101","106"]},"sn":"a09805021987"}"#;
const BYE_2: &str = r#"{"action":"BYE","callid":"1589953914.1775","ext":{"extid":["106","101"]},"sn":"a09805021987"}"#;

fn status(value: &str) -> String {
    format!(
        r#"{{"action":"ExtensionStatus","extension":"101","status":"{value}","sn":"a09805021987"}}"#
    )
}

#[tokio::test]
async fn a_resend_is_answered_and_not_queued_again() {
    let (rx, mut events) = start::<Report>(config()).await;
    let addr = rx.local_addr();
    // Each resend before the call's next event: a PBX resends a report until it is answered.
    for body in [BYE_1, BYE_1, BYE_2, BYE_2] {
        assert_eq!(send(addr, &post(body)).await.status, 200);
    }
    // The two BYEs of one call differ (the party who hung up is listed first): both kept.
    assert_eq!(next_event(&mut events).await.0.body, BYE_1.as_bytes());
    assert_eq!(next_event(&mut events).await.0.body, BYE_2.as_bytes());
    nothing_more(&mut events).await;
    assert_eq!((rx.stats().queued, rx.stats().resends_dropped), (2, 2));
}

#[tokio::test]
async fn a_status_without_a_call_id_repeats_once_another_event_came() {
    let (rx, mut events) = start::<Report>(config()).await;
    let addr = rx.local_addr();
    for value in ["InUse", "InUse", "Idle", "InUse"] {
        assert_eq!(send(addr, &post(&status(value))).await.status, 200);
    }
    for value in ["InUse", "Idle", "InUse"] {
        assert_eq!(next_event(&mut events).await.0.fields["status"], value);
    }
    nothing_more(&mut events).await;
    assert_eq!(rx.stats().resends_dropped, 1);
}

#[tokio::test]
async fn a_full_stream_gets_503_and_the_resend_is_delivered_once() {
    let mut config = config();
    config.queue = 1;
    let (rx, mut events) = start::<Report>(config).await;
    let addr = rx.local_addr();
    assert_eq!(send(addr, &post(BYE_1)).await.status, 200);
    // The consumer is not reading: the next event is refused, never answered 200 and dropped.
    let refused = send(addr, &post(BYE_2)).await;
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(rx.stats().refused_full, 1);
    assert_eq!(next_event(&mut events).await.0.body, BYE_1.as_bytes());
    // The PBX resends: now it is queued, once.
    assert_eq!(send(addr, &post(BYE_2)).await.status, 200);
    assert_eq!(
        send(addr, &post(BYE_2)).await.status,
        200,
        "and a second resend is dropped"
    );
    assert_eq!(next_event(&mut events).await.0.body, BYE_2.as_bytes());
    nothing_more(&mut events).await;
    assert_eq!((rx.stats().queued, rx.stats().resends_dropped), (2, 1));
}

/// A P-Series frame (events.md 1c, 30008) and its signature with a 32-character secret:
/// python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(
///   b"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", BODY, hashlib.sha256).digest()).decode())'
const SECRET: &str = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
const FRAME: &str =
    r#"{"type":30008,"sn":"3631A2124XXX","msg":"{\"extension\":\"2002\",\"status\":\"Ringing\"}"}"#;
const FRAME_SIGNATURE: &str = "woYb23VgRaWS1xHFGtS7gjeQqYRpdvnwX2II5pthRhw=";
/// The same command over the query string below (what a signed `GET` is checked against).
const QUERY: &str = "type=30008&sn=3631A2124XXX&extension=2002&status=Ringing";
const QUERY_SIGNATURE: &str = "bUDXG5l6NE8CzoztdPfcq8lJgHkHuEU+G/feaDrYHzM=";

fn signed(signature: Option<&str>, body: &str) -> Vec<u8> {
    let header = signature
        .map(|s| format!("X-Signature: {s}\r\n"))
        .unwrap_or_default();
    format!(
        "POST /webhook HTTP/1.1\r\nContent-Type: application/json\r\n{header}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn webhook_signatures_good_wrong_and_missing() {
    let mut config = config();
    config.webhook = Some(WebhookAuth::new(Secret::new(SECRET)));
    let (rx, mut events) = start::<Frame>(config).await;
    let addr = rx.local_addr();
    assert_eq!(
        send(addr, &signed(Some(FRAME_SIGNATURE), FRAME))
            .await
            .status,
        200
    );
    let event = next_event(&mut events).await.0;
    assert_eq!(
        (event.name.as_str(), event.body.as_slice()),
        ("30008", FRAME.as_bytes())
    );
    let wrong = FRAME_SIGNATURE.replace('w', "x");
    let tampered = FRAME.replace("Ringing", "Idle");
    assert_eq!(send(addr, &signed(Some(&wrong), FRAME)).await.status, 401);
    assert_eq!(
        send(addr, &signed(Some(FRAME_SIGNATURE), &tampered))
            .await
            .status,
        401
    );
    assert_eq!(send(addr, &signed(None, FRAME)).await.status, 401);
    nothing_more(&mut events).await;
    assert_eq!((rx.stats().unauthorized, rx.stats().queued), (3, 1));
}

#[tokio::test]
async fn get_webhooks_are_signed_over_the_query_unless_the_user_opts_out() {
    let get = |signature: Option<&str>| {
        let header = signature
            .map(|s| format!("X-Signature: {s}\r\n"))
            .unwrap_or_default();
        format!("GET /webhook?{QUERY} HTTP/1.1\r\n{header}\r\n").into_bytes()
    };
    let mut config = config();
    config.webhook = Some(WebhookAuth::new(Secret::new(SECRET)));
    let (rx, mut events) = start::<Trigger>(config.clone()).await;
    assert_eq!(
        send(rx.local_addr(), &get(Some(QUERY_SIGNATURE)))
            .await
            .status,
        200
    );
    assert_eq!(next_event(&mut events).await.0.fields["status"], "Ringing");
    assert_eq!(
        send(rx.local_addr(), &get(None)).await.status,
        401,
        "unsigned refused"
    );
    assert_eq!(
        send(rx.local_addr(), &get(Some(FRAME_SIGNATURE)))
            .await
            .status,
        401
    );
    nothing_more(&mut events).await;

    let mut auth = WebhookAuth::new(Secret::new(SECRET));
    auth.get = GetSignature::Unchecked;
    config.webhook = Some(auth);
    let (rx, mut events) = start::<Trigger>(config).await;
    assert_eq!(send(rx.local_addr(), &get(None)).await.status, 200);
    assert_eq!(next_event(&mut events).await.0.fields["extension"], "2002");
    assert_eq!(
        send(rx.local_addr(), &signed(None, FRAME)).await.status,
        401,
        "POSTs still checked"
    );
}

#[tokio::test]
async fn shutdown_keeps_the_event_in_flight_and_ends_the_stream() {
    let (rx, mut events) = start::<Report>(config()).await;
    let addr = rx.local_addr();
    let body = post(BYE_1);
    let (head, rest) = body.split_at(body.len() - 10);
    let mut in_flight = TcpStream::connect(addr).await.unwrap();
    in_flight.write_all(head).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    rx.shutdown();
    // No new connection is served (refused once the listener is closed).
    let refused = tokio::time::timeout(WAIT, async {
        loop {
            match TcpStream::connect(addr).await {
                Err(_) => break,
                Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    });
    refused.await.expect("the listener is still open");
    in_flight.write_all(rest).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(
        WAIT,
        tokio::io::AsyncReadExt::read_to_end(&mut in_flight, &mut answer),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(parse(&answer).status, 200);
    assert_eq!(next_event(&mut events).await.0.body, BYE_1.as_bytes());
    match next(&mut events).await {
        EventItem::State(Connection::Disconnected { .. }) => {}
        other => panic!("{other:?}"),
    }
    let end = tokio::time::timeout(WAIT, events.next())
        .await
        .expect("the stream did not end");
    assert!(end.is_none());
    tokio::time::timeout(WAIT, rx.stopped()).await.unwrap();
}

#[tokio::test]
async fn dropping_the_stream_stops_the_receiver() {
    let (rx, events) = start::<Report>(config()).await;
    let addr = rx.local_addr();
    drop(events);
    tokio::time::timeout(WAIT, rx.stopped())
        .await
        .expect("the receiver did not stop");
    assert!(TcpStream::connect(addr).await.is_err());
}

/// `pbx.webhook_events(listen, secret)`: the P-Series client's receiver for webhook pushes,
/// typed, with the signature checked and the PBX's address (the base URL's) allowed.
#[cfg(feature = "yeastar-p")]
#[tokio::test]
async fn the_p_series_client_receives_signed_webhooks_as_typed_events() {
    use pbx_api::client::{ClientConfig, YeastarPClient};
    use pbx_api::yeastar_p::events::Event;
    // No PBX is contacted: webhooks need no session.
    let pbx = YeastarPClient::builder(ClientConfig::new("http://127.0.0.1:9"), "id", "secret")
        .build()
        .expect("a client");
    let listen = "127.0.0.1:0".parse().expect("an address");
    let mut events = pbx
        .webhook_events(listen, Secret::new(SECRET))
        .await
        .expect("listening");
    let addr = events.handle().local_addr().expect("bound");
    let first = tokio::time::timeout(WAIT, events.next())
        .await
        .expect("in time");
    assert!(
        matches!(first, Some(EventItem::State(Connection::Listening { .. }))),
        "{first:?}"
    );
    assert_eq!(send(addr, &signed(None, FRAME)).await.status, 401);
    assert_eq!(
        send(addr, &signed(Some(FRAME_SIGNATURE), FRAME))
            .await
            .status,
        200
    );
    let item = tokio::time::timeout(WAIT, events.next())
        .await
        .expect("in time");
    match item {
        Some(EventItem::Event(received)) => assert!(
            !matches!(received.event, Event::Unknown(_)),
            "{:?}",
            received.event
        ),
        other => panic!("not an event: {other:?}"),
    }
}
