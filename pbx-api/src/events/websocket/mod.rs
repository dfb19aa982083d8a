//! The Yeastar P-Series event source: a WebSocket to
//! `ws(s)://{host}:{port}/openapi/v1.0/subscribe?access_token={token}` that subscribes to a
//! topic list and yields the family's events (developer guide, "Monitor events via
//! WebSocket": `https://help.yeastar.com/en/p-series-software-edition/developer-guide/monitor-events-via-websocket.html`).
//!
//! What it does for the user, each from a complaint about peer libraries (events.md 3a-3c):
//! - sends the **full** topic list on every connection (a `topic_list` frame replaces the
//!   subscription; an empty list is refused when starting, it would end the events);
//! - sends `heartbeat` every 30 s (configurable, always under the PBX's 60 s idle limit) and
//!   reconnects when nothing answers it;
//! - reconnects with jittered exponential backoff (100 ms, ×2, capped at 30 s; reset after a
//!   connection that lasted), with a **fresh token** every time, at once when the PBX says
//!   `10004 TOKEN EXPIRED`, and before the token's 30-minute life runs out;
//! - queues [`Connection`](crate::events::Connection) states between the events, in order,
//!   so a consumer knows when events may have been missed;
//! - stops reading the socket while the consumer is behind (memory stays at the queue's
//!   bound), but keeps the heartbeat going;
//! - drops a frame the PBX sent twice (the HTTP receiver's resend rule,
//!   [`DedupWindow`](crate::events::http::DedupWindow) at its default: byte-identical, with
//!   no other event of the same call, or for frames without a call id no other event at
//!   all, in between).
//!
//! ```no_run
//! # #[cfg(feature = "yeastar-p")]
//! # async fn run<E: pbx_api::events::FamilyEvents>() -> Result<(), Box<dyn std::error::Error>> {
//! use pbx_api::client::{ClientConfig, YeastarPClient};
//! use pbx_api::events::{EventItem, WebSocketSource};
//!
//! let config = ClientConfig::new("https://192.168.5.150:8088").user_agent("OpenAPI");
//! let pbx = YeastarPClient::builder(config, "client-id", "client-secret").build()?;
//! let mut events = WebSocketSource::new(pbx, [30011, 30012]).start::<E>()?;
//! while let Some(item) = events.next().await {
//!     match item {
//!         EventItem::Event(received) => println!("{:?}", received.event),
//!         EventItem::State(state) => eprintln!("{state:?}"),
//!         EventItem::Malformed { error, .. } => eprintln!("not an event: {error}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

mod backoff;
mod connect;
mod frame;
mod run;
mod session;
mod settings;
mod tls;

use std::time::Duration;

use pbx_wire::session::TokenApi;

use crate::client::TokenClient;
use crate::events::{EventStream, FamilyEvents, queue};
use connect::Target;
use run::Source;
use settings::Settings;
pub use settings::{IDLE_LIMIT, SourceError};

/// A WebSocket event source to build and [`start`](WebSocketSource::start): a token client
/// of the P-Series (or any family whose session gives an access token) and the topic ids to
/// subscribe to (`30011` call status, `30012` new CDR...).
#[derive(Debug)]
pub struct WebSocketSource<A: TokenApi> {
    client: TokenClient<A>,
    settings: Settings,
}

impl<A: TokenApi> WebSocketSource<A> {
    /// A source for `topics` (repeats dropped), through `client`'s session and TLS settings.
    pub fn new(client: TokenClient<A>, topics: impl IntoIterator<Item = u32>) -> Self {
        WebSocketSource {
            client,
            settings: Settings::new(topics.into_iter().collect()),
        }
    }

    /// How often the bare `heartbeat` frame is sent: 30 s by default. Must be above zero and
    /// below [`IDLE_LIMIT`] (60 s), or [`start`](Self::start) refuses it. A heartbeat that
    /// gets no frame back before the next one is due ends the connection.
    pub fn heartbeat_every(mut self, every: Duration) -> Self {
        self.settings.heartbeat_every = every;
        self
    }

    /// The reconnect delays: `first` (100 ms by default) doubled after each failure in a row,
    /// never above `cap` (30 s), each a random point in the upper half of its step.
    pub fn backoff(mut self, first: Duration, cap: Duration) -> Self {
        self.settings.backoff_first = first;
        self.settings.backoff_cap = cap;
        self
    }

    /// Gives up (a last [`Connection::GaveUp`](crate::events::Connection::GaveUp), then the
    /// stream ends) when this many reconnects in a row have failed. By default it never does.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.settings.max_attempts = Some(attempts);
        self
    }

    /// How long a connection must last to count as good, which resets the backoff and the
    /// attempt count: 30 s by default.
    pub fn stable_after(mut self, after: Duration) -> Self {
        self.settings.stable_after = after;
        self
    }

    /// How long a connection is kept before it is replaced by one with a fresh token: 25
    /// minutes by default, since P-Series access tokens live 30 ("you will need to get a new
    /// access token or refresh the access token to maintain the WebSocket connection").
    pub fn renew_every(mut self, every: Duration) -> Self {
        self.settings.renew_every = every;
        self
    }

    /// How many items wait for the consumer before the socket is no longer read:
    /// [`DEFAULT_QUEUE`](crate::events::DEFAULT_QUEUE) by default.
    pub fn queue(mut self, bound: usize) -> Self {
        self.settings.queue = bound;
        self
    }

    /// The largest frame accepted (1 MiB by default); a larger one ends the connection.
    pub fn max_frame_bytes(mut self, limit: usize) -> Self {
        self.settings.max_frame_bytes = limit;
        self
    }

    /// Checks the settings and starts the source on the current tokio runtime; nothing is
    /// sent before this. The stream's first item is `Connected` once subscribed (or
    /// `Disconnected`/`Reconnecting` if that failed). Dropping the stream stops the source.
    /// Refuses an empty topic list, a heartbeat outside (0, 60 s), and a base URL or TLS
    /// settings that give no WebSocket address.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime (as `tokio::spawn` does).
    pub fn start<E: FamilyEvents>(self) -> Result<EventStream<E>, SourceError> {
        self.settings.check()?;
        let target = Target::new::<A>(self.client.config(), self.settings.max_frame_bytes)?;
        let (tx, rx) = queue(self.settings.queue);
        let source = Source {
            client: self.client,
            target,
            settings: self.settings,
            queue: tx,
            window: std::sync::Mutex::new(crate::events::http::dedup::Window::new(
                crate::events::http::DedupWindow::default(),
            )),
        };
        tokio::spawn(source.run());
        Ok(rx)
    }
}
