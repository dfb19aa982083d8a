//! Switchvox events for PBXes without URL-manager triggers: `switchvox.currentCalls.getList`
//! polled every interval (2 s by default), its changes turned into the trigger events they
//! are, and decoded by the family's own decoder from the query the recommended trigger URL
//! would carry (`switchvox.rs`), so they are the same typed events.
//!
//! The mapping, one call at a time (calls told apart by their `id`):
//!
//! | seen in the list | event | fields |
//! |---|---|---|
//! | a call id not listed by the previous poll | `outgoing_call` ("a call was created") | `CALLER_ID_NUMBER`, `CALLER_ID_NAME` (the `from_caller_id_*`), `JOB_ID` (the id) |
//! | its `state` is `talking` for the first time | `call_answered` | the same |
//! | a listed call no longer listed | `call_hangup` | the same, as last seen |
//!
//! The list does not say which way a call goes, so `incoming_call` (the PBX asking the
//! application how to route a call) and `route_to_extension` are never produced, and
//! `EXTENSION`, `INCOMING_DID`, `EVENT_TYPE` stay empty. That `JOB_ID` equals the list's
//! call `id` is unverified (no vendor page ties them; the simulator does). Calls already up at
//! the first poll are reported as they are found; a call shorter than the interval may not be
//! seen at all. A failed poll queues `Disconnected` once, the next good one `Connected`;
//! failures in a row double the wait, up to a minute, so refused credentials are not tried
//! every interval.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use pbx_wire::event::RawEvent;
use tokio::sync::watch;

use super::client::stop_requested;
use super::{Connection, EventItem, EventQueue, FamilyEvents, Received};
use crate::client::SwitchvoxClient;
use crate::prelude::*;
use crate::switchvox::current_calls::get_list;
use crate::switchvox::events::Event;

/// The default interval between polls.
pub const DEFAULT_POLL_EVERY: Duration = Duration::from_secs(2);

/// At most this many calls are remembered between polls; more listed at once are ignored.
const MAX_CALLS: usize = 10_000;

/// A call as the last poll listed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seen {
    pub id: String,
    pub talking: bool,
    pub number: String,
    pub name: String,
}

impl Seen {
    fn from_call(call: &get_list::CurrentCall) -> Seen {
        Seen {
            id: call.id.clone(),
            talking: call.state.eq_ignore_ascii_case("talking"),
            number: call.from_caller_id_number.clone().unwrap_or_default(),
            name: call.from_caller_id_name.clone().unwrap_or_default(),
        }
    }

    /// The trigger query for this call (the recommended URL's keys that the list fills).
    fn query(&self) -> String {
        format!(
            "CALLER_ID_NUMBER={}&CALLER_ID_NAME={}&JOB_ID={}",
            encode(&self.number),
            encode(&self.name),
            encode(&self.id)
        )
    }
}

/// What the calls remembered from the last poll and the calls listed now amount to: trigger
/// events as `(name, query)`, in list order (hang-ups of vanished calls last). `known`
/// becomes the calls listed now, with whether each was answered.
pub(crate) fn changes(
    known: &mut HashMap<String, (Seen, bool)>,
    listed: &[Seen],
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut now: HashMap<String, (Seen, bool)> = HashMap::with_capacity(listed.len());
    for call in listed.iter().take(MAX_CALLS) {
        if now.contains_key(&call.id) {
            continue;
        }
        let answered = match known.remove(&call.id) {
            Some((_, answered)) => answered,
            None => {
                out.push(("outgoing_call", call.query()));
                false
            }
        };
        if call.talking && !answered {
            out.push(("call_answered", call.query()));
        }
        now.insert(call.id.clone(), (call.clone(), answered || call.talking));
    }
    let mut gone: Vec<&Seen> = known.values().map(|(seen, _)| seen).collect();
    gone.sort_by(|a, b| a.id.cmp(&b.id));
    for call in gone {
        out.push(("call_hangup", call.query()));
    }
    *known = now;
    out
}

/// Percent-encoding of everything but the unreserved characters (RFC 3986).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The typed event a trigger `(name, query)` is, through the family's decoder.
pub(crate) fn event(name: &str, query: &str) -> EventItem<Event> {
    let path = format!("/{name}");
    let raw = RawEvent {
        body: b"",
        path: &path,
        query,
    };
    match Event::decode(&raw) {
        Ok(event) => EventItem::Event(Received {
            event,
            at: SystemTime::now(),
            from: None,
            resends_dropped: 0,
        }),
        Err(error) => EventItem::Malformed {
            error,
            raw: query.as_bytes().to_vec(),
        },
    }
}

/// The calls the PBX lists now.
pub(crate) async fn listed(
    client: &SwitchvoxClient,
) -> Result<Vec<Seen>, crate::client::Error<crate::switchvox::ErrorCode>> {
    let answer = client.current_calls().get_list().send().await?;
    Ok(answer
        .current_calls
        .current_call
        .iter()
        .map(Seen::from_call)
        .collect())
}

/// The polling loop: `first` is what the first poll (made before the source started) listed.
pub(crate) async fn run(
    client: SwitchvoxClient,
    every: Duration,
    first: Vec<Seen>,
    queue: EventQueue<Event>,
    mut stop: watch::Receiver<bool>,
) {
    let mut known = HashMap::new();
    let mut up = true;
    let mut failures: u32 = 0;
    let mut listing = Ok(first);
    loop {
        let mut items = Vec::new();
        failures = if listing.is_ok() {
            0
        } else {
            failures.saturating_add(1)
        };
        match listing {
            Ok(calls) => {
                if !up {
                    items.push(EventItem::State(Connection::Connected));
                    up = true;
                }
                for (name, query) in changes(&mut known, &calls) {
                    items.push(event(name, &query));
                }
            }
            Err(e) if up => {
                up = false;
                items.push(EventItem::State(Connection::Disconnected {
                    reason: format!("currentCalls.getList failed: {e}"),
                }));
            }
            Err(_) => {}
        }
        for item in items {
            tokio::select! {
                biased;
                () = stop_requested(&mut stop, &queue) => return stopped(&queue),
                queued = queue.queue(item) => if queued.is_err() { return },
            }
        }
        tokio::select! {
            biased;
            () = stop_requested(&mut stop, &queue) => return stopped(&queue),
            () = tokio::time::sleep(poll_wait(every, failures)) => {}
        }
        listing = tokio::select! {
            biased;
            () = stop_requested(&mut stop, &queue) => return stopped(&queue),
            listing = listed(&client) => listing,
        };
    }
}

/// The wait before the next poll: `every`, doubled after each failure in a row up to a
/// minute (or `every`, if longer), so that a PBX refusing the credentials is not asked every
/// interval (Switchvox locks accounts out after repeated failures).
fn poll_wait(every: Duration, failures: u32) -> Duration {
    if failures == 0 {
        return every;
    }
    let cap = every.max(Duration::from_secs(60));
    every
        .saturating_mul(2u32.saturating_pow(failures.min(16)))
        .min(cap)
}

fn stopped(queue: &EventQueue<Event>) {
    let _ = queue.try_queue(EventItem::State(Connection::Disconnected {
        reason: "the polling source was stopped".to_owned(),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_polls_back_off_to_a_minute() {
        let every = Duration::from_secs(2);
        let waits: Vec<u64> = (0..8).map(|n| poll_wait(every, n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(poll_wait(every, u32::MAX), Duration::from_secs(60));
        let slow = Duration::from_secs(120);
        assert_eq!(poll_wait(slow, 3), slow);
    }

    fn call(id: &str, talking: bool) -> Seen {
        Seen {
            id: id.into(),
            talking,
            number: "+1 555".into(),
            name: "Bob".into(),
        }
    }

    #[test]
    fn appearances_answers_and_disappearances() {
        let mut known = HashMap::new();
        let names =
            |v: Vec<(&'static str, String)>| v.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        assert_eq!(
            names(changes(&mut known, &[call("1", false)])),
            ["outgoing_call"]
        );
        assert!(changes(&mut known, &[call("1", false)]).is_empty());
        assert_eq!(
            names(changes(&mut known, &[call("1", true), call("2", true)])),
            ["call_answered", "outgoing_call", "call_answered"]
        );
        // Held again, then talking: answered once only.
        assert!(changes(&mut known, &[call("1", false), call("2", true)]).is_empty());
        assert!(changes(&mut known, &[call("1", true), call("2", true)]).is_empty());
        assert_eq!(
            names(changes(&mut known, &[call("2", true)])),
            ["call_hangup"]
        );
        assert_eq!(names(changes(&mut known, &[])), ["call_hangup"]);
        assert!(known.is_empty());
    }

    #[test]
    fn queries_are_encoded_and_decode_as_the_trigger_events() {
        let mut known = HashMap::new();
        let out = changes(&mut known, &[call("99.100", true)]);
        assert_eq!(
            out.first().map(|(_, q)| q.as_str()),
            Some("CALLER_ID_NUMBER=%2B1%20555&CALLER_ID_NAME=Bob&JOB_ID=99.100")
        );
        for (name, query) in out {
            let EventItem::Event(received) = event(name, &query) else {
                panic!("{name} did not decode");
            };
            assert_eq!(received.event.name(), name);
            assert!(!received.event.is_unknown(), "{:?}", received.event);
            let keys = received.event.call_keys();
            assert_eq!(keys.first().map(|k| k.value.as_str()), Some("99.100"));
        }
    }
}
