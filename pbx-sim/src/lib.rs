//! A simulated PBX that speaks every API family of `pbx-api`, served from the same spec files
//! the bindings are generated from: each endpoint's URL, method, formats and envelope come from
//! its spec, requests are decoded with the generated decoders (what a spec forbids is refused
//! with the vendor's own envelope, code and message), and answers are typed responses. As the
//! PBXes' firmware does, parameters a spec does not know are ignored and logged (refused with
//! [`SimConfig::strict`]), and a request under a family's API prefix that no endpoint takes (a
//! wrong method, an unknown path) is refused in the family's envelope, not with a bare 404.
//!
//! Behaviour, not canned replies: sessions as the vendors document them (MD5 login, sliding
//! 30-minute tokens, lockout after five failures, P-Series token refresh, Switchvox Basic or
//! Digest checked before routing, with expiring nonces and nonce counts spent once), and a
//! model of calls (parties, channels, ringing/talking/held/muted), call records and
//! recordings, queue agents and conference members that each endpoint acts on as its spec's
//! `[sim]` table says: a dialled call gets an id in the family's format, shows up in the
//! query endpoints, and is recorded when hung up; calls from outside can be injected
//! ([`Simulator::inbound`]). Endpoints without behaviour answer with their spec's
//! documented example. Faults (latency, dropped connections, 5xx, garbage or truncated bodies, vendor
//! errors, token expiry) can be injected, and every endpoint's requests are counted.
//!
//! Every change of a call is sent as each family's PBX sends its events ([`EventConfig`]):
//! OpenVox, S-Series and API 2.0 reports POSTed to the target a login or heartbeat named and
//! resent until answered 200, the P-Series event WebSocket at `/openapi/v1.0/subscribe`,
//! Switchvox URL-manager triggers; only loopback receivers are ever contacted, misbehaviour
//! (duplicates, delays, reordering, dropped sockets) can be asked for, and what was sent is
//! counted ([`Simulator::event_counters`]).
//!
//! The server holds up against hostile clients as a PBX's web server must: a bound on open
//! connections, header, idle and body timeouts and a body cap ([`ServerLimits`]). Every
//! exchange can be kept or watched as it happens ([`Simulator::on_exchange`]), secrets
//! redacted.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let pbx = pbx_sim::Simulator::start(pbx_sim::SimConfig::default()).await?;
//! println!("a PBX for every family at {}", pbx.url());
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod auth;
mod behave;
#[cfg(feature = "tls")]
mod certificate;
mod config;
mod connection;
mod digest;
mod download;
mod events;
mod exchange;
mod facts;
mod handle;
mod limits;
mod listen;
mod log;
mod model;
mod redact;
mod resource;
mod routes;
mod server;
mod state;
#[cfg(feature = "tls")]
mod tls;
mod watchdog;

#[cfg(feature = "tls")]
pub use certificate::Certificate;
pub use config::{Fault, FaultKind, SimConfig, SwitchvoxAuth};
pub use events::{
    EventConfig, EventCounters, EventTap, Fate, Misbehaviour, TappedEvent, Trigger, TriggerEvent,
};
pub use limits::ServerLimits;
pub use model::{CallState, Cdr, CdrFilter, SimCall};
pub use server::{Exchange, Simulator};
