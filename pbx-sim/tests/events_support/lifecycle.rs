//! A call's whole life in API 2.0 reports, failed calls, a token that times out, and the
//! session queue's bound; part of `events_emitted.rs`.

use std::time::Duration;

use pbx_sim::EventConfig;

use super::events_support::*;

#[tokio::test]
async fn api_2_0_reports_an_inbound_call_accepted_held_transferred_and_hung_up() {
    let pbx = sim(quick()).await;
    let mut rx = Receiver::start(Vec::new()).await;
    let token = login(&pbx, "v2.0.0", rx.port, r#","version":"2.0.0""#).await;
    let call = pbx
        .inbound("yeastar_v2", "5550100", "1001")
        .expect("ringing");
    let api = |path: &str| format!("/api/v2.0.0/call/{path}?token={token}");
    let on = |channel: &str| format!(r#"{{"channelid":"{channel}"}}"#);
    let mut seen = rx.bodies(2).await;
    http(pbx.addr(), &api("accept_inbound"), &on(&call.trunk_channel)).await;
    seen.extend(rx.bodies(2).await);
    http(pbx.addr(), &api("hold"), &on(&call.channel)).await;
    http(pbx.addr(), &api("unhold"), &on(&call.channel)).await;
    let transfer = format!(r#"{{"channelid":"{}","number":"1002"}}"#, call.channel);
    http(pbx.addr(), &api("transfer"), &transfer).await;
    seen.extend(rx.bodies(3).await);
    http(pbx.addr(), &api("hangup"), &on(&call.channel)).await;
    seen.extend(rx.bodies(3).await);
    // Each report as `event` and its members' `number`/`from` and `memberstatus`, in order.
    let summary: Vec<String> = seen
        .iter()
        .map(|b| {
            let v: serde_json::Value = serde_json::from_str(b).expect("JSON");
            let members = v["members"].as_array().map(|ms| {
                ms.iter()
                    .map(|m| {
                        let (kind, inner) = m
                            .as_object()
                            .and_then(|o| o.iter().next())
                            .expect("one member");
                        let who = inner.get("number").or_else(|| inner.get("from"));
                        format!(
                            "{kind}:{}:{}",
                            who.and_then(|w| w.as_str()).unwrap_or("?"),
                            inner["memberstatus"].as_str().unwrap_or("?")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            });
            let status = v["status"].as_str().map(str::to_owned);
            format!("{} {}", action(b), members.or(status).unwrap_or_default())
        })
        .collect();
    assert_eq!(
        summary,
        [
            "CallStatus inbound:5550100:ALERT,ext:1001:RING",
            "ExtensionStatus Ringing",
            "CallStatus inbound:5550100:ANSWERED,ext:1001:ANSWER",
            "ExtensionStatus Busy",
            "CallStatus inbound:5550100:ANSWERED,ext:1001:HOLD",
            "CallStatus inbound:5550100:ANSWERED,ext:1001:ANSWER",
            "CallStatus inbound:5550100:ANSWERED,ext:1002:ANSWER",
            "CallStatus inbound:5550100:BYE,ext:1002:BYE",
            "ExtensionStatus Idle",
            "NewCdr ANSWERED",
        ]
    );
    assert!(
        seen[9].contains(r#""srctrunkname":"sim-trunk","dsttrcunkname":"","#),
        "{}",
        seen[9]
    );
}

#[tokio::test]
async fn failed_calls_are_reported_and_a_token_that_timed_out_stops_reports() {
    let pbx = pbx_sim::Simulator::start(pbx_sim::SimConfig {
        token_idle: Duration::from_millis(400),
        events: quick(),
        ..pbx_sim::SimConfig::default()
    })
    .await
    .expect("a simulator");
    let mut rx = Receiver::start(Vec::new()).await;
    login(&pbx, "v1.1.0", rx.port, r#","version":"1.0.2""#).await;
    let id = pbx
        .failed_call("yeastar_s", "1000", "1001")
        .expect("a family");
    // YEN `call-failure.md`: the reason as text.
    assert_eq!(
        body(&rx.next().await),
        format!(
            r#"{{"action":"CallFailed","reason":"User busy","callid":"{id}","ext":{{"extid":["1000"]}},"sn":"{SN}"}}"#
        )
    );
    assert!(pbx.calls().is_empty());
    // Nothing keeps the token alive: it times out, and the next report is never sent.
    tokio::time::sleep(Duration::from_millis(600)).await;
    pbx.boot_up();
    assert_eq!(rx.within(Duration::from_millis(300)).await, None);
    let c = settled(&pbx, "yeastar_s", |c| c.dropped == 1).await;
    assert_eq!((c.queued, c.sent), (2, 1));
}

#[tokio::test]
async fn a_full_session_queue_drops_and_counts_what_does_not_fit() {
    // A receiver that takes the connection and never answers holds the first report.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = silent.local_addr().expect("addr").port();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            open.push(stream);
        }
    });
    let pbx = sim(EventConfig {
        queue: 2,
        answer_timeout: Duration::from_secs(5),
        ..quick()
    })
    .await;
    login(&pbx, "v1.1.0", port, "").await;
    for _ in 0..6 {
        pbx.boot_up();
    }
    let c = pbx.event_counters(Some("yeastar_s"));
    assert_eq!(c.queued, 6);
    // Two wait in the queue and one may be on its way: the rest are dropped at the bound.
    assert!((3..=4).contains(&c.dropped), "{c:?}");
    held.abort();
}
