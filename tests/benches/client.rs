//! Client overhead: calls per second and p50/p99 latency against the simulator on 127.0.0.1, at
//! concurrency 1 and 64, side by side with raw reqwest posting the same bytes to the same URL;
//! then downloads (an OpenVox WAV recording and a CSV of call records) streamed through
//! `TokenClient::download` into a buffer, against reqwest reading the same URL chunk by chunk
//! into one.
//!
//! ```text
//! cargo bench -p pbx-tests --bench client
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use pbx_api::client::{ClientConfig, OpenVoxClient, YeastarSClient};
use pbx_api::openvox;
use pbx_api::prelude::*;
use pbx_api::yeastar_s::outbound::query;
use pbx_sim::{SimConfig, Simulator};
use tokio::sync::Semaphore;

const CALLS: usize = 4_000;

struct Run {
    calls_per_second: f64,
    p50: Duration,
    p99: Duration,
}

async fn measure<F, Fut>(concurrency: usize, call: F) -> Run
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let permits = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let permit = permits.clone().acquire_owned().await.expect("semaphore");
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let ok = call().await;
            drop(permit);
            assert!(ok, "a call failed");
            t.elapsed()
        }));
    }
    let mut latencies = Vec::with_capacity(CALLS);
    for task in tasks {
        latencies.push(task.await.expect("task"));
    }
    let total = started.elapsed();
    latencies.sort();
    Run {
        calls_per_second: CALLS as f64 / total.as_secs_f64(),
        p50: latencies[CALLS / 2],
        p99: latencies[CALLS * 99 / 100],
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sim = Simulator::start(SimConfig::default())
            .await
            .expect("simulator");
        let client = YeastarSClient::builder(ClientConfig::new(sim.url()), "api", "Secret123")
            .report_to("127.0.0.1", 8260)
            .build()
            .expect("config");
        client.login().await.expect("login");
        // The same request, as bytes, with a token of the raw client's own.
        let raw = reqwest::Client::new();
        let login = format!("{}/api/v1.0.0/login", sim.url());
        let md5 = pbx_api::client::md5_hex("Secret123");
        let answer = raw
            .post(&login)
            .body(format!(
                r#"{{"username":"api","password":"{md5}","port":"8260"}}"#
            ))
            .send()
            .await
            .expect("login")
            .text()
            .await
            .expect("body");
        let token = answer
            .split("\"token\":\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .expect("a token")
            .to_owned();
        let http = query::Request::new()
            .to_http(Format::Json, &token)
            .expect("valid");
        let url = format!("{}{}", sim.url(), http.path_and_query);
        let body = http.body.clone();

        println!(
            "{:<12} {:>12} {:>14} {:>10} {:>10}",
            "concurrency", "client", "calls/s", "p50", "p99"
        );
        for concurrency in [1, 64] {
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            // Interleaved, twice each, so both see the same machine.
            for _ in 0..2 {
                let c = client.clone();
                ours.push(
                    measure(concurrency, move || {
                        let c = c.clone();
                        async move { c.send(&query::Request::new()).await.is_ok() }
                    })
                    .await,
                );
                let (raw, url, body) = (raw.clone(), url.clone(), body.clone());
                theirs.push(
                    measure(concurrency, move || {
                        let (raw, url, body) = (raw.clone(), url.clone(), body.clone());
                        async move {
                            match raw
                                .post(url)
                                .header("content-type", "application/json; charset=utf-8")
                                .body(body)
                                .send()
                                .await
                            {
                                Ok(r) => r.bytes().await.is_ok(),
                                Err(_) => false,
                            }
                        }
                    })
                    .await,
                );
            }
            let best = |runs: &[Run]| {
                runs.iter()
                    .max_by(|a, b| a.calls_per_second.total_cmp(&b.calls_per_second))
                    .map(|r| (r.calls_per_second, r.p50, r.p99))
                    .expect("runs")
            };
            let (o, op50, op99) = best(&ours);
            let (t, tp50, tp99) = best(&theirs);
            println!(
                "{concurrency:<12} {:>12} {o:>14.0} {op50:>10.2?} {op99:>10.2?}",
                "pbx"
            );
            println!(
                "{concurrency:<12} {:>12} {t:>14.0} {tp50:>10.2?} {tp99:>10.2?}",
                "reqwest"
            );
            println!("{concurrency:<12} {:>12} {:>14.2}", "ratio", o / t);
        }
        downloads(&sim, &raw).await;
    });
}

/// Downloads per second of a WAV recording and a CSV of call records, the pbx client against
/// reqwest on the same URL, one at a time (concurrency 1), interleaved, best of two each.
async fn downloads(sim: &Simulator, raw: &reqwest::Client) {
    let client = OpenVoxClient::builder(ClientConfig::new(sim.url()), "api", "Secret123")
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config");
    client.login().await.expect("login");
    let token = openvox_token(sim, raw).await;
    let wav = openvox::recording::download::Request::new(
        "exten-101-106-20200505-042135-1588641695.1772.wav",
        "7e60c59d187783f06ccc03621c4ad736",
    );
    let csv = openvox::cdr::download::Request::new(
        "all",
        "2020-05-01 00:00:00",
        "2020-05-05 23:59:59",
        "7e60c59d187783f06ccc03621c4ad736",
    );
    println!();
    println!(
        "{:<10} {:>8} {:>12} {:>14} {:>10} {:>10}",
        "download", "bytes", "client", "downloads/s", "p50", "p99"
    );
    let wav_url = download_url(sim, &wav, &token);
    let csv_url = download_url(sim, &csv, &token);
    download_pair(&client, raw, "wav", wav, wav_url).await;
    download_pair(&client, raw, "csv", csv, csv_url).await;
}

async fn download_pair<E: Endpoint<Api = openvox::Api>>(
    client: &OpenVoxClient,
    raw: &reqwest::Client,
    name: &str,
    request: E,
    url: String,
) {
    let mut probe = Vec::new();
    let bytes = client.download(&request, &mut probe).await.expect("a file");
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..2 {
        let (c, r) = (client.clone(), request.clone());
        ours.push(
            measure(1, move || {
                let (c, r) = (c.clone(), r.clone());
                async move {
                    let mut file = Vec::new();
                    c.download(&r, &mut file).await.is_ok_and(|n| n == bytes)
                }
            })
            .await,
        );
        let (raw, url) = (raw.clone(), url.clone());
        theirs.push(
            measure(1, move || {
                let (raw, url) = (raw.clone(), url.clone());
                async move {
                    let Ok(mut response) = raw.get(url).send().await else {
                        return false;
                    };
                    let mut file = Vec::new();
                    while let Ok(Some(chunk)) = response.chunk().await {
                        file.extend_from_slice(&chunk);
                    }
                    file.len() as u64 == bytes
                }
            })
            .await,
        );
    }
    let best = |runs: &[Run]| {
        runs.iter()
            .max_by(|a, b| a.calls_per_second.total_cmp(&b.calls_per_second))
            .map(|r| (r.calls_per_second, r.p50, r.p99))
            .expect("runs")
    };
    let (o, op50, op99) = best(&ours);
    let (t, tp50, tp99) = best(&theirs);
    println!(
        "{name:<10} {bytes:>8} {:>12} {o:>14.0} {op50:>10.2?} {op99:>10.2?}",
        "pbx"
    );
    println!(
        "{name:<10} {bytes:>8} {:>12} {t:>14.0} {tp50:>10.2?} {tp99:>10.2?}",
        "reqwest"
    );
    println!("{name:<10} {:>8} {:>12} {:>14.2}", "", "ratio", o / t);
}

/// The URL of a download request, with the raw client's token.
fn download_url<E: Endpoint>(sim: &Simulator, request: &E, token: &str) -> String {
    let http = request.to_http(Format::Json, token).expect("valid");
    format!("{}{}", sim.url(), http.path_and_query)
}

/// A token of the raw client's own, from an OpenVox login posted by hand.
async fn openvox_token(sim: &Simulator, raw: &reqwest::Client) -> String {
    let md5 = pbx_api::client::md5_hex("Secret123");
    let login = openvox::login::Request::new("api", md5, "8260")
        .to_http(Format::Json, "")
        .expect("valid");
    let answer = raw
        .post(format!("{}{}", sim.url(), login.path_and_query))
        .header("content-type", login.content_type)
        .body(login.body)
        .send()
        .await
        .expect("login")
        .text()
        .await
        .expect("body");
    answer
        .split("\"token\":\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("a token")
        .to_owned()
}
