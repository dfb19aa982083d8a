//! Events at volume: the simulator sends 100,000 events across the five families (HTTP
//! reports of OpenVox, S-Series and API 2.0, the P-Series WebSocket, Switchvox triggers) for
//! calls placed through the typed clients, with misbehaviour on (duplicates, reordering,
//! dropped sockets) and consumers that fall behind now and then (so the receivers answer
//! `503` and the simulator resends), into pbx-api's receivers and the generated decoders.
//!
//! What "exactly once" means, per transport:
//! - HTTP reports (resent until `200`): every event the simulator queued arrives once; the
//!   simulator gives up none (it counts what it gives up, and the test asserts zero).
//! - Switchvox triggers (sent once, no retry documented): the same, with a consumer that
//!   keeps up, so no trigger is answered `503`.
//! - The P-Series WebSocket has no acknowledgement. Frames the PBX makes while the socket is
//!   down (dropped on purpose every few thousand frames, until the source has reconnected
//!   and subscribed again), and frames queued for a socket that closed before they were
//!   written, are the PBX's loss: the source reports the gap as `Disconnected`, the
//!   simulator counts and names them (its tap says `Lost`). The test checks that what arrived
//!   is exactly what was queued minus what was lost, and nothing twice.
//!
//! Events are compared as the generated decoders' typed JSON, as bags (an event the PBX
//! really sends twice, such as API 2.0's answered status after hold and unhold, must arrive
//! twice). Every extension number is used by one call only, so even events without a call
//! id (`ExtensionStatus`) are distinct. Every wait is bounded.
//!
//! `PBX_EVENTS_TOTAL` changes the number for a local run; CI runs the default.

#[path = "support/delivery.rs"]
mod delivery;
// A consumer that stops reading.
#[path = "support/slow_consumer.rs"]
mod slow_consumer;

use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use delivery::{FAMILIES, Journal, Seen, consume, differences, expected, total, until};
use futures_util::future::join_all;
use pbx_api::client::{
    ClientConfig, HttpAuth, OpenVoxClient, SwitchvoxClient, YeastarPClient, YeastarSClient,
    YeastarV2Client,
};
use pbx_api::events::WebSocketSource;
use pbx_api::events::http::{HttpReceiver, HttpReceiverConfig};
use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};
use pbx_sim::{EventConfig, Misbehaviour, SimConfig, Simulator, Trigger, TriggerEvent};
use tokio::sync::watch;

/// The events sent in all.
const TOTAL: u64 = 100_000;
/// Every trigger's query: each variable under its own name, as the family's spec recommends.
const QUERY: &str = "CALLER_ID_NAME=%CALLER_ID_NAME%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%";
/// Every topic the simulator sends frames of.
const TOPICS: [u32; 5] = [30008, 30011, 30012, 30015, 30016];
/// Calls placed at once, per family (in `FAMILIES` order). Each report is its own
/// connection, answered before the next is sent, so a report session takes its events one
/// at a time (about 600 a second in a debug build), while the WebSocket takes them as fast
/// as they come: the most callers go to the P-Series, so that the reports do not lag far
/// behind the calls.
const CALLERS: [usize; 5] = [1, 1, 1, 4, 1];
/// The longest the events may take to arrive once the last call has ended.
const SETTLE: Duration = Duration::from_secs(60);

fn receiver_config(queue: usize) -> HttpReceiverConfig {
    let local = "127.0.0.1".parse().expect("an address");
    let mut config = HttpReceiverConfig::new("127.0.0.1:0".parse().expect("an address"), local);
    config.queue = queue;
    config
}

/// The call number `n`'s two extensions: each number belongs to one call only.
fn parties(n: u64) -> (String, String) {
    ((100_000 + n).to_string(), (500_000 + n).to_string())
}

/// The model's call of `family` with id `id`.
fn call_of(pbx: &Simulator, family: &str, id: &str) -> pbx_sim::SimCall {
    pbx.calls()
        .into_iter()
        .find(|c| c.family == family && c.id == id)
        .unwrap_or_else(|| panic!("{family} call {id} is up"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_events_across_the_families_arrive_once_each() {
    let goal: u64 = std::env::var("PBX_EVENTS_TOTAL")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(TOTAL);
    let started = Instant::now();
    let journal = Arc::new(Journal::default());

    // Small queues for the reports, so a consumer that pauses makes the receiver answer 503.
    let (ov_rx, ov_events) = HttpReceiver::bind::<openvox::events::Event>(receiver_config(16))
        .await
        .expect("bound");
    let (s_rx, s_events) = HttpReceiver::bind::<yeastar_s::events::Event>(receiver_config(16))
        .await
        .expect("bound");
    let (v2_rx, v2_events) = HttpReceiver::bind::<yeastar_v2::events::Event>(receiver_config(16))
        .await
        .expect("bound");
    let (sv_rx, sv_events) = HttpReceiver::bind::<switchvox::events::Event>(receiver_config(4096))
        .await
        .expect("bound");
    let sv_port = sv_rx.local_addr().port();
    let triggers = TriggerEvent::ALL
        .iter()
        .map(|(name, event)| Trigger {
            event: *event,
            url: format!("http://127.0.0.1:{sv_port}/{name}?{QUERY}"),
            post: true,
        })
        .collect();
    let pbx = Simulator::start(SimConfig {
        events: EventConfig {
            resend_first: Duration::from_millis(2),
            resend_max: Duration::from_millis(20),
            attempts: 500,
            // The calls are placed faster than a pausing consumer takes their events: the
            // PBX's queue holds them all (its bound is tested in events_emitted.rs).
            queue: 1_000_000,
            triggers,
            misbehave: Misbehaviour {
                seed: 13,
                duplicate: 0.01,
                reorder: 0.02,
                delay: Duration::ZERO,
                drop_socket_every: 4000,
            },
            tap: Some(journal.tap()),
            ..EventConfig::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("a simulator");

    let config = || ClientConfig::new(pbx.url());
    let (user, password) = ("api", "Secret123");
    let ov = OpenVoxClient::builder(config(), user, password)
        .report_to("127.0.0.1", ov_rx.local_addr().port())
        .build()
        .expect("client");
    let s = YeastarSClient::builder(config().api_version("v1.1.0"), user, password)
        .report_to("127.0.0.1", s_rx.local_addr().port())
        .build()
        .expect("client");
    let v2 = YeastarV2Client::builder(config(), user, password)
        .report_to("127.0.0.1", v2_rx.local_addr().port())
        .build()
        .expect("client");
    let p = YeastarPClient::builder(config(), user, password)
        .build()
        .expect("client");
    let sv = SwitchvoxClient::new(config(), user, password, HttpAuth::Auto, Format::Json)
        .expect("client");
    // Log in first: reports start at login.
    ov.login().await.expect("logged in");
    s.login().await.expect("logged in");
    v2.login().await.expect("logged in");
    let p_events = WebSocketSource::new(p.clone(), TOPICS)
        .backoff(Duration::from_millis(5), Duration::from_millis(50))
        .start::<yeastar_p::events::Event>()
        .expect("started");

    let (stop, stopped) = watch::channel(false);
    let seen: Vec<Arc<Mutex<Seen>>> = FAMILIES.iter().map(|_| Arc::default()).collect();
    let pause = Duration::from_millis(20);
    let consumers = vec![
        consume(ov_events, seen[0].clone(), stopped.clone(), 700, pause),
        consume(s_events, seen[1].clone(), stopped.clone(), 700, pause),
        consume(v2_events, seen[2].clone(), stopped.clone(), 700, pause),
        consume(p_events, seen[3].clone(), stopped.clone(), 3000, pause),
        consume(sv_events, seen[4].clone(), stopped.clone(), 0, pause),
    ];
    let lock = |i: usize| seen[i].lock().unwrap_or_else(|e| e.into_inner());
    assert!(
        until(Duration::from_secs(10), || lock(3).connected > 0).await,
        "the P-Series source subscribed"
    );

    let more = || journal.queued.load(Relaxed) < goal;
    let pbx = &pbx;
    // The callers below share these by reference.
    let (ov, s, v2, p, sv) = (&ov, &s, &v2, &p, &sv);
    let (more, lock, journal) = (&more, &lock, &journal);
    let openvox_calls = |next: &'static AtomicU64| async move {
        let mut calls = 0;
        while more() {
            let n = next.fetch_add(1, Relaxed);
            let (from, to) = parties(n);
            ov.extension()
                .dial_extension(&from, &to)
                .send()
                .await
                .expect("dialled");
            ov.extension().hangup(&to).send().await.expect("hung up");
            calls += 1;
        }
        calls
    };
    let s_calls = |next: &'static AtomicU64| async move {
        let mut calls = 0;
        while more() {
            let n = next.fetch_add(1, Relaxed);
            let (from, to) = parties(n);
            s.extension()
                .dial_extension(&from, &to)
                .send()
                .await
                .expect("dialled");
            s.extension().hangup(&to).send().await.expect("hung up");
            calls += 1;
        }
        calls
    };
    let v2_calls = |next: &'static AtomicU64| async move {
        let mut calls = 0;
        while more() {
            let n = next.fetch_add(1, Relaxed);
            let (from, to) = parties(n);
            let placed = v2.call().dial(&from, &to).send().await.expect("dialled");
            let channel = call_of(pbx, "yeastar_v2", &placed.callid).channel;
            if n.is_multiple_of(50) {
                // Held and taken off hold: the answered status again, byte for byte. The
                // unhold waits until the hold's status is in, so that reordering cannot put
                // the two identical statuses next to each other (a copy with no other event
                // of its call between is a resend, by the receiver's rule).
                v2.call().hold(&channel).send().await.expect("held");
                let (q, l) = journal.counts("yeastar_v2");
                until(Duration::from_secs(10), || {
                    lock(2).count >= q.saturating_sub(l)
                })
                .await;
                v2.call().unhold(&channel).send().await.expect("unheld");
            }
            v2.call().hangup(&channel).send().await.expect("hung up");
            calls += 1;
        }
        calls
    };
    let p_calls = |next: &'static AtomicU64| async move {
        let mut calls = 0;
        while more() {
            let n = next.fetch_add(1, Relaxed);
            let (from, to) = parties(n);
            let placed = p.call().dial(&from, &to).send().await.expect("dialled");
            let channel = call_of(pbx, "yeastar_p", &placed.call_id).channel;
            p.call()
                .hangup()
                .channel_id(channel)
                .send()
                .await
                .expect("hung up");
            calls += 1;
        }
        calls
    };
    let sv_calls = |next: &'static AtomicU64| async move {
        let mut calls = 0;
        while more() {
            let n = next.fetch_add(1, Relaxed);
            let (from, to) = parties(n);
            sv.call(&from, &to, "1107").send().await.expect("dialled");
            let id = pbx
                .calls()
                .into_iter()
                .find(|c| c.family == "switchvox" && c.from == from)
                .expect("the call is up")
                .id;
            sv.current_calls()
                .hang_up(id)
                .send()
                .await
                .expect("hung up");
            calls += 1;
        }
        calls
    };
    let numbers: &'static [AtomicU64; 5] = Box::leak(Box::default());
    let each = |i: usize| (0..CALLERS[i]).map(move |_| &numbers[i]);
    let calls = tokio::join!(
        join_all(each(0).map(openvox_calls)),
        join_all(each(1).map(s_calls)),
        join_all(each(2).map(v2_calls)),
        join_all(each(3).map(p_calls)),
        join_all(each(4).map(sv_calls)),
    );
    let calls: Vec<u64> = [calls.0, calls.1, calls.2, calls.3, calls.4]
        .iter()
        .map(|c| c.iter().sum())
        .collect();
    let placed = started.elapsed();

    // Everything queued and not given up arrives.
    let lost_down = || pbx.event_counters(Some("yeastar_p")).lost_while_down;
    let settled = until(SETTLE, || {
        FAMILIES.iter().enumerate().all(|(i, family)| {
            let (q, l) = journal.counts(family);
            let never_queued = if *family == "yeastar_p" {
                lost_down()
            } else {
                0
            };
            lock(i).count >= q.saturating_sub(l.saturating_sub(never_queued))
        })
    })
    .await;
    // Late copies would show now.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let arrived = started.elapsed();
    let _ = stop.send(true);
    for consumer in consumers {
        let _ = consumer.await;
    }

    eprintln!("placed in {placed:?}, all in by {arrived:?}, settled: {settled}");
    let mut sent_all = 0;
    for (i, family) in FAMILIES.iter().enumerate() {
        let (queued, lost) = journal.bags(family);
        let want = expected(&queued, &lost);
        let seen = lock(i);
        let c = pbx.event_counters(Some(family));
        let sent = total(&queued) + c.lost_while_down;
        sent_all += sent;
        eprintln!(
            "{family}: {sent} sent, {} received, {} lost by the PBX ({} while the socket was down); \
             resent {}, duplicated {}, reordered {}, sockets dropped {}, disconnections seen {}",
            seen.count,
            total(&lost),
            c.lost_while_down,
            c.resent,
            c.duplicated,
            c.reordered,
            c.sockets_dropped,
            seen.disconnected
        );
        let diff = differences(&want, &seen.events);
        assert!(diff.is_empty(), "{family}: {diff:#?}");
        assert_eq!(seen.count, total(&want), "{family}");
        assert_eq!((seen.unknown, seen.malformed), (0, 0), "{family}");
        if *family == "yeastar_p" {
            assert_eq!(total(&lost), c.dropped, "every loss named");
            assert!(c.sockets_dropped > 0 && seen.disconnected >= c.sockets_dropped);
            assert!(c.lost_while_down <= total(&lost));
        } else {
            assert_eq!(
                (total(&lost), c.dropped),
                (0, 0),
                "{family}: the PBX gave none up"
            );
            assert!(c.duplicated > 0 && c.reordered > 0, "{family}: {c:?}");
        }
    }
    for (name, rx) in [
        ("openvox", &ov_rx),
        ("yeastar_s", &s_rx),
        ("yeastar_v2", &v2_rx),
    ] {
        let stats = rx.stats();
        eprintln!("{name} receiver: {stats:?}");
        assert!(
            stats.resends_dropped > 0,
            "{name}: copies were recognised: {stats:?}"
        );
        if name != "yeastar_v2" {
            // (API 2.0's calls wait at their holds, so its queue may never fill.)
            assert!(
                stats.refused_full > 0,
                "{name}: answered 503, resent: {stats:?}"
            );
        }
    }
    assert_eq!(sv_rx.stats().refused_full, 0, "no trigger answered 503");
    eprintln!(
        "{sent_all} events for {calls:?} calls (openvox, yeastar_s, yeastar_v2, yeastar_p, switchvox): \
         placed in {placed:?}, all in by {arrived:?}"
    );
    assert!(settled, "every event arrived within {SETTLE:?}");
    assert!(sent_all >= goal, "{sent_all} events sent");
}

#[tokio::test]
async fn reports_turned_off_are_not_sent() {
    let (rx, _events) = HttpReceiver::bind::<openvox::events::Event>(receiver_config(16))
        .await
        .expect("bound");
    let pbx = Simulator::start(SimConfig {
        events: EventConfig {
            reports: false,
            ..EventConfig::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("a simulator");
    let ov = OpenVoxClient::builder(ClientConfig::new(pbx.url()), "api", "Secret123")
        .report_to("127.0.0.1", rx.local_addr().port())
        .build()
        .expect("client");
    ov.extension()
        .dial_extension("101", "106")
        .send()
        .await
        .expect("dialled");
    ov.extension().hangup("106").send().await.expect("hung up");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(pbx.event_counters(None), pbx_sim::EventCounters::default());
    assert_eq!(rx.stats().queued, 0);
}
