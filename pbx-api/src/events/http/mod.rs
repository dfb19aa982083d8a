//! The HTTP event receiver: OpenVox and Yeastar S-Series/API 2.0 reports, the Yeastar
//! P-Series webhook, and Switchvox URL-manager triggers, all as one [`EventStream`] per PBX.
//!
//! The PBX is the HTTP client: it opens one connection per event, sends one request and waits
//! for `200`, resending until it gets it (events.md 1a, 1b, 1c "Webhook", 1d). So the receiver:
//!
//! * reads requests as the PBXes send them, which hyper refuses: `POST  HTTP/1.1` (no path),
//!   `Host:172.16.6.150` and `Host: 172.16.6.150: 8260`, LF line ends, no blank line before
//!   the body, no `Content-Length`;
//! * reads only from the allowed sources (the PBX's own address by default), `403` otherwise;
//! * answers `200` only once the event is in the stream; a full stream is `503`, so the PBX
//!   keeps the event and resends it; it never answers `400` to a well-formed report, whatever
//!   it holds (BootUp and ExtensionStatus have no `callid`), and a body that is no event at
//!   all is queued as [`EventItem::Malformed`](crate::events::EventItem::Malformed) and
//!   answered `200`, so nothing is lost;
//! * drops resends within a window ([`DedupWindow`]), answering them `200` and counting them
//!   in [`ReceiverStats::resends_dropped`] (an event's own `Received::resends_dropped` is 0:
//!   a copy is only recognised after the first one was queued);
//! * checks a webhook's `X-Signature` when given its secret ([`WebhookAuth`]);
//! * answers Switchvox triggers with the empty XML `<response></response>` (`text/xml`);
//! * closes the connection after each answer (`Connection: close`).
//!
//! Memory stays bounded: at most `max_connections` requests of at most `max_head` +
//! `max_body` bytes each are read at once, the stream holds `queue` items, and the resend
//! window `dedup.entries` hashes.
//!
//! ```no_run
//! # async fn run<E: pbx_api::events::FamilyEvents>() -> std::io::Result<()> {
//! use pbx_api::events::EventItem;
//! use pbx_api::events::http::{HttpReceiver, HttpReceiverConfig};
//!
//! let pbx = "192.168.5.150".parse().unwrap();
//! let config = HttpReceiverConfig::new("0.0.0.0:8260".parse().unwrap(), pbx);
//! let (receiver, mut events) = HttpReceiver::bind::<E>(config).await?;
//! while let Some(item) = events.next().await {
//!     match item {
//!         EventItem::Event(received) => println!("{:?}", received.event),
//!         other => println!("{other:?}"),
//!     }
//! }
//! # drop(receiver);
//! # Ok(()) }
//! ```
//!
//! [`EventStream`]: crate::events::EventStream

mod body;
mod config;
// Also the WebSocket source's (a frame sent twice is one event).
pub(crate) mod dedup;
mod exchange;
mod input;
mod receiver;
mod request;
mod response;
mod signature;
mod stats;

pub use config::{
    AllowedSources, DEFAULT_MAX_BODY, DedupWindow, GetSignature, HttpReceiverConfig, WebhookAuth,
};
pub use receiver::HttpReceiver;
pub use stats::ReceiverStats;
