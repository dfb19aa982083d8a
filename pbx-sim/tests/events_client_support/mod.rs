//! The helpers of `events_client.rs`: a simulator, and reading a `PerCall` view's states and
//! events with bounded waits; the checks every family's call must pass.

use std::time::Duration;

use pbx_api::events::{CallRef, Connection, EventItem, FamilyEvents, PerCall};
use pbx_sim::{SimConfig, Simulator};

/// Long enough for a loaded machine; a test that waits this long has failed.
pub const BOUND: Duration = Duration::from_secs(30);

/// A simulator with `config`, and its user and password.
pub async fn sim(config: SimConfig) -> (Simulator, String, String) {
    let (user, password) = (config.user.clone(), config.password.clone());
    let pbx = Simulator::start(config)
        .await
        .expect("the simulator starts");
    (pbx, user, password)
}

/// The states before the first event, as the stream gives them.
pub async fn states<E: FamilyEvents>(events: &mut PerCall<E>, n: usize) -> Vec<Connection> {
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
pub async fn until<E: FamilyEvents>(
    events: &mut PerCall<E>,
    last: &str,
) -> Vec<(Option<CallRef>, E)> {
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

pub fn names<E: FamilyEvents>(seen: &[(Option<CallRef>, E)]) -> Vec<String> {
    seen.iter().map(|(_, e)| e.name().to_owned()).collect()
}

/// None unknown; the events that carry a call id all on one call; `expected` appears in
/// this order among the names.
pub fn check<E: FamilyEvents>(seen: &[(Option<CallRef>, E)], expected: &[&str]) {
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
pub fn statuses<E: FamilyEvents>(seen: &[(Option<CallRef>, E)], name: &str, statuses: &[&str]) {
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
