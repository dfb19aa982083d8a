//! What a simulator is set up with, and the faults it can be told to inject.

use std::time::Duration;

/// How Switchvox requests must authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchvoxAuth {
    /// HTTP Basic (Switchvox 6.6 and later).
    Basic,
    /// HTTP Digest with MD5 and `qop=auth` (older Switchvox).
    Digest,
}

/// Simulator settings. [`SimConfig::default`] gives user `api`, password `Secret123`, Digest
/// for Switchvox with nonces good for 5 minutes, the vendors' 30-minute token life, and a random port.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The API user every family accepts (the P-Series client id).
    pub user: String,
    /// Its password (the P-Series client secret).
    pub password: String,
    /// How Switchvox requests authenticate.
    pub switchvox_auth: SwitchvoxAuth,
    /// How long a Switchvox Digest nonce is good for; a request with an older one is
    /// challenged again with `stale=true`.
    pub digest_nonce_life: Duration,
    /// How long an OpenVox or Yeastar S-Series token lives without traffic.
    pub token_idle: Duration,
    /// How long a P-Series access token lives.
    pub access_token_life: Duration,
    /// Failed logins in a row before an address is locked out.
    pub lockout_after: u32,
    /// How long a lockout lasts.
    pub lockout_for: Duration,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Refuse request parameters the spec does not know, instead of ignoring (and logging)
    /// them as the PBXes' firmware does.
    pub strict: bool,
    /// Connection, header and body limits against hostile clients.
    pub limits: crate::limits::ServerLimits,
    /// How events are sent: reports, the P-Series WebSocket, Switchvox triggers, misbehaviour.
    pub events: crate::events::EventConfig,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            user: "api".into(),
            password: "Secret123".into(),
            switchvox_auth: SwitchvoxAuth::Digest,
            digest_nonce_life: Duration::from_secs(5 * 60),
            token_idle: Duration::from_secs(30 * 60),
            access_token_life: Duration::from_secs(30 * 60),
            lockout_after: 5,
            lockout_for: Duration::from_secs(10 * 60),
            port: 0,
            strict: false,
            limits: crate::limits::ServerLimits::default(),
            events: crate::events::EventConfig::default(),
        }
    }
}

/// A fault to inject into answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this HTTP status and no body.
    Status(u16),
    /// Answer 200 with bytes that are neither JSON nor XML.
    Garbage,
    /// Answer 200 with the real body cut in half.
    Truncated,
    /// Close the connection mid-answer.
    Drop,
    /// Refuse with this vendor error code, in the family's envelope.
    Vendor(String),
    /// Answer 200 with exactly these bytes.
    Body(Vec<u8>),
}

/// One planned fault: the next `times` requests to `endpoint` (an id such as
/// `yeastar_s::extension::dial_outbound`, or any endpoint when `None`) get `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Which endpoint, or any.
    pub endpoint: Option<String>,
    /// What happens.
    pub kind: FaultKind,
    /// How many requests it applies to.
    pub times: usize,
}
