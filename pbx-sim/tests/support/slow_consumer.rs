//! A consumer that stops reading, part of `events_reliability.rs`: the receiver's memory
//! stays at its queue's bound, it answers `503` so the simulator keeps every report and
//! resends it, it never answers `200` for a report it did not queue, and once the consumer
//! reads again everything arrives once.

use std::sync::Arc;
use std::time::Duration;

use pbx_api::client::{ClientConfig, OpenVoxClient};
use pbx_api::events::http::{HttpReceiver, HttpReceiverConfig};
use pbx_api::events::{EventItem, FamilyEvents};
use pbx_api::openvox;
use pbx_api::prelude::*;
use pbx_sim::{EventConfig, SimConfig, Simulator};

use super::delivery::{Bag, Journal, differences, expected, total, until};

/// The receiver's queue: the stream holds at most this many items.
const BOUND: usize = 8;
const CALLS: u64 = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_that_stops_reading_holds_memory_at_the_bound_and_loses_nothing() {
    let journal = Arc::new(Journal::default());
    let local = "127.0.0.1".parse().expect("an address");
    let mut config = HttpReceiverConfig::new("127.0.0.1:0".parse().expect("an address"), local);
    config.queue = BOUND;
    let (rx, mut events) = HttpReceiver::bind::<openvox::events::Event>(config)
        .await
        .expect("bound");
    let pbx = Simulator::start(SimConfig {
        events: EventConfig {
            resend_first: Duration::from_millis(5),
            resend_max: Duration::from_millis(20),
            // Enough resends to outlast the consumer's pause many times over.
            attempts: 2000,
            tap: Some(journal.tap()),
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
    for n in 0..CALLS {
        let (from, to) = ((100_000 + n).to_string(), (500_000 + n).to_string());
        ov.extension()
            .dial_extension(&from, &to)
            .send()
            .await
            .expect("dialled");
        ov.extension().hangup(&to).send().await.expect("hung up");
    }
    // Nobody reads: the stream fills, then every report is refused and resent.
    assert!(
        until(Duration::from_secs(10), || rx.stats().refused_full >= 50).await,
        "{:?}",
        rx.stats()
    );
    let stalled = rx.stats();
    // `Listening` took one place: at most BOUND - 1 events are held.
    assert!(stalled.queued < BOUND as u64, "{stalled:?}");
    let c = pbx.event_counters(Some("openvox"));
    assert!(c.resent >= 50, "{c:?}");
    assert_eq!(c.dropped, 0, "the PBX keeps what was refused: {c:?}");

    // Reading again: everything arrives, once.
    let (queued, lost) = journal.bags("openvox");
    let want = expected(&queued, &lost);
    assert_eq!(total(&want), CALLS * 12, "12 reports a call");
    let mut got = Bag::new();
    let mut count = 0;
    let read = async {
        while count < total(&want) {
            match events.next().await {
                Some(EventItem::Event(received)) => {
                    count += 1;
                    *got.entry(received.event.to_json()).or_default() += 1;
                }
                Some(EventItem::State(_)) => {}
                other => panic!("{other:?}"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("every report in time");
    // Nothing more comes (no copy of one already delivered).
    let late = tokio::time::timeout(Duration::from_millis(300), events.next()).await;
    assert!(late.is_err(), "{late:?}");
    let diff = differences(&want, &got);
    assert!(diff.is_empty(), "{diff:#?}");
    let stats = rx.stats();
    let c = pbx.event_counters(Some("openvox"));
    // Every 200 the PBX read was for a report queued, or for a copy of one queued.
    assert_eq!(
        c.acknowledged,
        stats.queued + stats.resends_dropped,
        "{c:?} {stats:?}"
    );
    assert_eq!(
        (c.dropped, stats.queued),
        (0, CALLS * 12),
        "{c:?} {stats:?}"
    );
    eprintln!("stalled: {stalled:?}; at the end: {stats:?}; the PBX: {c:?}");
}
