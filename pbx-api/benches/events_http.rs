//! Events per second through the HTTP receiver from a loopback sender, one connection per
//! event as the PBXes send them (no keep-alive): connect, POST a report, read the `200`,
//! close. A consumer task reads the stream meanwhile. Every report has its own `callid`, so
//! none is a resend. Reproduce: `cargo bench -p pbx-api --bench events_http`.

#[path = "../tests/events_support/mod.rs"]
mod events_support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use events_support::{Report, config};
use pbx_api::events::http::HttpReceiver;
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

/// Sends one report on its own connection and checks the `200`.
async fn send(addr: SocketAddr, n: u64) {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.write_all(&report(n)).await.expect("write");
    let mut answer = Vec::with_capacity(128);
    tcp.read_to_end(&mut answer).await.expect("read");
    assert!(
        answer.starts_with(b"HTTP/1.1 200 "),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

fn events_http(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let receiver = rt.block_on(async {
        let (receiver, mut events) = HttpReceiver::bind::<Report>(config()).await.expect("bind");
        tokio::spawn(async move { while events.next().await.is_some() {} });
        receiver
    });
    let addr = receiver.local_addr();
    let mut next = 0u64;
    let mut group = c.benchmark_group("events_http");
    group.throughput(Throughput::Elements(1));
    group.bench_function("one_sender", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    next += 1;
                    send(addr, next).await;
                }
                started.elapsed()
            })
        })
    });
    group.bench_function("sixteen_senders", |b| {
        b.iter_custom(|iters| {
            let first = next;
            next += iters;
            rt.block_on(async {
                let started = Instant::now();
                let senders: Vec<_> = (0..16u64)
                    .map(|s| {
                        tokio::spawn(async move {
                            let mut n = first + s;
                            while n < first + iters {
                                send(addr, n + 1).await;
                                n += 16;
                            }
                        })
                    })
                    .collect();
                for sender in senders {
                    sender.await.expect("sender");
                }
                started.elapsed()
            })
        })
    });
    group.finish();
    let stats = receiver.stats();
    assert_eq!(
        (stats.queued, stats.resends_dropped, stats.refused_full),
        (next, 0, 0)
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
