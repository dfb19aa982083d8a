//! The P-Series WebSocket event source against a loopback PBX written in the test
//! (`support/ws_pbx.rs`): what it subscribes with, its heartbeat, reconnects with fresh tokens
//! and the full topic list, in-band token expiry, giving up, back-pressure on a slow consumer,
//! frames passed to the decoder untouched, and TLS with the client's own trust settings.

#[path = "support/p_frame.rs"]
mod p_frame;
#[path = "support/ws_pbx.rs"]
mod ws_pbx;

use std::time::{Duration, Instant};

use p_frame::Frame;
use pbx_api::client::{ClientConfig, YeastarPClient};
use pbx_api::events::websocket::SourceError;
use pbx_api::events::{Connection, EventItem, EventStream, FamilyEvents, WebSocketSource};
use tokio::time::timeout;
use ws_pbx::{Pbx, WAIT};

const TOPICS: [u32; 3] = [30011, 30012, 30008];
const SUBSCRIBE: &str = r#"{"topic_list":[30011,30012,30008]}"#;

fn client(pbx: &Pbx) -> YeastarPClient {
    YeastarPClient::builder(
        ClientConfig::new(format!("http://{}", pbx.addr)),
        "client-id",
        "client-secret",
    )
    .build()
    .expect("client")
}

fn source(pbx: &Pbx) -> WebSocketSource<pbx_api::yeastar_p::Api> {
    WebSocketSource::new(client(pbx), TOPICS)
        .backoff(Duration::from_millis(10), Duration::from_millis(40))
        .stable_after(Duration::from_secs(60))
}

async fn next(events: &mut EventStream<Frame>) -> EventItem<Frame> {
    timeout(WAIT, events.next())
        .await
        .expect("an item in time")
        .expect("the stream goes on")
}

async fn state(events: &mut EventStream<Frame>) -> Connection {
    match next(events).await {
        EventItem::State(state) => state,
        other => panic!("expected a connection state, got {other:?}"),
    }
}

async fn frame(events: &mut EventStream<Frame>) -> Frame {
    match next(events).await {
        EventItem::Event(received) => received.event,
        other => panic!("expected an event, got {other:?}"),
    }
}

#[tokio::test]
async fn subscribes_with_the_token_and_the_full_topic_list_and_passes_frames_untouched() {
    let mut pbx = Pbx::plain().await;
    let mut events = source(&pbx).start::<Frame>().expect("start");
    let mut conn = pbx.conn().await;
    assert_eq!(conn.path, "/openapi/v1.0/subscribe");
    assert_eq!(conn.token, "tok-1");
    assert_eq!(conn.user_agent.as_deref(), Some("OpenAPI"));
    assert_eq!(conn.subscribe().await, SUBSCRIBE);
    assert_eq!(state(&mut events).await, Connection::Connected);

    let as_string = r#"{"type":30008,"sn":"3631A2124XXX","msg":"{\"extension\":\"2002\",\"status\":\"Ringing\"}"}"#;
    let as_object =
        r#"{"type":30011,"sn":"3631A2124XXX","msg":{"call_id":"1700000000.42","members":null}}"#;
    conn.send(as_string).await;
    conn.send(as_object).await;
    conn.send("not an event").await;
    conn.send(r#"{"errcode":0,"errmsg":"SUCCESS"}"#).await;
    conn.send(r#"{"type":30012,"sn":"x","msg":{}}"#).await;
    let first = frame(&mut events).await;
    assert_eq!((first.kind, first.raw.as_str()), (30008, as_string));
    assert_eq!(first.msg["status"], "Ringing");
    let second = frame(&mut events).await;
    assert_eq!((second.kind, second.raw.as_str()), (30011, as_object));
    assert_eq!(second.call_keys()[0].value, "1700000000.42");
    match next(&mut events).await {
        EventItem::Malformed { raw, .. } => assert_eq!(raw, b"not an event"),
        other => panic!("expected a malformed body, got {other:?}"),
    }
    // A repeated subscription answer is no event; the next frame is.
    assert_eq!(frame(&mut events).await.kind, 30012);
    assert_eq!(pbx.with(|s| (s.logins, s.refreshes)), (1, 0));
}

#[tokio::test]
async fn heartbeats_come_within_the_interval_and_a_silent_pbx_is_left() {
    let mut pbx = Pbx::plain().await;
    let every = Duration::from_millis(300);
    let mut events = source(&pbx)
        .heartbeat_every(every)
        .start::<Frame>()
        .expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    let subscribed = Instant::now();
    assert_eq!(state(&mut events).await, Connection::Connected);
    let mut last = subscribed;
    for _ in 0..3 {
        assert_eq!(conn.text().await.as_deref(), Some("heartbeat"));
        let gap = last.elapsed();
        assert!(
            gap <= every + Duration::from_millis(250),
            "heartbeat after {gap:?}"
        );
        last = Instant::now();
        conn.send("heartbeat response").await;
    }
    // The PBX stops answering: the next heartbeat finds the last one unanswered.
    assert_eq!(conn.text().await.as_deref(), Some("heartbeat"));
    match state(&mut events).await {
        Connection::Disconnected { reason } => assert!(reason.contains("heartbeat"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(last.elapsed() <= 2 * every + Duration::from_millis(300));
    assert!(matches!(
        state(&mut events).await,
        Connection::Reconnecting { attempt: 1, .. }
    ));
    let mut again = pbx.conn().await;
    assert_eq!(again.subscribe().await, SUBSCRIBE);
    assert_eq!(state(&mut events).await, Connection::Connected);
}

#[tokio::test]
async fn heartbeats_past_the_idle_limit_and_empty_topic_lists_are_refused() {
    let pbx = Pbx::plain().await;
    let empty = WebSocketSource::new(client(&pbx), []).start::<Frame>();
    assert!(matches!(empty, Err(SourceError::NoTopics)), "{empty:?}");
    let slow = source(&pbx)
        .heartbeat_every(Duration::from_secs(60))
        .start::<Frame>();
    assert!(matches!(slow, Err(SourceError::Heartbeat(_))), "{slow:?}");
    let message = slow.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("60 s"), "{message}");
    assert_eq!(pbx.with(|s| s.logins), 0, "nothing was sent");
}

#[tokio::test]
async fn a_dropped_socket_reconnects_with_a_fresh_token_and_the_full_topic_list() {
    let mut pbx = Pbx::plain().await;
    let mut events = source(&pbx).start::<Frame>().expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    assert_eq!(state(&mut events).await, Connection::Connected);
    drop(conn);
    assert!(matches!(
        state(&mut events).await,
        Connection::Disconnected { .. }
    ));
    match state(&mut events).await {
        Connection::Reconnecting { attempt, delay } => {
            assert_eq!(attempt, 1);
            assert!(delay >= Duration::from_millis(5) && delay <= Duration::from_millis(10));
        }
        other => panic!("{other:?}"),
    }
    let mut again = pbx.conn().await;
    assert_eq!(again.token, "tok-2", "a fresh token");
    assert_eq!(
        again.subscribe().await,
        SUBSCRIBE,
        "the full topic list again"
    );
    assert_eq!(state(&mut events).await, Connection::Connected);
    assert_eq!(pbx.with(|s| (s.logins, s.refreshes)), (1, 1));
    again.send(r#"{"type":30011,"msg":"{}"}"#).await;
    assert_eq!(frame(&mut events).await.kind, 30011);
}

#[tokio::test]
async fn an_in_band_token_expiry_reconnects_at_once_with_a_new_token() {
    let mut pbx = Pbx::plain().await;
    let mut events = source(&pbx).start::<Frame>().expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    assert_eq!(state(&mut events).await, Connection::Connected);
    conn.send(r#"{"errcode":10004,"errmsg":"TOKEN EXPIRED"}"#)
        .await;
    match state(&mut events).await {
        Connection::Disconnected { reason } => assert!(reason.contains("10004"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        state(&mut events).await,
        Connection::Reconnecting {
            attempt: 1,
            delay: Duration::ZERO
        }
    );
    let mut again = pbx.conn().await;
    assert_eq!(again.token, "tok-2");
    assert_eq!(again.subscribe().await, SUBSCRIBE);
    assert_eq!(state(&mut events).await, Connection::Connected);
}

#[tokio::test]
async fn gives_up_after_the_configured_attempts_each_with_a_fresh_token() {
    let pbx = Pbx::plain().await;
    pbx.state.lock().expect("state").refuse_upgrades = true;
    let mut events = source(&pbx)
        .max_attempts(2)
        .start::<Frame>()
        .expect("start");
    for attempt in 1..=2 {
        match state(&mut events).await {
            Connection::Disconnected { reason } => assert!(reason.contains("401"), "{reason}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            state(&mut events).await,
            Connection::Reconnecting { attempt: a, .. } if a == attempt
        ));
    }
    assert!(matches!(
        state(&mut events).await,
        Connection::Disconnected { .. }
    ));
    assert!(matches!(
        state(&mut events).await,
        Connection::GaveUp { .. }
    ));
    assert!(
        timeout(WAIT, events.next())
            .await
            .expect("the end")
            .is_none()
    );
    assert_eq!(
        pbx.with(|s| s.upgrades.clone()),
        ["tok-1", "tok-2", "tok-3"]
    );
}

#[tokio::test]
async fn a_proactive_renewal_replaces_the_socket_with_a_fresh_token() {
    let mut pbx = Pbx::plain().await;
    let mut events = source(&pbx)
        .renew_every(Duration::from_millis(300))
        .start::<Frame>()
        .expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    assert_eq!(state(&mut events).await, Connection::Connected);
    assert_eq!(conn.text().await, None, "the client closed the old socket");
    match state(&mut events).await {
        Connection::Disconnected { reason } => assert!(reason.contains("renewing"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        state(&mut events).await,
        Connection::Reconnecting {
            delay: Duration::ZERO,
            ..
        }
    ));
    let mut again = pbx.conn().await;
    assert_eq!(again.token, "tok-2");
    assert_eq!(again.subscribe().await, SUBSCRIBE);
    assert_eq!(state(&mut events).await, Connection::Connected);
}

#[tokio::test]
async fn dropping_the_stream_closes_the_socket() {
    let mut pbx = Pbx::plain().await;
    let mut events = source(&pbx)
        .heartbeat_every(Duration::from_millis(200))
        .start::<Frame>()
        .expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    assert_eq!(state(&mut events).await, Connection::Connected);
    drop(events);
    // At most one heartbeat before the source notices.
    let mut frames = Vec::new();
    while let Some(text) = conn.text().await {
        frames.push(text);
        assert!(frames.len() <= 2, "{frames:?}");
    }
}

#[tokio::test]
async fn a_slow_consumer_holds_the_pbx_back_with_memory_at_the_bound() {
    let mut pbx = Pbx::plain().await;
    let mut events = source(&pbx)
        .queue(4)
        .heartbeat_every(Duration::from_millis(200))
        .start::<Frame>()
        .expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    assert_eq!(state(&mut events).await, Connection::Connected);
    let padding = "x".repeat(16 * 1024);
    let mut sent = 0u32;
    let stalled_at = loop {
        let frame = format!(r#"{{"type":30011,"msg":{{"seq":{sent},"pad":"{padding}"}}}}"#);
        use futures_util::SinkExt;
        let message = tokio_tungstenite::tungstenite::Message::text(frame);
        match timeout(Duration::from_millis(500), conn.ws.send(message)).await {
            Ok(Ok(())) => sent += 1,
            Ok(Err(e)) => panic!("the client went away: {e}"),
            Err(_) => break sent,
        }
        assert!(
            sent < 20_000,
            "no back-pressure after {sent} frames of 16 KiB"
        );
    };
    // The client holds the queue's 4 items, one frame being queued, and what the socket
    // buffers: far from the 320 MiB the PBX would have pushed.
    eprintln!("back-pressure after {stalled_at} frames of 16 KiB");
    assert!(stalled_at < 2_000, "stalled only after {stalled_at} frames");
    // While the consumer is behind, the heartbeat still goes out.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut heartbeats = 0;
    while let Ok(Some(Ok(message))) = timeout(Duration::from_millis(100), {
        use futures_util::StreamExt;
        conn.ws.next()
    })
    .await
    {
        heartbeats += u32::from(message.to_text().is_ok_and(|t| t == "heartbeat"));
    }
    assert!(heartbeats >= 2, "{heartbeats} heartbeats while held back");
    // The consumer reads again: every frame arrives, in order.
    let drain = tokio::spawn(async move {
        use futures_util::SinkExt;
        let _ = timeout(WAIT, conn.ws.flush()).await;
        conn.send(r#"{"type":1,"msg":{"seq":"end"}}"#).await;
        conn
    });
    let mut expected = 0u64;
    loop {
        let event = frame(&mut events).await;
        if event.kind == 1 {
            break;
        }
        assert_eq!(event.msg["seq"].as_u64(), Some(expected));
        expected += 1;
    }
    assert!(
        expected >= u64::from(stalled_at),
        "{expected} of {stalled_at} frames"
    );
    drop(drain.await);
}

#[tokio::test]
async fn wss_uses_the_clients_pin_or_its_choice_to_accept_any_certificate() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    for pinned in [true, false] {
        let mut pbx = Pbx::tls().await;
        let config = ClientConfig::new(format!("https://{}", pbx.addr));
        let config = if pinned {
            config.pin_sha256(Pbx::fixture_pin())
        } else {
            config.danger_accept_any_certificate()
        };
        let pbx_client = YeastarPClient::builder(config, "client-id", "client-secret")
            .build()
            .expect("client");
        let mut events = WebSocketSource::new(pbx_client, TOPICS)
            .start::<Frame>()
            .expect("start");
        let mut conn = pbx.conn().await;
        assert_eq!(conn.token, "tok-1");
        assert_eq!(conn.subscribe().await, SUBSCRIBE);
        assert_eq!(
            state(&mut events).await,
            Connection::Connected,
            "pinned: {pinned}"
        );
        conn.send(r#"{"type":30011,"msg":"{\"call_id\":\"1\"}"}"#)
            .await;
        assert_eq!(frame(&mut events).await.kind, 30011);
    }
}

#[tokio::test]
async fn wss_refuses_a_certificate_the_client_does_not_trust() {
    let mut pbx = Pbx::tls().await;
    // The client trusts the system's roots only; the PBX's self-signed certificate is
    // refused (by the token request first, which the source reports).
    let config = ClientConfig::new(format!("https://{}", pbx.addr));
    let pbx_client = YeastarPClient::builder(config, "client-id", "client-secret")
        .build()
        .expect("client");
    let mut events = WebSocketSource::new(pbx_client, TOPICS)
        .max_attempts(0)
        .start::<Frame>()
        .expect("start");
    match state(&mut events).await {
        Connection::Disconnected { reason } => {
            assert!(
                reason.contains("certificate") || reason.contains("TLS"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        state(&mut events).await,
        Connection::GaveUp { .. }
    ));
    assert!(
        timeout(Duration::from_millis(200), pbx.conns.recv())
            .await
            .is_err()
    );
}
