//! The simulated PBX as the client tests use it: one family per instance (so counters are per
//! family), endpoint names as the tests write them, and fault plans that read like the test.

use std::collections::HashMap;
use std::time::Duration;

use pbx_sim::{Fault, FaultKind, SimConfig, Simulator, SwitchvoxAuth};

/// Which API a test talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// OpenVox v0.0.1.
    OpenVox,
    /// Yeastar S-Series v1.0.0.
    YeastarS,
    /// Yeastar API 2.0.
    YeastarV2,
    /// Yeastar P-Series OpenAPI.
    YeastarP,
    /// Switchvox with Basic authentication.
    SwitchvoxBasic,
    /// Switchvox with Digest authentication.
    SwitchvoxDigest,
}

impl Family {
    fn module(self) -> &'static str {
        match self {
            Family::OpenVox => "openvox",
            Family::YeastarS => "yeastar_s",
            Family::YeastarV2 => "yeastar_v2",
            Family::YeastarP => "yeastar_p",
            Family::SwitchvoxBasic | Family::SwitchvoxDigest => "switchvox",
        }
    }

    /// The endpoint that places a call.
    fn dial(self) -> &'static str {
        match self {
            Family::OpenVox | Family::YeastarS => "extension/dial_outbound",
            Family::YeastarV2 | Family::YeastarP => "call/dial",
            Family::SwitchvoxBasic | Family::SwitchvoxDigest => "call",
        }
    }
}

/// Faults to plan, as a test states them.
#[derive(Debug, Default, Clone)]
pub struct Faults {
    /// Answer this many requests to an endpoint (`extension/dial_outbound`) with HTTP 500.
    pub fail_first: HashMap<String, usize>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Answer the next request with these bytes.
    pub body: Option<Vec<u8>>,
    /// Refuse the next call-placing request with this vendor code.
    pub dial_error: Option<String>,
    /// P-Series: seconds access tokens issued from now on live.
    pub token_life: Option<u64>,
}

/// A running simulator, seen as one family.
pub struct SimPbx {
    /// The base URL for the family's client.
    pub url: String,
    family: Family,
    sim: Simulator,
}

/// The API user the simulator accepts.
pub const USER: &str = "api";
/// The API password the simulator accepts.
pub const PASSWORD: &str = "Secret123";

fn config(family: Family) -> SimConfig {
    SimConfig {
        user: USER.into(),
        password: PASSWORD.into(),
        switchvox_auth: match family {
            Family::SwitchvoxBasic => SwitchvoxAuth::Basic,
            _ => SwitchvoxAuth::Digest,
        },
        ..SimConfig::default()
    }
}

impl SimPbx {
    /// Starts a simulator on a random loopback port.
    pub async fn start(family: Family) -> SimPbx {
        let sim = Simulator::start(config(family))
            .await
            .expect("a simulator on 127.0.0.1");
        SimPbx::wrap(family, sim)
    }

    /// Starts a simulator that speaks HTTPS with `identity`.
    pub async fn start_tls(family: Family, identity: &crate::tls::Identity) -> SimPbx {
        let sim = Simulator::start_tls(config(family), identity.server_config())
            .await
            .expect("a simulator on 127.0.0.1");
        SimPbx::wrap(family, sim)
    }

    fn wrap(family: Family, sim: Simulator) -> SimPbx {
        SimPbx {
            url: sim.url(),
            family,
            sim,
        }
    }

    fn id(&self, endpoint: &str) -> String {
        let endpoint = endpoint.strip_prefix("switchvox.").unwrap_or(endpoint);
        format!("{}::{}", self.family.module(), endpoint.replace('/', "::"))
    }

    /// How many requests reached an endpoint of this family (`login`, `outbound/query`).
    pub fn count(&self, endpoint: &str) -> usize {
        self.sim.requests(&self.id(endpoint))
    }

    /// How many calls the PBX placed (and still has up).
    pub fn executed_dials(&self) -> usize {
        self.sim.calls().len()
    }

    /// Forgets every session, as the PBX does after 30 idle minutes.
    pub fn expire_tokens(&self) {
        self.sim.expire_tokens();
    }

    /// Issues a new Digest nonce.
    pub fn rotate_nonce(&self) {
        self.sim.rotate_nonce();
    }

    /// Plans faults.
    pub fn set_faults(&self, faults: Faults) {
        for (endpoint, times) in faults.fail_first {
            self.sim.inject(Fault {
                endpoint: Some(self.id(&endpoint)),
                kind: FaultKind::Status(500),
                times,
            });
        }
        self.sim.set_latency(faults.delay);
        if let Some(body) = faults.body {
            self.sim.inject(Fault {
                endpoint: None,
                kind: FaultKind::Body(body),
                times: 1,
            });
        }
        if let Some(code) = faults.dial_error {
            self.sim.inject(Fault {
                endpoint: Some(self.id(self.family.dial())),
                kind: FaultKind::Vendor(code),
                times: 1,
            });
        }
        if let Some(seconds) = faults.token_life {
            self.sim.set_access_token_life(Duration::from_secs(seconds));
        }
    }
}
