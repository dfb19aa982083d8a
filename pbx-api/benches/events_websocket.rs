//! Events per second through the P-Series WebSocket source: a loopback PBX (the tests'
//! `support/ws_pbx.rs`) pushes batches of a realistic 30011 Call Status Changed frame (`msg`
//! as JSON text, two members) over one subscribed socket, and the consumer reads every item
//! off the `EventStream`. Two decoders: the bytes kept as they are (the source alone: frames,
//! classification, resend check, queue) and the generated P-Series decoder
//! (`pbx_api::yeastar_p::events::Event`: the frame, then its `msg` text, into typed fields).
//!
//! `cargo bench -p pbx-api --bench events_websocket`

#[path = "../tests/support/ws_pbx.rs"]
mod ws_pbx;

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::SinkExt;
use pbx_api::client::{ClientConfig, YeastarPClient};
use pbx_api::events::{
    CallKey, EventItem, EventMeta, EventStream, FamilyEvents, RawEvent, Transport, WebSocketSource,
};
use pbx_api::wire::DecodeError;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// Frames per measured batch.
const BATCH: u64 = 10_000;

/// A 30011 frame as the PBX sends it: `msg` is JSON text (events.md 1c), 402 bytes. Each
/// frame sent gets its own call id in place of `42` (a frame sent twice is dropped).
const FRAME: &str = r#"{"type":30011,"sn":"3631A2124XXX","msg":"{\"call_id\":\"1700000000.42\",\"members\":[{\"inbound\":{\"from\":\"+15551234567\",\"to\":\"6400\",\"trunk_name\":\"siptrunk\",\"channel_id\":\"PJSIP/trunk-siptrunk-endpoint-0000001f\",\"member_status\":\"RING\",\"call_path\":\"\"}},{\"extension\":{\"number\":\"1001\",\"channel_id\":\"PJSIP/1001-00000020\",\"member_status\":\"ALERT\",\"call_path\":\"\"}}]}"}"#;

/// The frame's bytes, kept: what the source costs without a decoder.
#[derive(Debug, Clone)]
struct Bytes(Vec<u8>);

impl FamilyEvents for Bytes {
    const TRANSPORT: Transport = Transport::WebSocket;
    const EVENTS: &'static [EventMeta] = &[];
    fn decode(raw: &RawEvent<'_>) -> Result<Self, DecodeError> {
        Ok(Bytes(raw.body.to_vec()))
    }
    fn name(&self) -> &str {
        ""
    }
    fn is_unknown(&self) -> bool {
        true
    }
    fn call_keys(&self) -> Vec<CallKey> {
        Vec::new()
    }
    fn to_json(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// A subscribed source and the PBX side told how many frames to push.
struct Rig<E> {
    push: mpsc::Sender<u64>,
    events: EventStream<E>,
}

async fn rig<E: FamilyEvents>() -> Rig<E> {
    let mut pbx = ws_pbx::Pbx::plain().await;
    let client = YeastarPClient::builder(
        ClientConfig::new(format!("http://{}", pbx.addr)),
        "client-id",
        "client-secret",
    )
    .build()
    .expect("client");
    let mut events = WebSocketSource::new(client, [30011])
        .start::<E>()
        .expect("start");
    let mut conn = pbx.conn().await;
    conn.subscribe().await;
    assert!(matches!(events.next().await, Some(EventItem::State(_))));
    let (push, mut orders) = mpsc::channel::<u64>(1);
    tokio::spawn(async move {
        let _pbx = pbx;
        let mut sent = 0u64;
        while let Some(n) = orders.recv().await {
            for _ in 0..n {
                sent += 1;
                let frame = FRAME.replace("1700000000.42", &format!("1700000000.{sent}"));
                if conn.ws.feed(Message::text(frame)).await.is_err() {
                    return;
                }
            }
            if conn.ws.flush().await.is_err() {
                return;
            }
        }
    });
    Rig { push, events }
}

fn through<E: FamilyEvents>(c: &mut Criterion, name: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut rig = runtime.block_on(rig::<E>());
    let mut group = c.benchmark_group("events_websocket");
    group.throughput(Throughput::Elements(BATCH));
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    rig.push.send(BATCH).await.expect("the PBX side runs");
                    for _ in 0..BATCH {
                        match rig.events.next().await {
                            Some(EventItem::Event(_)) => {}
                            other => panic!("expected an event, got {other:?}"),
                        }
                    }
                }
                started.elapsed()
            })
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    through::<Bytes>(c, "30011_frames_kept_as_bytes");
    through::<pbx_api::yeastar_p::events::Event>(c, "30011_frames_generated_decoder");
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
