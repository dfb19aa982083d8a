//! Receiving the events a PBX pushes: typed, deduplicated, in order, with the connection
//! states that say when some may have been missed (feature `client`).
//!
//! Every source yields [`EventItem`]s of the family's generated `Event` enum (a
//! [`pbx_wire::event::FamilyEvents`]).
//!
//! Sources: [`http::HttpReceiver`] (HTTP reports, P-Series webhooks, Switchvox triggers).

pub mod http;
mod item;
pub mod per_call;
mod stream;
pub mod websocket;

pub use item::{Connection, EventItem, Received};
pub use pbx_wire::event::{CallKey, EventMeta, FamilyEvents, RawEvent, Transport, UnknownEvent};
pub use per_call::{CallItem, CallLimits, CallRef, PerCall};
pub use stream::{DEFAULT_QUEUE, EventQueue, EventStream, QueueRefused, queue};
pub use websocket::WebSocketSource;
