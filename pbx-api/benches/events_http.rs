//! Events per second through the HTTP receiver from a loopback sender, one connection per
//! event as the PBXes send them (no keep-alive): connect, POST a report, read the `200`,
//! close. A consumer task reads the stream meanwhile. Every report has its own `callid`, so
//! none is a resend; each is decoded by the generated OpenVox decoder
//! (`pbx_api::openvox::events::Event`).
//!
//! With `PBX_EVENTS_PEER=127.0.0.1:PORT`, the same sender also measures another receiver
//! at that address (`scripts/events-vs-python.sh` starts a Python one there), in the same
//! run, so the two figures share the machine's load.
//!
//! Reproduce: `cargo bench -p pbx-api --bench events_http`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pbx_api::events::http::{HttpReceiver, HttpReceiverConfig};
use pbx_api::openvox::events::Event;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One report, as an OpenVox ANSWER with its own call id.
fn report(n: u64) -> Vec<u8> {
    let body = format!(
        r#"{{"action":"ANSWER","callid":"1589953310.{n}","ext":{{"extid":["101","106"]}},"sn":"a09805021987"}}"#
    );
    format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:8260\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends one report on its own connection and checks the `200` (HTTP/1.0 or 1.1).
async fn send(addr: SocketAddr, n: u64) {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.write_all(&report(n)).await.expect("write");
    let mut answer = Vec::with_capacity(128);
    tcp.read_to_end(&mut answer).await.expect("read");
    assert!(
        answer.starts_with(b"HTTP/1.1 200 ") || answer.starts_with(b"HTTP/1.0 200 "),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

/// `iters` reports from one sender, each after the last one's answer.
async fn one_sender(addr: SocketAddr, first: u64, iters: u64) -> Duration {
    let started = Instant::now();
    for n in first..first + iters {
        send(addr, n).await;
    }
    started.elapsed()
}

/// `iters` reports from sixteen senders at once.
async fn sixteen_senders(addr: SocketAddr, first: u64, iters: u64) -> Duration {
    let started = Instant::now();
    let senders: Vec<_> = (0..16u64)
        .map(|s| {
            tokio::spawn(async move {
                let mut n = first + s;
                while n < first + iters {
                    send(addr, n).await;
                    n += 16;
                }
            })
        })
        .collect();
    for sender in senders {
        sender.await.expect("sender");
    }
    started.elapsed()
}

fn events_http(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let receiver = rt.block_on(async {
        let config = HttpReceiverConfig::new(
            "127.0.0.1:0".parse().expect("address"),
            "127.0.0.1".parse().expect("address"),
        );
        let (receiver, mut events) = HttpReceiver::bind::<Event>(config).await.expect("bind");
        tokio::spawn(async move { while events.next().await.is_some() {} });
        receiver
    });
    let peer: Option<SocketAddr> = std::env::var("PBX_EVENTS_PEER")
        .ok()
        .map(|a| a.parse().expect("PBX_EVENTS_PEER is host:port"));
    let mut targets = vec![("pbx", receiver.local_addr())];
    if let Some(peer) = peer {
        targets.push(("peer", peer));
    }
    let mut next = 0u64;
    let mut sent_to_pbx = 0u64;
    let mut group = c.benchmark_group("events_http");
    group.throughput(Throughput::Elements(1));
    for (name, addr) in &targets {
        let (name, addr) = (*name, *addr);
        group.bench_function(format!("{name}_one_sender"), |b| {
            b.iter_custom(|iters| {
                let first = next;
                next += iters;
                if name == "pbx" {
                    sent_to_pbx += iters;
                }
                rt.block_on(one_sender(addr, first, iters))
            })
        });
        group.bench_function(format!("{name}_sixteen_senders"), |b| {
            b.iter_custom(|iters| {
                let first = next;
                next += iters;
                if name == "pbx" {
                    sent_to_pbx += iters;
                }
                rt.block_on(sixteen_senders(addr, first, iters))
            })
        });
    }
    group.finish();
    let stats = receiver.stats();
    assert_eq!(
        (stats.queued, stats.resends_dropped, stats.refused_full),
        (sent_to_pbx, 0, 0),
        "every report queued once"
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = events_http
}
criterion_main!(benches);
