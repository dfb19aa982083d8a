//! Faults and load against the simulator: 10,000 calls at concurrency 256 while the PBX drops
//! connections, answers 5xx, garbage and truncated bodies, and is slow. No panic, every failure
//! a typed error, and the simulator's counters prove no call-placing request went out twice.
//! Then the sessions expire under load: one re-login, no request lost.
//!
//! Memory stays bounded: a counting allocator tracks the live and peak bytes of the whole
//! process (client and simulator; the tests run one at a time). After the first 2,000 calls
//! and again after all 10,000, every call is hung up and every pooled connection closed, and
//! the live bytes must not have grown beyond the simulator's call table, so nothing is kept
//! per request; the peak under load stays under a documented bound. Bytes are counted, not
//! timed, so a slow or busy machine does not change the verdict. The numbers are printed
//! (`cargo test -p pbx-tests --test load -- --nocapture`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pbx_api::client::{ClientConfig, Error, YeastarSClient};
use pbx_api::yeastar_s::extension::dial_outbound;
use pbx_api::yeastar_s::outbound::hangup;
use pbx_sim::{FaultKind, SimCall, SimConfig, Simulator};
use tokio::sync::Semaphore;

const CALLS: usize = 10_000;
const CONCURRENCY: usize = 256;
/// Calls after which live memory is first measured: the pools, buffers and tables that grow to
/// a working size have done so by then.
const WARM_UP: usize = 2_000;
/// How much more may be live after all calls than after the warm-up, besides the simulator's
/// call table. Measured: nothing (the growth is the call table's capacity, to the byte). A leak
/// of 64 bytes a call would exceed it.
const LIVE_GROWTH_LIMIT: usize = 256 << 10;
/// The most that may ever be live during the load: 256 requests in flight with their
/// connections, tasks and buffers on both sides (measured: about 36 MiB in a debug build).
/// Generous; what it catches is a body or connection kept per request.
const PEAK_LIMIT: usize = 64 << 20;

/// The system allocator, counting the bytes live now and the most ever live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs a test alone on a runtime of its own, so that no other test's tasks, connections or
/// runtime teardown count in its memory.
fn alone(test: impl std::future::Future<Output = ()>) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(test);
    // The runtime goes before the lock.
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / f64::from(1 << 20)
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    ok: usize,
    transport: usize,
    status: usize,
    decode: usize,
}

async fn run(client: &YeastarSClient, calls: usize) -> Tally {
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut tasks = Vec::with_capacity(calls);
    for i in 0..calls {
        let permit = permits.clone().acquire_owned().await.expect("semaphore");
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let request = dial_outbound::Request::new("1002", format!("4{i:05}"));
            let result = client.send(&request).await;
            drop(permit);
            result
        }));
    }
    let mut tally = Tally::default();
    for task in tasks {
        match task.await.expect("no task panicked") {
            Ok(_) => tally.ok += 1,
            Err(Error::Transport { .. }) => tally.transport += 1,
            Err(Error::Status { .. }) => tally.status += 1,
            Err(Error::Decode { .. }) => tally.decode += 1,
            Err(other) => panic!("an unexpected error kind: {other}"),
        }
    }
    tally
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, other: Tally) -> Tally {
        Tally {
            ok: self.ok + other.ok,
            transport: self.transport + other.transport,
            status: self.status + other.status,
            decode: self.decode + other.decode,
        }
    }
}

/// The faults of the load test, at steady rates (0 stops them).
fn faults(sim: &Simulator, on: bool) {
    let every = |n: usize| if on { n } else { 0 };
    sim.set_latency(on.then_some(Duration::from_millis(1)));
    sim.set_fault_rate(FaultKind::Drop, every(97));
    sim.set_fault_rate(FaultKind::Status(503), every(89));
    sim.set_fault_rate(FaultKind::Garbage, every(83));
    sim.set_fault_rate(FaultKind::Truncated, every(79));
}

/// What `load` returns, and the most bytes live while it ran.
async fn measured<T>(load: impl std::future::Future<Output = T>) -> (T, usize) {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let out = load.await;
    (out, PEAK.load(Ordering::Relaxed))
}

/// Hangs up every call the PBX has up, without faults, so that its call table (which a real
/// PBX keeps too) does not count as memory the client holds; then the live bytes.
async fn live_after_hanging_up(sim: &Simulator, client: &YeastarSClient) -> usize {
    faults(sim, false);
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut tasks = Vec::new();
    for call in sim.calls() {
        let permit = permits.clone().acquire_owned().await.expect("semaphore");
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let result = client.send(&hangup::Request::new(call.id)).await;
            drop(permit);
            result
        }));
    }
    for task in tasks {
        task.await.expect("no task panicked").expect("a hang-up");
    }
    assert!(sim.calls().is_empty());
    // Open connections hold buffers of a few KiB on both sides, and how many stay open after
    // a run varies. Requests the PBX drops mid-answer take every pooled connection out of use.
    sim.set_fault_rate(FaultKind::Drop, 1);
    let tasks: Vec<_> = (0..2 * CONCURRENCY)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(&hangup::Request::new("0")).await })
        })
        .collect();
    for task in tasks {
        let result = task.await.expect("no task panicked");
        assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    }
    // Let the server's connection tasks see the close and end.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let live = LIVE.load(Ordering::Relaxed);
    faults(sim, true);
    live
}

#[test]
fn ten_thousand_calls_with_faults_are_each_sent_once_in_bounded_memory() {
    alone(ten_thousand_calls());
}

async fn ten_thousand_calls() {
    let baseline = LIVE.load(Ordering::Relaxed);
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let client = YeastarSClient::builder(ClientConfig::new(sim.url()), "api", "Secret123")
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    client.login().await.expect("login");
    faults(&sim, true);

    let (warm_up, peak_warm) = measured(run(&client, WARM_UP)).await;
    let live_warm = live_after_hanging_up(&sim, &client).await;
    let (rest, peak_rest) = measured(run(&client, CALLS - WARM_UP)).await;
    let live_end = live_after_hanging_up(&sim, &client).await;
    let tally = warm_up + rest;
    let peak = peak_warm.max(peak_rest);
    // The simulator's call table is a `Vec`: hanging up keeps its capacity, which grows with
    // the most calls up at once. A PBX's state, not the client's, so it is allowed for.
    let call_table = (CALLS - WARM_UP).next_power_of_two() * size_of::<SimCall>();
    eprintln!(
        "memory: live {} KiB before, {} KiB after {WARM_UP} calls, {} KiB after {CALLS} \
         (simulator call table up to {} KiB); peak while loaded {:.1} MiB",
        baseline >> 10,
        live_warm >> 10,
        live_end >> 10,
        call_table >> 10,
        mib(peak)
    );
    assert!(
        live_end <= live_warm + call_table + LIVE_GROWTH_LIMIT,
        "live memory grew by {} KiB from {WARM_UP} to {CALLS} calls",
        live_end.saturating_sub(live_warm) >> 10
    );
    assert!(peak <= PEAK_LIMIT, "peak {:.1} MiB", mib(peak));
    let failed = tally.transport + tally.status + tally.decode;
    assert_eq!(tally.ok + failed, CALLS, "{tally:?}");
    assert!(
        tally.transport > 0 && tally.status > 0 && tally.decode > 0,
        "{tally:?}"
    );
    // Every call-placing request reached the PBX exactly once: none was repeated after a fault.
    assert_eq!(
        sim.requests("yeastar_s::extension::dial_outbound"),
        CALLS,
        "{tally:?}"
    );
    assert_eq!(sim.requests("yeastar_s::login"), 1);
}

#[test]
fn sessions_expiring_under_load_cost_one_login_and_lose_nothing() {
    alone(sessions_expiring());
}

async fn sessions_expiring() {
    let sim = Arc::new(
        Simulator::start(SimConfig::default())
            .await
            .expect("simulator"),
    );
    let client = YeastarSClient::builder(ClientConfig::new(sim.url()), "api", "Secret123")
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    client.login().await.expect("login");
    let expire = {
        let sim = sim.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            sim.expire_tokens();
        })
    };
    sim.set_latency(Some(Duration::from_millis(2)));
    let tally = run(&client, 2_000).await;
    expire.await.expect("expiry task");
    assert_eq!(tally.ok, 2_000, "{tally:?}");
    assert_eq!(
        sim.requests("yeastar_s::login"),
        2,
        "one re-login shared by every request"
    );
    // Requests refused for their token were resent once; nothing else twice.
    let sent = sim.requests("yeastar_s::extension::dial_outbound");
    assert!((2_000..=2_000 + CONCURRENCY).contains(&sent), "{sent}");
    assert_eq!(sim.calls().len(), 2_000, "every call placed exactly once");
}
