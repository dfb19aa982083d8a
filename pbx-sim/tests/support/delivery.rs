//! What `events_reliability.rs` compares: every event the simulator queued or gave up (its
//! tap), and every event pbx-api's receivers delivered, both as the generated decoders'
//! typed JSON, counted per family. Every wait is bounded.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pbx_api::events::{Connection, EventItem, EventStream, FamilyEvents, RawEvent};
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};
use pbx_sim::{EventTap, Fate, TappedEvent};
use tokio::sync::watch;

/// The families, in the order figures are printed.
pub const FAMILIES: [&str; 5] = [
    "openvox",
    "yeastar_s",
    "yeastar_v2",
    "yeastar_p",
    "switchvox",
];

/// A multiset of events by identity (the typed JSON of the decoded event).
pub type Bag = HashMap<String, u64>;

/// Everything the simulator's tap was told.
#[derive(Default)]
pub struct Journal {
    told: Mutex<Vec<TappedEvent>>,
    /// Events queued so far (every family), read while calls are placed.
    pub queued: AtomicU64,
    /// Events queued and given up so far, by family.
    by_family: Mutex<HashMap<&'static str, (u64, u64)>>,
}

impl Journal {
    /// The tap that fills this journal.
    pub fn tap(self: &Arc<Self>) -> EventTap {
        let journal = self.clone();
        EventTap::new(move |event| {
            if event.fate == Fate::Queued {
                journal.queued.fetch_add(1, Ordering::Relaxed);
            }
            {
                let mut by = journal.by_family.lock().unwrap_or_else(|e| e.into_inner());
                let counts = by.entry(event.family).or_default();
                match event.fate {
                    Fate::Queued => counts.0 += 1,
                    Fate::Lost => counts.1 += 1,
                }
            }
            journal
                .told
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(event.clone());
        })
    }

    /// How many of a family's events were queued and given up so far.
    pub fn counts(&self, family: &str) -> (u64, u64) {
        let by = self.by_family.lock().unwrap_or_else(|e| e.into_inner());
        by.get(family).copied().unwrap_or_default()
    }

    /// A family's events queued and given up, as bags of identities.
    pub fn bags(&self, family: &str) -> (Bag, Bag) {
        let told = self.told.lock().unwrap_or_else(|e| e.into_inner());
        let (mut queued, mut lost) = (Bag::new(), Bag::new());
        for event in told.iter().filter(|e| e.family == family) {
            let bag = match event.fate {
                Fate::Queued => &mut queued,
                Fate::Lost => &mut lost,
            };
            *bag.entry(identity(family, &event.body)).or_default() += 1;
        }
        (queued, lost)
    }
}

/// What should have arrived: queued and not given up.
pub fn expected(queued: &Bag, lost: &Bag) -> Bag {
    let mut out = Bag::new();
    for (id, n) in queued {
        let n = n.saturating_sub(lost.get(id).copied().unwrap_or(0));
        if n > 0 {
            out.insert(id.clone(), n);
        }
    }
    out
}

pub fn total(bag: &Bag) -> u64 {
    bag.values().sum()
}

/// The typed JSON of a body the simulator sent, through the family's generated decoder
/// (for a trigger: its path and query).
pub fn identity(family: &str, body: &str) -> String {
    fn typed<E: FamilyEvents>(raw: &RawEvent<'_>) -> String {
        match E::decode(raw) {
            Ok(event) => event.to_json(),
            Err(e) => format!(
                "not an event ({e}): {}{}",
                String::from_utf8_lossy(raw.body),
                raw.query
            ),
        }
    }
    let raw = RawEvent::body(body.as_bytes());
    match family {
        "openvox" => typed::<openvox::events::Event>(&raw),
        "yeastar_s" => typed::<yeastar_s::events::Event>(&raw),
        "yeastar_v2" => typed::<yeastar_v2::events::Event>(&raw),
        "yeastar_p" => typed::<yeastar_p::events::Event>(&raw),
        _ => {
            let (path, query) = body.split_once('?').unwrap_or((body, ""));
            typed::<switchvox::events::Event>(&RawEvent {
                body: b"",
                path,
                query,
            })
        }
    }
}

/// What one receiver's consumer saw.
#[derive(Debug, Default)]
pub struct Seen {
    pub events: Bag,
    pub count: u64,
    pub unknown: u64,
    pub malformed: u64,
    pub connected: u64,
    pub disconnected: u64,
}

/// A consumer reading `stream` into `seen` until `stop`; after every `pause_every` events it
/// stops reading for `pause` (a consumer that falls behind now and then, so the receiver's
/// queue fills and the PBX must resend).
pub fn consume<E: FamilyEvents>(
    mut stream: EventStream<E>,
    seen: Arc<Mutex<Seen>>,
    mut stop: watch::Receiver<bool>,
    pause_every: u64,
    pause: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let item = tokio::select! {
                item = stream.next() => item,
                _ = stop.changed() => return,
            };
            let Some(item) = item else { return };
            let mut pausing = false;
            {
                let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
                match item {
                    EventItem::Event(received) => {
                        seen.count += 1;
                        if received.event.is_unknown() {
                            seen.unknown += 1;
                        }
                        *seen.events.entry(received.event.to_json()).or_default() += 1;
                        pausing = pause_every > 0 && seen.count.is_multiple_of(pause_every);
                    }
                    EventItem::State(Connection::Connected) => seen.connected += 1,
                    EventItem::State(Connection::Disconnected { .. }) => seen.disconnected += 1,
                    EventItem::State(_) => {}
                    EventItem::Malformed { .. } => seen.malformed += 1,
                }
            }
            if pausing {
                tokio::time::sleep(pause).await;
            }
        }
    })
}

/// Polls `done` every 10 ms until it holds or `within` has passed; whether it held.
pub async fn until(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The first few differences between what should have arrived and what did.
pub fn differences(expected: &Bag, got: &Bag) -> Vec<String> {
    let mut out = Vec::new();
    for (id, n) in expected {
        let g = got.get(id).copied().unwrap_or(0);
        if g != *n {
            out.push(format!("sent {n}, received {g}: {id}"));
        }
    }
    for (id, g) in got {
        if !expected.contains_key(id) {
            out.push(format!("never sent, received {g}: {id}"));
        }
    }
    out.truncate(10);
    out
}
