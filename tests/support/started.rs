//! A simulator for a test file that talks to every family at once (`methods.rs`, `raw.rs`,
//! `http_requests.rs`), the clients they build against it, and a bound on every wait, so
//! that a hung request fails the test instead of stalling it.

use std::future::Future;
use std::time::Duration;

use pbx_api::Format;
use pbx_api::client::{ClientConfig, OpenVoxClient, YeastarSClient};
use pbx_sim::{SimConfig, Simulator};

pub use crate::sim_pbx::{PASSWORD, USER};

/// Every wait on the simulator is bounded by this.
pub const BOUND: Duration = Duration::from_secs(30);

/// A simulator on 127.0.0.1 that accepts [`USER`] and [`PASSWORD`], started within [`BOUND`].
pub async fn start() -> Simulator {
    let config = SimConfig {
        user: USER.into(),
        password: PASSWORD.into(),
        ..SimConfig::default()
    };
    tokio::time::timeout(BOUND, Simulator::start(config))
        .await
        .expect("the simulator starts in time")
        .expect("a simulator on 127.0.0.1")
}

/// Awaits `f` within [`BOUND`]; a panic naming `what` if it takes longer.
pub async fn within_for<T>(what: &str, f: impl Future<Output = T>) -> T {
    match tokio::time::timeout(BOUND, f).await {
        Ok(value) => value,
        Err(_) => panic!("{what}: no answer within {BOUND:?}"),
    }
}

/// Awaits `f` within [`BOUND`].
pub async fn within<T>(f: impl Future<Output = T>) -> T {
    within_for("the request", f).await
}

/// An S-Series client of `config`, its reports addressed to loopback.
pub fn yeastar_s(config: ClientConfig) -> YeastarSClient {
    YeastarSClient::builder(config, USER, PASSWORD)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config")
}

/// An OpenVox client of `config`, its reports addressed to loopback.
pub fn openvox(config: ClientConfig) -> OpenVoxClient {
    openvox_in(config, Format::Json)
}

/// An OpenVox client of `config` that speaks `format`, its reports addressed to loopback.
pub fn openvox_in(config: ClientConfig, format: Format) -> OpenVoxClient {
    OpenVoxClient::builder(config, USER, PASSWORD)
        .format(format)
        .report_to("127.0.0.1", 8260)
        .build()
        .expect("config")
}
