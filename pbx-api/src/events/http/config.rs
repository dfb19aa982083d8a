//! [`HttpReceiverConfig`]: where the receiver listens, whom it accepts, and its limits, with
//! defaults chosen for one PBX sending one small report per connection.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use pbx_wire::session::Secret;

use crate::events::DEFAULT_QUEUE;

/// The default body cap: 64 KiB. The largest documented report (an API 2.0 `NewCdr` or a
/// conference's `members`) is well under 2 KiB.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024;

/// The settings of an [`HttpReceiver`](super::HttpReceiver). Build it with
/// [`HttpReceiverConfig::new`] and change the public fields as needed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HttpReceiverConfig {
    /// Where to listen: the address the client registers with the PBX at login or heartbeat
    /// (`port`, `url`). Port 0 picks a free port ([`HttpReceiver::local_addr`](super::HttpReceiver::local_addr)).
    pub addr: SocketAddr,
    /// The peers whose requests are read; any other gets `403` and nothing is queued.
    pub allowed: AllowedSources,
    /// The largest body read, in bytes (default [`DEFAULT_MAX_BODY`]); a larger one gets `413`.
    pub max_body: usize,
    /// The largest request line plus headers, in bytes (default 16 KiB); larger gets `431`.
    pub max_head: usize,
    /// How many items the stream holds before the receiver answers `503` (default
    /// [`DEFAULT_QUEUE`]).
    pub queue: usize,
    /// Which copies are resends (see [`DedupWindow`]).
    pub dedup: DedupWindow,
    /// How long the request line and headers may take to arrive (default 10 s); then `408`.
    pub header_timeout: Duration,
    /// How long the body may take to arrive after the headers (default 10 s); then `408`.
    pub body_timeout: Duration,
    /// For a body sent without `Content-Length` or chunked framing: how long without a new
    /// byte ends it, when the peer neither closes nor sends one complete JSON value (default
    /// 1 s).
    pub unframed_idle: Duration,
    /// How many connections are served at once (default 64); the next ones wait in the
    /// operating system's queue until one ends.
    pub max_connections: usize,
    /// A P-Series webhook's secret: when set, every request must carry a valid `X-Signature`.
    pub webhook: Option<WebhookAuth>,
}

impl HttpReceiverConfig {
    /// Listens on `addr` and accepts requests from `pbx` only (the PBX's own address); every
    /// other setting at its default.
    pub fn new(addr: SocketAddr, pbx: IpAddr) -> Self {
        HttpReceiverConfig {
            addr,
            allowed: AllowedSources::Only(vec![pbx]),
            max_body: DEFAULT_MAX_BODY,
            max_head: 16 * 1024,
            queue: DEFAULT_QUEUE,
            dedup: DedupWindow::default(),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            unframed_idle: Duration::from_secs(1),
            max_connections: 64,
            webhook: None,
        }
    }
}

/// The peers a receiver reads requests from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AllowedSources {
    /// These addresses only (IPv4-mapped IPv6 peers compare as their IPv4 address).
    Only(Vec<IpAddr>),
    /// Any peer: only for a receiver behind a proxy that checks, or for signed webhooks from a
    /// cloud PBX whose address is not known.
    Any,
}

impl AllowedSources {
    /// Whether `peer` may send events.
    pub fn allows(&self, peer: IpAddr) -> bool {
        match self {
            AllowedSources::Any => true,
            AllowedSources::Only(list) => {
                let peer = peer.to_canonical();
                list.iter().any(|ip| ip.to_canonical() == peer)
            }
        }
    }
}

/// The window in which a byte-identical request (same path, query and body) counts as the
/// PBX resending an event it did not see acknowledged.
///
/// The reports are at-least-once: the PBX resends until it reads `200`. Two different events
/// are rarely byte-identical where they carry a call id: the two BYEs of one call list their
/// parties in a different order (and may carry different `callid`s), the caller- and
/// callee-side ANSWERs likewise, and every report of a call names the call. One case is: a
/// call put on hold and taken off it sends its answered status again (API 2.0 and P-Series
/// `CallStatus`), so a call's copy is a resend only if no other event of the same call was
/// queued since its first delivery (other calls' events may come between). Events without a
/// call id (`ExtensionStatus`, `BootUp`) can legitimately repeat (InUse, Idle, InUse), so such a
/// copy is taken as a resend only if nothing else was queued since its first delivery; otherwise
/// it is delivered again (a repeated status is harmless, a lost one is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DedupWindow {
    /// How many recent requests are remembered (default 4096; 0 turns deduplication off).
    pub entries: usize,
    /// How long one is remembered (default 10 minutes).
    pub age: Duration,
}

impl Default for DedupWindow {
    fn default() -> Self {
        DedupWindow {
            entries: 4096,
            age: Duration::from_secs(600),
        }
    }
}

/// The P-Series webhook's signature check: `X-Signature` = base64(HMAC-SHA256(secret, raw
/// body)), as Yeastar documents it
/// (<https://help.yeastar.com/en/p-series-software-edition/developer-guide/monitor-events-via-webhook.html>).
/// A missing or wrong signature gets `401` and nothing is queued.
#[derive(Debug, Clone)]
pub struct WebhookAuth {
    /// The 32-character secret the PBX generated for the webhook.
    pub secret: Secret,
    /// What to do with `GET` webhooks (see [`GetSignature`]).
    pub get: GetSignature,
}

impl WebhookAuth {
    /// Checks every request, `GET` included, against `secret`.
    pub fn new(secret: Secret) -> Self {
        WebhookAuth {
            secret,
            get: GetSignature::Required,
        }
    }
}

/// A webhook may be configured as `GET` ("either GET or POST"), and Yeastar does not say what
/// is signed then, since a `GET` has no body. Unverified: no `GET` webhook was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GetSignature {
    /// A `GET` must carry an `X-Signature` that matches its body or, with no body, its raw
    /// query string; an unsigned `GET` gets `401` (the default).
    Required,
    /// A `GET` is accepted without looking at `X-Signature` (the allow-list still applies):
    /// the user's choice where the PBX's `GET` signatures do not verify.
    Unchecked,
}
