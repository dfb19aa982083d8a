//! Receiving the events a PBX pushes: typed, deduplicated, in order, with the connection
//! states that say when some may have been missed (feature `client`).
//!
//! Every source yields [`EventItem`]s of the family's generated `Event` enum (a
//! [`pbx_wire::event::FamilyEvents`]).
//!
//! Sources: [`http::HttpReceiver`] (HTTP reports, P-Series webhooks, Switchvox triggers),
//! [`WebSocketSource`] (P-Series), and polling Switchvox's current calls.
//!
//! # `pbx.events()`
//!
//! Every family's client starts its PBX's events with one call, and gets a [`LiveEvents`] of
//! the family's generated `Event` enum:
//!
//! | client | `events()` | also |
//! |---|---|---|
//! | `OpenVoxClient`, `YeastarSClient`, `YeastarV2Client` | an [`http::HttpReceiver`] on the session's report target (`report_to`, default: the local address towards the PBX, port 8260), reports accepted from the PBX's address only; the login asks for the decoder's preferred `version` (1.0.2, 1.0.2, 2.0.0) and names the port, or a `heartbeat` re-points an open session | `report_receiver` + `events_on` to change the receiver |
//! | `YeastarPClient` | a [`WebSocketSource`] subscribed to every topic the specs declare ([`yeastar_p_topics`]) | `events_from(WebSocketSource::new(..))`; `webhook_events(addr, secret)` for webhook pushes, `X-Signature` checked |
//! | `SwitchvoxClient` | polling `currentCalls.getList` every 2 s, its changes as trigger events (see [`poll`]) | `poll_events(every)`; `trigger_events(addr)` for URL-manager triggers ([`trigger_url`]) |
//!
//! The stream starts with connection states (`Listening`, `Connected`); each event is an
//! [`EventItem::Event`]. Later states say when events may have been missed: a dropped or
//! re-subscribed WebSocket, a failed poll, a failed heartbeat of a report session
//! (`Disconnected`, then `Connected` once it works again). [`PerCall`] (`events.per_call(..)`) follows one call from ring to
//! CDR. The source stops when the stream is dropped, or with [`EventsHandle::stop`].
//!
//! ```no_run
//! # #[cfg(feature = "yeastar-s")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use pbx_api::client::{ClientConfig, YeastarSClient};
//! use pbx_api::events::{EventItem, FamilyEvents};
//! use pbx_api::prelude::*;
//!
//! let pbx = YeastarSClient::builder(ClientConfig::new("http://192.168.5.150"), "api", "Secret123")
//!     .report_to("192.168.5.20", 8260)
//!     .build()?;
//! let mut events = pbx.events().await?;
//! pbx.extension().dial_outbound("1002", "41000").send().await?;
//! while let Some(item) = events.next().await {
//!     match item {
//!         EventItem::Event(received) => println!("{}", received.event.to_json()),
//!         EventItem::State(state) => eprintln!("{state:?}"),
//!         EventItem::Malformed { error, .. } => eprintln!("not an event: {error}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

#[cfg(any(
    feature = "openvox",
    feature = "yeastar-s",
    feature = "yeastar-v2",
    feature = "yeastar-p",
    feature = "switchvox"
))]
// Parts of it serve some families only (the forwarding task, the PBX's address).
#[cfg_attr(
    not(all(
        any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"),
        feature = "yeastar-p",
        feature = "switchvox"
    )),
    allow(dead_code)
)]
mod client;
pub mod http;
mod item;
pub mod per_call;
#[cfg(feature = "switchvox")]
pub mod poll;
#[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
mod reports;
mod stream;
#[cfg(feature = "switchvox")]
mod switchvox;
pub mod websocket;
#[cfg(feature = "yeastar-p")]
mod yeastar_p;

pub use item::{Connection, EventItem, Received};
pub use pbx_wire::event::{CallKey, EventMeta, FamilyEvents, RawEvent, Transport, UnknownEvent};
pub use per_call::{CallItem, CallLimits, CallRef, PerCall};
pub use stream::{DEFAULT_QUEUE, EventQueue, EventStream, QueueRefused, queue};
pub use websocket::WebSocketSource;

#[cfg(any(
    feature = "openvox",
    feature = "yeastar-s",
    feature = "yeastar-v2",
    feature = "yeastar-p",
    feature = "switchvox"
))]
pub use client::{EventsError, EventsHandle, LiveEvents};
#[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
pub use reports::ReportFamily;
#[cfg(feature = "switchvox")]
pub use switchvox::{DEFAULT_POLL_EVERY, TRIGGER_QUERIES, trigger_url};
#[cfg(feature = "yeastar-p")]
pub use yeastar_p::{SUBSCRIBE_WAIT, yeastar_p_topics};
