//! Faults and load against the simulator: 10,000 calls at concurrency 256 while the PBX drops
//! connections, answers 5xx, garbage and truncated bodies, and is slow. No panic, every failure
//! a typed error, and the simulator's counters prove no call-placing request went out twice.
//! Then the sessions expire under load: one re-login, no request lost.

use std::sync::Arc;
use std::time::Duration;

use pbx_api::client::{ClientConfig, Error, YeastarSClient};
use pbx_api::yeastar_s::extension::dial_outbound;
use pbx_sim::{FaultKind, SimConfig, Simulator};
use tokio::sync::Semaphore;

const CALLS: usize = 10_000;
const CONCURRENCY: usize = 256;

#[derive(Debug, Default)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_calls_with_faults_are_each_sent_once() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let client = YeastarSClient::builder(ClientConfig::new(sim.url()), "api", "Secret123")
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    client.login().await.expect("login");
    sim.set_latency(Some(Duration::from_millis(1)));
    sim.set_fault_rate(FaultKind::Drop, 97);
    sim.set_fault_rate(FaultKind::Status(503), 89);
    sim.set_fault_rate(FaultKind::Garbage, 83);
    sim.set_fault_rate(FaultKind::Truncated, 79);

    let tally = run(&client, CALLS).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expiring_under_load_cost_one_login_and_lose_nothing() {
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
