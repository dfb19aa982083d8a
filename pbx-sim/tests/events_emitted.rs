//! The events the simulator sends for calls placed through it, byte for byte, to receivers
//! written here: raw loopback listeners for the HTTP reports and Switchvox triggers, a
//! tokio-tungstenite client for the P-Series WebSocket. Every wait is bounded.

mod events_support;

use std::time::Duration;

use events_support::*;
use pbx_api::client::{ClientConfig, OpenVoxClient};
use pbx_api::prelude::*;
use pbx_sim::{EventConfig, Misbehaviour, Trigger, TriggerEvent};

#[tokio::test]
async fn openvox_reports_of_a_typed_call_reach_the_login_target() {
    let pbx = sim(quick()).await;
    let mut rx = Receiver::start(Vec::new()).await;
    let ov = OpenVoxClient::builder(ClientConfig::new(pbx.url()), "api", "Secret123")
        .report_to("127.0.0.1", rx.port)
        .build()
        .expect("client");
    let placed = ov
        .extension()
        .dial_extension("101", "106")
        .send()
        .await
        .expect("placed");
    let id = placed.callid.expect("a call id");
    let first = rx.next().await;
    assert_eq!(
        first,
        format!(
            "POST / HTTP/1.1\r\nUser-Agent: WebAPI\r\nHost: 127.0.0.1: {}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{}",
            rx.port,
            body(&first).len(),
            format_args!(
                r#"{{"action":"ALERT","callid":"{id}","ext":{{"extid":["101"]}},"sn":"{SN}"}}"#
            )
        )
    );
    let dial = rx.bodies(6).await;
    assert_eq!(
        dial.iter().map(|b| action(b)).collect::<Vec<_>>(),
        [
            "RING",
            "ExtensionStatus",
            "ANSWER",
            "ANSWER",
            "ExtensionStatus",
            "ExtensionStatus"
        ]
    );
    assert_eq!(
        dial[0],
        format!(
            r#"{{"action":"RING","callid":"{id}","ext":{{"extid":["106","101"]}},"sn":"{SN}"}}"#
        )
    );
    assert_eq!(
        dial[4],
        format!(r#"{{"action":"ExtensionStatus","extension":"101","status":"InUse","sn":"{SN}"}}"#)
    );
    ov.extension().hangup("106").send().await.expect("hung up");
    let end = rx.bodies(5).await;
    // The party who hung up first, then the other way round.
    assert_eq!(
        end[0],
        format!(
            r#"{{"action":"BYE","callid":"{id}","ext":{{"extid":["106","101"]}},"sn":"{SN}"}}"#
        )
    );
    assert_eq!(
        end[1],
        format!(
            r#"{{"action":"BYE","callid":"{id}","ext":{{"extid":["101","106"]}},"sn":"{SN}"}}"#
        )
    );
    assert_eq!(action(&end[4]), "NewCdr");
    assert!(
        end[4].contains(r#""callfrom":"101","callto":"106","#),
        "{}",
        end[4]
    );
    assert!(end[4].ends_with(&format!(
        r#""status":"ANSWERED","type":"Internal","sn":"{SN}"}}"#
    )));
    let c = settled(&pbx, "openvox", |c| c.acknowledged == 12).await;
    assert_eq!((c.queued, c.sent, c.dropped), (12, 12, 0));
}

#[tokio::test]
async fn openvox_malformed_shape_sends_ring_and_alert_without_a_blank_line() {
    let pbx = sim(EventConfig {
        openvox_malformed: true,
        ..quick()
    })
    .await;
    let mut rx = Receiver::start(Vec::new()).await;
    let token = login(&pbx, "v0.0.1", rx.port, "").await;
    http(
        pbx.addr(),
        &format!("/api/v0.0.1/extension/dial_extension?token={token}"),
        r#"{"caller":"101","callee":"106"}"#,
    )
    .await;
    let alert = rx.next().await;
    let n = body(&alert).len();
    assert_eq!(
        &alert[..alert.find('{').unwrap_or(0)],
        format!(
            "POST  HTTP/1.1\r\nHost:127.0.0.1\r\nContent-Length:{n}\r\nAccept: application/json\r\nContent-Type:application/json\r\nConnection:close\r\n"
        )
    );
    rx.next().await; // RING, alike
    let status = rx.next().await;
    assert!(
        status.contains("Connection:close\r\n\r\n{\"action\":\"ExtensionStatus\""),
        "{status}"
    );
}

#[tokio::test]
async fn yeastar_s_sends_repeated_ext_keys_without_version_and_arrays_with_1_0_2() {
    let pbx = sim(quick()).await;
    let (mut old, mut fixed) = (
        Receiver::start(Vec::new()).await,
        Receiver::start(Vec::new()).await,
    );
    let token = login(&pbx, "v1.0.0", old.port, "").await;
    login(&pbx, "v1.1.0", fixed.port, r#","version":"1.0.2""#).await;
    let answer = http(
        pbx.addr(),
        &format!("/api/v1.0.0/extension/dial_extension?token={token}"),
        r#"{"caller":"1000","callee":"1001"}"#,
    )
    .await;
    let id = field(&answer, "callid");
    let old = old.bodies(4).await;
    assert_eq!(
        old[0],
        format!(r#"{{"action":"ALERT","callid":"{id}","ext":{{"extid":"1000"}}}}"#)
    );
    assert_eq!(
        old[1],
        format!(
            r#"{{"action":"RING","callid":"{id}","ext":{{"extid":"1001"}},"ext":{{"extid":"1000"}}}}"#
        )
    );
    assert_eq!(
        old[2],
        r#"{"action":"ExtensionStatus","extension":"1001","status":"Ringing"}"#
    );
    assert_eq!(
        old[3],
        format!(
            r#"{{"action":"ANSWERED","callid":"{id}","ext":{{"extid":"1000"}},"ext":{{"extid":"1001"}}}}"#
        )
    );
    let fixed = fixed.bodies(4).await;
    assert_eq!(
        fixed[3],
        format!(
            r#"{{"action":"ANSWERED","callid":"{id}","ext":{{"extid":["1000","1001"]}},"sn":"{SN}"}}"#
        )
    );
}

#[tokio::test]
async fn api_2_0_sends_events_with_version_and_v1_actions_without() {
    let pbx = sim(quick()).await;
    let (mut v2, mut v1) = (
        Receiver::start(Vec::new()).await,
        Receiver::start(Vec::new()).await,
    );
    let token = login(&pbx, "v2.0.0", v2.port, r#","version":"2.0.0""#).await;
    login(&pbx, "v2.0.0", v1.port, "").await;
    let answer = http(
        pbx.addr(),
        &format!("/api/v2.0.0/call/dial?token={token}"),
        r#"{"caller":"1000","callee":"5551234"}"#,
    )
    .await;
    let id = field(&answer, "callid");
    let call = pbx
        .calls()
        .into_iter()
        .find(|c| c.id == id)
        .expect("the call");
    let first = v2.next().await;
    let members = format!(
        r#"[{{"ext":{{"number":"1000","channelid":"{}","memberstatus":"ALERT"}}}},{{"outbound":{{"from":"1000","to":"5551234","trunkname":"sim-trunk","channelid":"{}","memberstatus":"RING"}}}}]"#,
        call.channel, call.trunk_channel
    );
    let expected =
        format!(r#"{{"event":"CallStatus","callid":"{id}","members":{members},"sn":"{SN}"}}"#);
    assert_eq!(
        first,
        format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1: {}\r\nAccept: application/json\r\nUser-Agent: WebAPI\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{expected}",
            v2.port,
            expected.len()
        )
    );
    // Without `version`: "PBX will send events in version 1.0.0".
    assert_eq!(
        v1.bodies(1).await[0],
        format!(r#"{{"action":"ALERT","callid":"{id}","ext":{{"extid":"1000"}}}}"#)
    );
    v2.bodies(2).await; // ANSWERED/ANSWER, Busy
    http(
        pbx.addr(),
        &format!("/api/v2.0.0/call/hangup?token={token}"),
        &format!(r#"{{"channelid":"{}"}}"#, call.channel),
    )
    .await;
    let end = v2.bodies(3).await;
    assert_eq!(action(&end[0]), "CallStatus");
    assert!(end[0].contains(r#""memberstatus":"BYE""#));
    assert_eq!(
        end[1],
        format!(r#"{{"event":"ExtensionStatus","extension":"1000","status":"Idle","sn":"{SN}"}}"#)
    );
    assert!(
        end[2].starts_with(&format!(
            r#"{{"event":"NewCdr","callid":"{id}","timestart":""#
        )),
        "{}",
        end[2]
    );
    assert!(end[2].contains(r#""srctrunkname":"","dsttrcunkname":"sim-trunk","pincode":"","status":"ANSWERED","type":"Outbound","#), "{}", end[2]);
}

#[tokio::test]
async fn a_report_is_resent_until_answered_200() {
    let pbx = sim(quick()).await;
    let mut rx = Receiver::start(vec![500, 500, 200]).await;
    login(&pbx, "v1.1.0", rx.port, r#","version":"1.0.2""#).await;
    pbx.boot_up();
    let deliveries = [rx.next().await, rx.next().await, rx.next().await];
    assert!(
        deliveries.iter().all(|d| d == &deliveries[0]),
        "{deliveries:?}"
    );
    assert_eq!(
        body(&deliveries[0]),
        format!(r#"{{"action":"BootUp","sn":"{SN}"}}"#)
    );
    assert_eq!(
        rx.within(Duration::from_millis(300)).await,
        None,
        "no fourth delivery"
    );
    let c = settled(&pbx, "yeastar_s", |c| c.acknowledged == 1).await;
    assert_eq!((c.queued, c.sent, c.resent, c.dropped), (1, 3, 2, 0));
}

#[tokio::test]
async fn a_target_that_is_not_loopback_is_never_contacted_and_dead_tokens_stop_reports() {
    let pbx = sim(quick()).await;
    let mut rx = Receiver::start(Vec::new()).await;
    let token = login(&pbx, "v1.1.0", rx.port, "").await;
    let heartbeat = format!(r#"{{"ipaddr":"10.0.0.1","port":"{}"}}"#, rx.port);
    http(
        pbx.addr(),
        &format!("/api/v1.1.0/heartbeat?token={token}"),
        &heartbeat,
    )
    .await;
    pbx.boot_up();
    let c = settled(&pbx, "yeastar_s", |c| c.refused_targets == 1).await;
    assert_eq!((c.sent, c.dropped), (0, 1));
    assert_eq!(rx.within(Duration::from_millis(200)).await, None);
    // Back to loopback: reports flow; then the token dies and they stop.
    let heartbeat = format!(r#"{{"ipaddr":"127.0.0.1","port":"{}"}}"#, rx.port);
    http(
        pbx.addr(),
        &format!("/api/v1.1.0/heartbeat?token={token}"),
        &heartbeat,
    )
    .await;
    pbx.boot_up();
    assert!(rx.next().await.contains("BootUp"));
    pbx.expire_tokens();
    pbx.boot_up();
    assert_eq!(rx.within(Duration::from_millis(300)).await, None);
}

#[tokio::test]
async fn duplicate_and_reorder_do_what_they_say() {
    let misbehave = |duplicate, reorder| EventConfig {
        misbehave: Misbehaviour {
            duplicate,
            reorder,
            ..Misbehaviour::default()
        },
        ..quick()
    };
    let pbx = sim(misbehave(1.0, 0.0)).await;
    let mut rx = Receiver::start(Vec::new()).await;
    login(&pbx, "v1.1.0", rx.port, "").await;
    pbx.boot_up();
    assert_eq!(rx.next().await, rx.next().await);
    assert_eq!(pbx.event_counters(Some("yeastar_s")).duplicated, 1);

    let pbx = sim(misbehave(0.0, 1.0)).await;
    let mut rx = Receiver::start(Vec::new()).await;
    let token = login(&pbx, "v1.1.0", rx.port, "").await;
    http(
        pbx.addr(),
        &format!("/api/v1.1.0/extension/dial_extension?token={token}"),
        r#"{"caller":"1000","callee":"1001"}"#,
    )
    .await;
    let got: Vec<String> = rx.bodies(7).await.iter().map(|b| action(b)).collect();
    // ALERT RING | ExtensionStatus ANSWERED | ANSWER ExtensionStatus | ExtensionStatus: each
    // adjacent pair swapped.
    assert_eq!(
        got,
        [
            "RING",
            "ALERT",
            "ANSWERED",
            "ExtensionStatus",
            "ExtensionStatus",
            "ANSWER",
            "ExtensionStatus"
        ]
    );
    assert_eq!(pbx.event_counters(Some("yeastar_s")).reordered, 3);
}

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
