//! The quickstart: starts the simulated PBX, then for every family starts the client's
//! `events()`, logs in, places the seed documents' calls, lists them, hangs them up and logs
//! out, printing what happened and the typed events each call produced (one JSON line each,
//! as `FamilyEvents::to_json` writes them). `--verbose` also prints every exchange as it
//! crossed the wire. Every wait for an event is bounded ([`EVENT_WAIT`]).
//!
//! ```text
//! cargo run -p pbx-sim --example quickstart [-- --verbose]
//! ```
//!
//! No PBX is needed: everything talks to 127.0.0.1.

use std::error::Error;
use std::time::Duration;

use pbx_api::Format;
use pbx_api::client::{
    ClientConfig, HttpAuth, OpenVoxClient, SwitchvoxClient, YeastarPClient, YeastarSClient,
    YeastarV2Client,
};
use pbx_api::events::{EventItem, FamilyEvents, LiveEvents};
use pbx_api::prelude::*;
use pbx_sim::{SimConfig, Simulator};

/// The longest wait for a call's last event; the simulator sends them within milliseconds.
const EVENT_WAIT: Duration = Duration::from_secs(5);

/// Prints the events that came, up to and including the first named `last` (at most
/// [`EVENT_WAIT`]); connection states are left out.
async fn events_until<E: FamilyEvents>(events: &mut LiveEvents<E>, last: &str) {
    let deadline = tokio::time::Instant::now() + EVENT_WAIT;
    while let Ok(Some(item)) = tokio::time::timeout_at(deadline, events.next()).await {
        match item {
            EventItem::Event(received) => {
                println!("    event {}", received.event.to_json());
                if received.event.name() == last {
                    return;
                }
            }
            EventItem::Malformed { error, .. } => println!("    not an event: {error}"),
            EventItem::State(_) => {}
        }
    }
    println!("    (no `{last}` within {EVENT_WAIT:?})");
}

struct Show<'a> {
    pbx: &'a Simulator,
    verbose: bool,
}

impl Show<'_> {
    fn step(&self, what: impl std::fmt::Display) {
        println!("  {what}");
        if self.verbose {
            for x in self.pbx.take_exchanges() {
                println!("    > {}\n    > {}", x.request_line, one_line(&x.request));
                println!("    < {} {}", x.status, one_line(&x.response));
            }
        }
    }
}

fn one_line(body: &str) -> String {
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let verbose = std::env::args().any(|a| a == "--verbose" || a == "-v");
    let config = SimConfig::default();
    let (user, password) = (config.user.clone(), config.password.clone());
    let pbx = Simulator::start(config).await?;
    pbx.record_exchanges(verbose);
    let show = Show { pbx: &pbx, verbose };
    println!("simulated PBX at {} (user `{user}`)\n", pbx.url());
    let cfg = || ClientConfig::new(pbx.url());

    println!("OpenVox UC IPPBX (seeds 000 and 003), XML");
    let ov = OpenVoxClient::builder(cfg(), &user, &password)
        .format(Format::Xml)
        .report_to("127.0.0.1", 0)
        .build()?;
    let mut events = ov.events().await?;
    show.step(format!(
        "events: reports to {}",
        events
            .handle()
            .local_addr()
            .map_or("?".into(), |a| a.to_string())
    ));
    let placed = ov
        .extension()
        .dial_outbound("101", "16103")
        .autoanswer(false)
        .send()
        .await?;
    show.step(format!(
        "extension 101 dials 16103: call {}",
        placed.callid.as_deref().unwrap_or("?")
    ));
    let calls = ov.outbound().query().send().await?.outbound;
    show.step(format!(
        "outbound/query: {} call(s): {:?}",
        calls.len(),
        calls
            .iter()
            .map(|c| (&c.from, &c.to, c.status.as_str()))
            .collect::<Vec<_>>()
    ));
    for call in calls {
        ov.outbound().hangup(call.outboundid.clone()).send().await?;
        show.step(format!("hung up {}", call.outboundid));
    }
    events_until(&mut events, "NewCdr").await;
    ov.close().await?;
    show.step("logged out");

    println!("\nYeastar S-Series API v1 (seed 001)");
    let ys = YeastarSClient::builder(cfg(), &user, &password)
        .report_to("127.0.0.1", 0)
        .build()?;
    let mut events = ys.events().await?;
    let call = ys.extension().dial_outbound("1002", "41000").send().await?;
    show.step(format!("extension 1002 dials 41000: call {}", call.callid));
    let up = ys.outbound().query().send().await?.outbound.len();
    show.step(format!("outbound/query: {up} call(s)"));
    ys.outbound().hangup(call.callid.clone()).send().await?;
    show.step(format!("hung up {}", call.callid));
    events_until(&mut events, "NewCdr").await;
    ys.close().await?;
    show.step("logged out");

    println!("\nYeastar API 2.0 (seed 002)");
    let v2 = YeastarV2Client::builder(cfg(), &user, &password)
        .report_to("127.0.0.1", 0)
        .build()?;
    let mut events = v2.events().await?;
    let call = v2
        .call()
        .dial("1023", "2000")
        .autoanswer(false)
        .send()
        .await?;
    show.step(format!("1023 calls 2000: call {}", call.callid));
    let calls = v2.extension().query_call("1023").send().await?;
    let channel = calls
        .calllist
        .iter()
        .flat_map(|e| &e.numbercalls)
        .flat_map(|c| &c.members)
        .find_map(|m| m.ext.as_ref().map(|e| e.channelid.clone()))
        .ok_or("the call is not listed")?;
    show.step(format!(
        "extension/query_call: 1023 is on channel {channel}"
    ));
    v2.call().hangup(channel).send().await?;
    show.step("hung up");
    events_until(&mut events, "NewCdr").await;
    v2.close().await?;
    show.step("logged out");

    println!("\nYeastar P-Series OpenAPI");
    let p = YeastarPClient::builder(cfg(), &user, &password).build()?;
    // Every topic the specs declare, over the WebSocket; 30012 is the new CDR.
    let mut events = p.events().await?;
    let call = p.call().dial("1000", "1001").send().await?;
    show.step(format!("1000 calls 1001: call {}", call.call_id));
    // `call/dial` answers the call id; `call/query` lists the channels to hang up.
    let calls = p.call().query().send().await?;
    let channel = calls
        .data
        .iter()
        .filter(|c| c.call_id == call.call_id)
        .flat_map(|c| &c.members)
        .find_map(|m| m.extension.as_ref())
        .map(|e| e.channel_id.clone())
        .ok_or("not up")?;
    show.step(format!("call/query: 1000 is on channel {channel}"));
    p.call().hangup().channel_id(channel).send().await?;
    show.step("hung up");
    events_until(&mut events, "30012").await;
    drop(events);
    p.close().await?;
    show.step("token revoked");

    println!("\nSwitchvox Extend API (seed 004), Digest");
    let sv = SwitchvoxClient::new(cfg(), &user, &password, HttpAuth::Auto, Format::Xml)?;
    // No triggers are set on this PBX: its current calls are polled.
    let mut events = sv.poll_events(Duration::from_millis(100)).await?;
    let placed = sv
        .call("15551112222", "800", "1106")
        .caller_id_name("David Podolsky")
        .variables(["balance=300"])
        .send()
        .await?;
    show.step(format!(
        "dialled {} then {}, IVR variables {:?}",
        placed.call_info.dialed_first,
        placed.call_info.dialed_second,
        placed
            .call_info
            .variables
            .iter()
            .map(|v| &v.name)
            .collect::<Vec<_>>()
    ));
    // A poll must see the call before it is hung up.
    events_until(&mut events, "call_answered").await;
    let list = sv.current_calls().get_list().send().await?;
    show.step(format!(
        "currentCalls.getList: {} call(s)",
        list.current_calls.total_items
    ));
    for call in &list.current_calls.current_call {
        sv.current_calls().hang_up(call.id.clone()).send().await?;
        show.step(format!("hung up {}", call.id));
    }
    events_until(&mut events, "call_hangup").await;

    println!("\ncalls still up: {}", pbx.calls().len());
    Ok(())
}
