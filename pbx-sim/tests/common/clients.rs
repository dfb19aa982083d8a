//! A typed client of every family against one simulator, and a request of any endpoint sent
//! through the right one: typed (`send_any`) or raw (`pbx.raw(path)`).

#![allow(dead_code)]

use pbx_api::client::{
    ClientConfig, Error, HttpAuth, OpenVoxClient, SwitchvoxClient, YeastarPClient, YeastarSClient,
    YeastarV2Client,
};
use pbx_api::prelude::*;
use pbx_api::wire::ErrorCode;
use pbx_api::{Endpoint, EndpointMeta};
use pbx_sim::{EventConfig, SimConfig, Simulator};

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The PBX answered with success.
    Ok,
    /// The PBX refused it with this code (declared by the family: `known`).
    Vendor { code: String, known: bool },
    /// Anything else (transport, decoding, an invalid request refused unsent).
    Other(String),
}

fn outcome<T, C: ErrorCode>(result: Result<T, Error<C>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(Error::Vendor { error, .. }) => Outcome::Vendor {
            code: error.code.code().to_owned(),
            known: error.code.description().is_some(),
        },
        Err(other) => Outcome::Other(other.to_string()),
    }
}

/// One client per family, logged in as the simulator's user.
pub struct Clients {
    pub pbx: Simulator,
    pub openvox: OpenVoxClient,
    pub yeastar_s: YeastarSClient,
    pub yeastar_v2: YeastarV2Client,
    pub yeastar_p: YeastarPClient,
    pub switchvox: SwitchvoxClient,
}

impl Clients {
    pub async fn start() -> Clients {
        // No receiver listens: the typed clients' logins would start reports to
        // 127.0.0.1:8260, tried and dropped in the background.
        let config = SimConfig {
            events: EventConfig {
                reports: false,
                ..EventConfig::default()
            },
            ..SimConfig::default()
        };
        let pbx = Simulator::start(config)
            .await
            .expect("a simulator on 127.0.0.1");
        let config = || ClientConfig::new(pbx.url());
        let (user, password) = ("api", "Secret123");
        Clients {
            openvox: OpenVoxClient::builder(config(), user, password)
                .build()
                .expect("openvox client"),
            // The newest S-Series API, which has every endpoint (`since`).
            yeastar_s: YeastarSClient::builder(config().api_version("v1.1.0"), user, password)
                .build()
                .expect("yeastar_s client"),
            yeastar_v2: YeastarV2Client::builder(config(), user, password)
                .build()
                .expect("yeastar_v2 client"),
            yeastar_p: YeastarPClient::builder(config(), user, password)
                .build()
                .expect("yeastar_p client"),
            switchvox: SwitchvoxClient::new(config(), user, password, HttpAuth::Auto, Format::Json)
                .expect("switchvox client"),
            pbx,
        }
    }

    /// Sends a typed request through its family's client.
    pub async fn send<E: Endpoint>(&self, request: &E) -> (Outcome, Option<E::Response>) {
        macro_rules! go {
            ($client:expr) => {
                match $client.send_any(request).await {
                    Ok(r) => (Outcome::Ok, Some(r)),
                    Err(e) => (outcome::<(), _>(Err(e)), None),
                }
            };
        }
        match E::META.api.module {
            "openvox" => go!(self.openvox),
            "yeastar_s" => go!(self.yeastar_s),
            "yeastar_v2" => go!(self.yeastar_v2),
            "yeastar_p" => go!(self.yeastar_p),
            "switchvox" => go!(self.switchvox),
            other => (
                Outcome::Other(format!("no client for family `{other}`")),
                None,
            ),
        }
    }

    /// Sends `params` (a JSON object) to the endpoint's path, unchecked, on the family's
    /// session: what a request the typed API cannot build (a required parameter left out)
    /// gets.
    pub async fn send_raw(&self, meta: &EndpointMeta, params: &str) -> Outcome {
        let path = raw_path(meta);
        macro_rules! go {
            ($client:expr) => {
                outcome($client.raw(&path).params_json(params).send().await)
            };
        }
        match meta.api.module {
            "openvox" => go!(self.openvox),
            "yeastar_s" => go!(self.yeastar_s),
            "yeastar_v2" => go!(self.yeastar_v2),
            "yeastar_p" => go!(self.yeastar_p),
            "switchvox" => go!(self.switchvox),
            other => Outcome::Other(format!("no client for family `{other}`")),
        }
    }
}

/// What `pbx.raw` takes for an endpoint: the RPC method, or the URL path after the version.
fn raw_path(meta: &EndpointMeta) -> String {
    if let Some(method) = meta.rpc_method {
        return method.to_owned();
    }
    let path = meta.url.split('?').next().unwrap_or_default();
    // URLs keep `{version}` until a request is sent (families with `versions`).
    let markers = [format!("/{}/", meta.api.version), "/{version}/".to_owned()];
    match markers
        .iter()
        .find_map(|m| path.find(m.as_str()).map(|i| i + m.len()))
    {
        Some(i) => path[i..].to_owned(),
        None => path.trim_start_matches('/').to_owned(),
    }
}
