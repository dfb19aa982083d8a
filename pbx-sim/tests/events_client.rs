//! `pbx.events()` in every family against the simulator: a call placed through the typed
//! client shows up as typed events on the client's own event stream (ring, answer, hang-up
//! and CDR where the family sends them), none unknown, all of one call in order (`PerCall`).
//! Switchvox's polling and triggers are in `events_client_support/switchvox.rs`. Every wait
//! is bounded.

mod events_client_support;

#[path = "events_client_support/switchvox.rs"]
mod switchvox;

use events_client_support::*;
use pbx_api::client::{
    ClientConfig, OpenVoxClient, YeastarPClient, YeastarSClient, YeastarV2Client,
};
use pbx_api::events::{CallLimits, Connection, EventItem};
use pbx_api::prelude::*;
use pbx_sim::SimConfig;

#[tokio::test]
async fn openvox_reports_reach_the_clients_own_events() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let ov = OpenVoxClient::builder(ClientConfig::new(pbx.url()), &user, &password)
        .report_to("127.0.0.1", 0)
        .build()
        .expect("a client");
    let live = ov.events().await.expect("events");
    let addr = live.handle().local_addr().expect("a receiver");
    assert_ne!(addr.port(), 0);
    assert_eq!(ov.report_target().port, addr.port());
    let (handle, mut events) = live.per_call(CallLimits::default());
    assert_eq!(
        states(&mut events, 2).await,
        [Connection::Listening { addr }, Connection::Connected]
    );
    ov.extension()
        .dial_outbound("101", "16103")
        .send()
        .await
        .expect("placed");
    let calls = ov.outbound().query().send().await.expect("listed").outbound;
    for call in calls {
        ov.outbound()
            .hangup(call.outboundid)
            .send()
            .await
            .expect("hung up");
    }
    let seen = until(&mut events, "NewCdr").await;
    check(&seen, &["ANSWER", "BYE", "NewCdr"]);
    assert!(
        handle
            .stats()
            .is_some_and(|s| s.queued as usize >= seen.len())
    );
    assert!(handle.stopped(BOUND).await, "the receiver stops in time");
}

#[tokio::test]
async fn s_series_logged_in_before_events_is_re_pointed_by_a_heartbeat() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let ys = YeastarSClient::builder(ClientConfig::new(pbx.url()), &user, &password)
        .report_to("127.0.0.1", 0)
        .build()
        .expect("a client");
    ys.login().await.expect("logged in");
    let heartbeats = pbx.requests("yeastar_s::heartbeat");
    let mut events = ys
        .events()
        .await
        .expect("events")
        .per_call(CallLimits::default())
        .1;
    assert_eq!(
        pbx.requests("yeastar_s::heartbeat"),
        heartbeats + 1,
        "re-pointed"
    );
    assert_eq!(pbx.requests("yeastar_s::login"), 1, "no second login");
    assert_eq!(states(&mut events, 2).await.len(), 2);
    let call = ys
        .extension()
        .dial_outbound("1002", "41000")
        .send()
        .await
        .expect("placed");
    ys.outbound()
        .hangup(call.callid)
        .send()
        .await
        .expect("hung up");
    let seen = until(&mut events, "NewCdr").await;
    // The session was opened before `events()`, without `version`: v1.0.0 reports (one
    // `ext` key per party), decoded all the same. The caller's answer is `ANSWERED`.
    check(&seen, &["RING", "ANSWERED", "BYE", "NewCdr"]);
}

#[tokio::test]
async fn api_2_0_logs_in_for_v2_reports() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    pbx.record_exchanges(true);
    let v2 = YeastarV2Client::builder(ClientConfig::new(pbx.url()), &user, &password)
        .report_to("127.0.0.1", 0)
        .build()
        .expect("a client");
    let mut events = v2
        .events()
        .await
        .expect("events")
        .per_call(CallLimits::default())
        .1;
    assert_eq!(states(&mut events, 2).await.len(), 2);
    let login = pbx
        .take_exchanges()
        .into_iter()
        .find(|x| x.endpoint == "yeastar_v2::login")
        .expect("a login");
    let port = v2.report_target().port;
    assert!(
        login.request.contains(r#""version":"2.0.0""#)
            && login.request.contains(&format!(r#""port":"{port}""#)),
        "{}",
        login.request
    );
    v2.call().dial("1023", "2000").send().await.expect("placed");
    let calls = v2
        .extension()
        .query_call("1023")
        .send()
        .await
        .expect("listed");
    let channel = calls
        .calllist
        .iter()
        .flat_map(|e| &e.numbercalls)
        .flat_map(|c| &c.members)
        .find_map(|m| m.ext.as_ref().map(|e| e.channelid.clone()))
        .expect("the call is listed");
    v2.call().hangup(channel).send().await.expect("hung up");
    let seen = until(&mut events, "NewCdr").await;
    check(&seen, &["CallStatus", "NewCdr"]);
    statuses(
        &seen,
        "CallStatus",
        &[
            r#""memberstatus":"RING""#,
            r#""memberstatus":"ANSWER""#,
            r#""memberstatus":"BYE""#,
        ],
    );
    // Named by `event`: the login asked for 2.0.0, so no v1 `action` report came.
    assert!(
        seen.iter()
            .all(|(_, e)| !matches!(e, pbx_api::yeastar_v2::events::Event::V1(_))),
        "{:?}",
        names(&seen)
    );
}

#[tokio::test]
async fn p_series_events_come_over_the_websocket_with_every_topic() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let p = YeastarPClient::builder(ClientConfig::new(pbx.url()), &user, &password)
        .build()
        .expect("a client");
    assert!(pbx_api::events::yeastar_p_topics().contains(&30011));
    let live = p.events().await.expect("events");
    assert_eq!(live.handle().local_addr(), None);
    let (handle, mut events) = live.per_call(CallLimits::default());
    assert_eq!(states(&mut events, 1).await, [Connection::Connected]);
    let call = p.call().dial("1000", "1001").send().await.expect("placed");
    let calls = p.call().query().send().await.expect("listed");
    let channel = calls
        .data
        .iter()
        .filter(|c| c.call_id == call.call_id)
        .flat_map(|c| &c.members)
        .find_map(|m| m.extension.as_ref())
        .map(|e| e.channel_id.clone())
        .expect("up");
    p.call()
        .hangup()
        .channel_id(channel)
        .send()
        .await
        .expect("hung up");
    // 30011 call status changed, 30012 new CDR.
    let seen = until(&mut events, "30012").await;
    check(&seen, &["30011", "30012"]);
    statuses(
        &seen,
        "30011",
        &[
            r#""member_status":"RING""#,
            r#""member_status":"ANSWER""#,
            r#""member_status":"BYE""#,
        ],
    );
    handle.stop();
    let last = tokio::time::timeout(BOUND, events.next())
        .await
        .expect("the stream ends in time");
    assert!(
        matches!(
            last.map(|i| i.item),
            Some(EventItem::State(Connection::Disconnected { .. }))
        ),
        "a last Disconnected"
    );
}

#[tokio::test]
async fn a_report_port_in_use_is_a_bind_error_and_nothing_is_sent() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let port = taken.local_addr().expect("an address").port();
    let ys = YeastarSClient::builder(ClientConfig::new(pbx.url()), &user, &password)
        .report_to("127.0.0.1", port)
        .build()
        .expect("a client");
    let refused = ys.events().await;
    assert!(
        matches!(&refused, Err(pbx_api::events::EventsError::Bind { addr, .. }) if addr.port() == port),
        "{refused:?}"
    );
    assert_eq!(
        pbx.requests("yeastar_s::login"),
        0,
        "no login for a receiver that is not there"
    );
}

#[tokio::test]
async fn a_report_address_the_login_does_not_name_is_given_by_a_heartbeat() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    // The login names only the port: the PBX posts to the address the login came from
    // (127.0.0.1). Another one takes the heartbeat's `ipaddr`.
    let ov = OpenVoxClient::builder(ClientConfig::new(pbx.url()), &user, &password)
        .report_to("127.0.0.2", 0)
        .build()
        .expect("a client");
    let live = ov.events().await.expect("events");
    assert_eq!(
        live.handle().local_addr().map(|a| a.ip().to_string()),
        Some("127.0.0.2".to_owned())
    );
    assert_eq!(
        (
            pbx.requests("openvox::login"),
            pbx.requests("openvox::heartbeat")
        ),
        (1, 1)
    );
    let mut events = live.per_call(CallLimits::default()).1;
    assert_eq!(states(&mut events, 2).await.len(), 2);
    ov.extension()
        .dial_outbound("101", "16103")
        .send()
        .await
        .expect("placed");
    let calls = ov.outbound().query().send().await.expect("listed").outbound;
    for call in calls {
        ov.outbound()
            .hangup(call.outboundid)
            .send()
            .await
            .expect("hung up");
    }
    check(
        &until(&mut events, "NewCdr").await,
        &["RING", "BYE", "NewCdr"],
    );
}

/// A heartbeat that fails may mean the PBX dropped the report target, so reports may be lost:
/// the stream says `Disconnected` with why, and `Connected` once a heartbeat works again.
#[tokio::test]
async fn a_failed_heartbeat_is_a_disconnection_until_one_works_again() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let ys = YeastarSClient::builder(ClientConfig::new(pbx.url()), &user, &password)
        .report_to("127.0.0.1", 0)
        .heartbeat_every(std::time::Duration::from_millis(100))
        .build()
        .expect("a client");
    let mut events = ys
        .events()
        .await
        .expect("events")
        .per_call(CallLimits::default())
        .1;
    assert_eq!(states(&mut events, 2).await.len(), 2);
    pbx.inject(pbx_sim::Fault {
        endpoint: Some("yeastar_s::heartbeat".into()),
        kind: pbx_sim::FaultKind::Status(500),
        times: 2,
    });
    let seen = states(&mut events, 2).await;
    assert!(
        matches!(&seen[0], Connection::Disconnected { reason } if reason.contains("heartbeat")),
        "{seen:?}"
    );
    assert_eq!(seen[1], Connection::Connected, "{seen:?}");
    // And the reports still arrive.
    let call = ys
        .extension()
        .dial_outbound("1002", "41000")
        .send()
        .await
        .expect("placed");
    ys.outbound()
        .hangup(call.callid)
        .send()
        .await
        .expect("hung up");
    until(&mut events, "NewCdr").await;
}
