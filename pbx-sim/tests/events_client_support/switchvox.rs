//! Switchvox's `events()`: polling current calls (changes as trigger events, failed polls as
//! states) and the trigger receiver with the specs' recommended URLs; part of
//! `events_client.rs`.

use std::time::Duration;

use pbx_api::client::{ClientConfig, HttpAuth, SwitchvoxClient};
use pbx_api::events::{CallLimits, Connection, FamilyEvents};
use pbx_api::prelude::*;
use pbx_sim::{SimConfig, Trigger, TriggerEvent};

use super::events_client_support::*;

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
    // The trigger URLs are set when the PBX starts, so the receiver is bound first (any free
    // port, by a client used only to receive; the simulator is 127.0.0.1 too).
    let receiving = SwitchvoxClient::new(
        ClientConfig::new("http://127.0.0.1:9"),
        "unused",
        "unused",
        HttpAuth::Auto,
        Format::Xml,
    )
    .expect("a client");
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    let receiver = pbx_api::events::http::HttpReceiverConfig::new(
        std::net::SocketAddr::new(loopback, 0),
        loopback,
    );
    let live = receiving
        .trigger_events_on(receiver)
        .await
        .expect("listening");
    let listen = live.handle().local_addr().expect("bound");
    let mut events = live.per_call(CallLimits::default()).1;
    let base = format!("http://{listen}");
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
