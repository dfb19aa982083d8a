//! What every event source yields: events, and the connection states that tell a user when
//! events may have been missed. One item type for every transport, so that a program reads
//! OpenVox reports, P-Series frames and Switchvox triggers the same way.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use pbx_wire::DecodeError;

/// One item of an event stream.
#[derive(Debug, Clone)]
pub enum EventItem<E> {
    /// An event, decoded (a body no spec declares is `E`'s unknown variant, not an error).
    Event(Received<E>),
    /// The source's connection changed; see [`Connection`].
    State(Connection),
    /// A body that arrived but is not an event at all (not JSON, not a query string). It was
    /// answered as received, so the PBX will not resend it; the bytes are kept here.
    Malformed {
        /// Why it did not decode.
        error: DecodeError,
        /// The body (or query string) as received.
        raw: Vec<u8>,
    },
}

/// An event with where and when it arrived.
#[derive(Debug, Clone)]
pub struct Received<E> {
    /// The typed event.
    pub event: E,
    /// When the receiver queued it.
    pub at: SystemTime,
    /// The peer that sent it (the PBX), where the transport has one.
    pub from: Option<SocketAddr>,
    /// How many copies of it the receiver dropped as resends so far (0 for a first delivery).
    pub resends_dropped: u32,
}

/// A change of an event source's connection. Anything other than `Listening`/`Connected`
/// means events may be missed until the next `Connected`; a program that must not miss
/// records should then poll the PBX's query endpoints (call/query, cdr/search) to fill the gap.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Connection {
    /// A receiver is bound and waiting for the PBX (HTTP reports, webhooks, triggers).
    Listening {
        /// The bound address.
        addr: SocketAddr,
    },
    /// The source is connected and subscribed (WebSocket), or registered with the PBX
    /// (reports: the login or heartbeat that names the receiver succeeded).
    Connected,
    /// The connection ended; events sent until the next `Connected` may be lost.
    Disconnected {
        /// Why, in words.
        reason: String,
    },
    /// The source will try again after `delay` (attempt counts from 1, reset on success).
    Reconnecting {
        /// Which attempt this is.
        attempt: u32,
        /// How long it waits first.
        delay: Duration,
    },
    /// The source gave up (a limit the user set); the stream ends after this item.
    GaveUp {
        /// Why, in words.
        reason: String,
    },
}
