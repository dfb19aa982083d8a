//! `pbx.events()` in every family against the simulator: a call placed through the typed
//! client shows up as typed events on the client's own event stream (ring, answer, hang-up
//! and CDR where the family sends them), none unknown, all of one call in order (`PerCall`).
//! Every wait is bounded.

use std::time::Duration;

use pbx_api::client::{
    ClientConfig, HttpAuth, OpenVoxClient, SwitchvoxClient, YeastarPClient, YeastarSClient,
    YeastarV2Client,
};
use pbx_api::events::{CallLimits, CallRef, Connection, EventItem, FamilyEvents, PerCall};
use pbx_api::prelude::*;
use pbx_sim::{SimConfig, Simulator, Trigger, TriggerEvent};

/// Long enough for a loaded machine; a test that waits this long has failed.
const BOUND: Duration = Duration::from_secs(30);

async fn sim(config: SimConfig) -> (Simulator, String, String) {
    let (user, password) = (config.user.clone(), config.password.clone());
    let pbx = Simulator::start(config)
        .await
        .expect("the simulator starts");
    (pbx, user, password)
}

/// The states before the first event, as the stream gives them.
async fn states<E: FamilyEvents>(events: &mut PerCall<E>, n: usize) -> Vec<Connection> {
    let mut out = Vec::new();
    while out.len() < n {
        let item = tokio::time::timeout(BOUND, events.next())
            .await
            .expect("a state in time")
            .expect("the stream goes on");
        match item.item {
            EventItem::State(state) => out.push(state),
            other => panic!("{other:?} before the states"),
        }
    }
    out
}

/// Events (with their call) until one named `last` arrived; states in between are refused.
async fn until<E: FamilyEvents>(events: &mut PerCall<E>, last: &str) -> Vec<(Option<CallRef>, E)> {
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + BOUND;
    loop {
        let item = tokio::time::timeout_at(deadline, events.next())
            .await
            .unwrap_or_else(|_| panic!("no `{last}` in time; seen {:?}", names(&out)))
            .expect("the stream goes on");
        match item.item {
            EventItem::Event(received) => {
                let done = received.event.name() == last;
                out.push((item.call, received.event));
                if done {
                    return out;
                }
            }
            other => panic!("{other:?} among the events; seen {:?}", names(&out)),
        }
    }
}

fn names<E: FamilyEvents>(seen: &[(Option<CallRef>, E)]) -> Vec<String> {
    seen.iter().map(|(_, e)| e.name().to_owned()).collect()
}

/// None unknown; the events that carry a call id all on one call; `expected` appears in
/// this order among the names.
fn check<E: FamilyEvents>(seen: &[(Option<CallRef>, E)], expected: &[&str]) {
    for (_, e) in seen {
        assert!(!e.is_unknown(), "unknown event {e:?}");
    }
    let calls: Vec<CallRef> = seen.iter().filter_map(|(c, _)| *c).collect();
    assert!(
        !calls.is_empty(),
        "no event named the call: {:?}",
        names(seen)
    );
    assert!(
        calls.iter().all(|c| Some(c) == calls.first()),
        "more than one call: {:?}",
        seen.iter().map(|(c, e)| (c, e.name())).collect::<Vec<_>>()
    );
    let got = names(seen);
    let mut at = 0;
    for want in expected {
        match got.iter().skip(at).position(|n| n == want) {
            Some(i) => at += i + 1,
            None => panic!("`{want}` missing or out of order in {got:?}"),
        }
    }
}

/// The events named `name`, as JSON, hold `statuses` in this order (one per event at most):
/// the member states of one call's status events, ring to hang-up.
fn statuses<E: FamilyEvents>(seen: &[(Option<CallRef>, E)], name: &str, statuses: &[&str]) {
    let json: Vec<String> = seen
        .iter()
        .filter(|(_, e)| e.name() == name)
        .map(|(_, e)| e.to_json())
        .collect();
    let mut at = 0;
    for want in statuses {
        match json.iter().skip(at).position(|j| j.contains(want)) {
            Some(i) => at += i + 1,
            None => panic!("no {name} with {want} in order: {json:#?}"),
        }
    }
}

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
async fn switchvox_polling_turns_current_calls_into_trigger_events() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let sv = SwitchvoxClient::new(
        ClientConfig::new(pbx.url()),
        &user,
        &password,
        HttpAuth::Auto,
        Format::Xml,
    )
    .expect("a client");
    let mut events = sv
        .poll_events(Duration::from_millis(50))
        .await
        .expect("events")
        .per_call(CallLimits::default())
        .1;
    assert_eq!(states(&mut events, 1).await, [Connection::Connected]);
    sv.call("15551112222", "800", "1106")
        .send()
        .await
        .expect("placed");
    let mut seen = until(&mut events, "call_answered").await;
    let list = sv.current_calls().get_list().send().await.expect("listed");
    for call in &list.current_calls.current_call {
        sv.current_calls()
            .hang_up(call.id.clone())
            .send()
            .await
            .expect("hung up");
    }
    seen.extend(until(&mut events, "call_hangup").await);
    check(&seen, &["outgoing_call", "call_answered", "call_hangup"]);
}

#[tokio::test]
async fn switchvox_triggers_arrive_at_the_trigger_receiver() {
    // The trigger URLs are set when the PBX starts: a free port is found first.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let triggers = [
        TriggerEvent::OutgoingCall,
        TriggerEvent::CallAnswered,
        TriggerEvent::CallHangup,
    ]
    .into_iter()
    .map(|event| Trigger {
        event,
        url: pbx_api::events::trigger_url(&base, event.name()).expect("a recommended URL"),
        post: true,
    })
    .collect();
    let mut config = SimConfig::default();
    config.events.triggers = triggers;
    let (pbx, user, password) = sim(config).await;
    let sv = SwitchvoxClient::new(
        ClientConfig::new(pbx.url()),
        &user,
        &password,
        HttpAuth::Auto,
        Format::Xml,
    )
    .expect("a client");
    let listen = format!("127.0.0.1:{port}").parse().expect("an address");
    let mut events = sv
        .trigger_events(listen)
        .await
        .expect("listening")
        .per_call(CallLimits::default())
        .1;
    assert_eq!(
        states(&mut events, 1).await,
        [Connection::Listening { addr: listen }]
    );
    sv.call("15551112222", "800", "1106")
        .send()
        .await
        .expect("placed");
    let mut seen = until(&mut events, "call_answered").await;
    let list = sv.current_calls().get_list().send().await.expect("listed");
    for call in &list.current_calls.current_call {
        sv.current_calls()
            .hang_up(call.id.clone())
            .send()
            .await
            .expect("hung up");
    }
    seen.extend(until(&mut events, "call_hangup").await);
    check(&seen, &["outgoing_call", "call_answered", "call_hangup"]);
    // The recommended URL's keys are the fields: the caller's number was read.
    assert!(
        seen.iter()
            .any(|(_, e)| e.to_json().contains("15551112222")),
        "{:?}",
        seen.iter().map(|(_, e)| e.to_json()).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn switchvox_polling_says_when_polls_fail_and_when_they_work_again() {
    let (pbx, user, password) = sim(SimConfig::default()).await;
    let sv = SwitchvoxClient::new(
        ClientConfig::new(pbx.url()),
        &user,
        &password,
        HttpAuth::Auto,
        Format::Xml,
    )
    .expect("a client");
    let mut events = sv
        .poll_events(Duration::from_millis(20))
        .await
        .expect("events")
        .per_call(CallLimits::default())
        .1;
    assert_eq!(states(&mut events, 1).await, [Connection::Connected]);
    pbx.inject(pbx_sim::Fault {
        endpoint: Some("switchvox::current_calls::get_list".into()),
        kind: pbx_sim::FaultKind::Status(503),
        times: 3,
    });
    // Three failed polls are one `Disconnected`; the next good one is `Connected`.
    let seen = states(&mut events, 2).await;
    assert!(
        matches!(&seen[..], [Connection::Disconnected { reason }, Connection::Connected] if reason.contains("getList")),
        "{seen:?}"
    );
    // And the calls are seen again after it.
    sv.call("15551112222", "800", "1106")
        .send()
        .await
        .expect("placed");
    check(
        &until(&mut events, "call_answered").await,
        &["outgoing_call", "call_answered"],
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
