//! The P-Series event WebSocket (tokio-tungstenite as the client) and the Switchvox URL
//! triggers, part of `events_emitted.rs`.

use std::time::Duration;

use pbx_api::client::ClientConfig;
use pbx_api::prelude::*;
use pbx_sim::{EventConfig, Misbehaviour, Trigger, TriggerEvent};

use super::events_support::*;

#[tokio::test]
async fn p_series_websocket_subscribes_heartbeats_and_sends_subscribed_frames() {
    let pbx = sim(quick()).await;
    let token = p_token(&pbx).await;
    let mut ws = subscribe(&pbx, &token).await;
    assert_eq!(
        say(&mut ws, r#"{"topic_list":[30011,30012]}"#).await,
        r#"{"errcode":0,"errmsg":"SUCCESS"}"#
    );
    assert_eq!(say(&mut ws, "heartbeat").await, "heartbeat response");
    let answer = http(
        pbx.addr(),
        &format!("/openapi/v1.0/call/dial?access_token={token}"),
        r#"{"caller":"1000","callee":"1001"}"#,
    )
    .await;
    let id = field(&answer, "call_id");
    let call = pbx
        .calls()
        .into_iter()
        .find(|c| c.id == id)
        .expect("the call");
    let msg = format!(
        r#"{{"call_id":"{id}","members":[{{"extension":{{"number":"1000","channel_id":"{}","member_status":"ALERT","call_path":""}}}},{{"extension":{{"number":"1001","channel_id":"{}","member_status":"RING","call_path":""}}}}]}}"#,
        call.channel, call.trunk_channel
    );
    let frame = format!(
        r#"{{"type":30011,"sn":"{SN}","msg":{}}}"#,
        serde_json::Value::from(msg)
    );
    assert_eq!(text(&mut ws, WAIT).await.as_deref(), Some(frame.as_str()));
    let answered = text(&mut ws, WAIT).await.expect("answered frame");
    assert!(
        answered.contains(r#"\"member_status\":\"ANSWERED\""#),
        "30008 not subscribed: {answered}"
    );
    // A new topic list replaces the old one: only the CDR of the hang-up comes.
    assert_eq!(
        say(&mut ws, r#"{"topic_list":[30012]}"#).await,
        r#"{"errcode":0,"errmsg":"SUCCESS"}"#
    );
    http(
        pbx.addr(),
        &format!("/openapi/v1.0/call/hangup?access_token={token}"),
        &format!(r#"{{"channel_id":"{}"}}"#, call.channel),
    )
    .await;
    let cdr = text(&mut ws, WAIT).await.expect("the CDR frame");
    assert!(
        cdr.starts_with(&format!(
            r#"{{"type":30012,"sn":"{SN}","msg":"{{\"call_id\":\"{id}\""#
        )),
        "{cdr}"
    );
    assert!(cdr.contains(r#"\"type\":\"Internal\""#), "{cdr}");
}

#[tokio::test]
async fn p_series_websocket_idles_out_closes_on_expiry_refuses_bad_tokens_and_drops_on_purpose() {
    let pbx = sim(EventConfig {
        ws_idle: Duration::from_millis(300),
        misbehave: Misbehaviour {
            drop_socket_every: 2,
            ..Misbehaviour::default()
        },
        ..quick()
    })
    .await;
    let token = p_token(&pbx).await;
    let mut idle = subscribe(&pbx, &token).await;
    let started = std::time::Instant::now();
    assert_eq!(text(&mut idle, WAIT).await, None, "closed");
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );

    let refused = tokio_tungstenite::connect_async(format!(
        "ws://{}/openapi/v1.0/subscribe?access_token=nope",
        pbx.addr()
    ))
    .await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            let body = String::from_utf8_lossy(response.body().as_deref().unwrap_or_default())
                .into_owned();
            assert!(body.contains("10004"), "{body}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    // Two frames, then the socket is dropped on purpose.
    let mut ws = subscribe(&pbx, &token).await;
    say(&mut ws, r#"{"topic_list":[30011]}"#).await;
    http(
        pbx.addr(),
        &format!("/openapi/v1.0/call/dial?access_token={token}"),
        r#"{"caller":"1000","callee":"1001"}"#,
    )
    .await;
    assert!(text(&mut ws, WAIT).await.is_some() && text(&mut ws, WAIT).await.is_some());
    assert_eq!(text(&mut ws, WAIT).await, None);
    assert_eq!(pbx.event_counters(Some("yeastar_p")).sockets_dropped, 1);

    let mut ws = subscribe(&pbx, &token).await;
    pbx.expire_tokens();
    assert_eq!(
        text(&mut ws, WAIT).await.as_deref(),
        Some(r#"{"errcode":10004,"errmsg":"TOKEN EXPIRED"}"#)
    );
    assert_eq!(text(&mut ws, WAIT).await, None);
}

#[tokio::test]
async fn switchvox_triggers_request_their_urls_filled_in_once() {
    let mut rx = Receiver::start(vec![500]).await;
    let trigger = |event, path: &str, post| Trigger {
        event,
        url: format!("http://127.0.0.1:{}{path}", rx.port),
        post,
    };
    let pbx = sim(EventConfig {
        triggers: vec![
            trigger(
                TriggerEvent::IncomingCall,
                "/in?num=%CALLER_ID_NUMBER%&name=%CALLER_ID_NAME%&ext=%EXTENSION%&job=%JOB_ID%",
                true,
            ),
            trigger(
                TriggerEvent::CallHangup,
                "/bye?job=%JOB_ID%&type=%EVENT_TYPE%",
                false,
            ),
        ],
        ..quick()
    })
    .await;
    let call = pbx
        .inbound("switchvox", "+15550100", "1001")
        .expect("ringing");
    let id = &call.id;
    assert_eq!(
        rx.next().await,
        format!(
            "POST /in?num=%2B15550100&name=&ext=1001&job={id} HTTP/1.1\r\nHost: 127.0.0.1:{0}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            rx.port
        )
    );
    // Answered 500, and not sent again: Switchvox documents no retry.
    assert_eq!(rx.within(Duration::from_millis(300)).await, None);
    let c = settled(&pbx, "switchvox", |c| c.dropped == 1).await;
    assert_eq!((c.sent, c.acknowledged), (1, 0));
    let sv = pbx_api::client::SwitchvoxClient::new(
        ClientConfig::new(pbx.url()),
        "api",
        "Secret123",
        pbx_api::client::HttpAuth::Auto,
        Format::Json,
    )
    .expect("client");
    sv.current_calls()
        .hang_up(id.clone())
        .send()
        .await
        .expect("hung up");
    let bye = rx.next().await;
    assert!(
        bye.starts_with(&format!("GET /bye?job={id}&type=call_hangup HTTP/1.1\r\n")),
        "{bye}"
    );
}
