//! The events the simulator sends for calls placed through it, byte for byte, to receivers
//! written here: raw loopback listeners for the HTTP reports and Switchvox triggers, a
//! tokio-tungstenite client for the P-Series WebSocket. Every wait is bounded.

mod events_support;
// The P-Series WebSocket and the Switchvox triggers.
#[path = "events_support/push.rs"]
mod push;
// A call's whole life, failed calls, dead tokens, the queue's bound.
#[path = "events_support/lifecycle.rs"]
mod lifecycle;

use std::time::Duration;

use events_support::*;
use pbx_api::client::{ClientConfig, OpenVoxClient};
use pbx_api::prelude::*;
use pbx_sim::{EventConfig, Misbehaviour};

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
