//! Events a PBX pushes to an application: the contract each family's generated event enum
//! implements, and what receivers (pbx-api's `events`) and the simulator rely on.
//!
//! A family's `family.toml` `[events]` table and its `specs/<family>/events/*.toml` files
//! declare the events; the generator emits one `Event` enum per family (a variant per event
//! file, plus `Unknown` for anything no spec declares) implementing [`FamilyEvents`].

use std::fmt;

use crate::error::DecodeError;

/// How a family's events reach the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transport {
    /// The PBX POSTs one JSON "report" per event to the address the client registered at
    /// login or heartbeat, and resends it until it gets `200` (OpenVox, Yeastar S-Series and
    /// API 2.0).
    HttpReport,
    /// The application opens a WebSocket to the PBX and subscribes to topics; frames are
    /// `{"type": <int>, "sn": "..", "msg": ..}` (Yeastar P-Series), or the same body POSTed
    /// to a webhook with an `X-Signature` header.
    WebSocket,
    /// The PBX requests a URL the administrator configured per event, with the event's data
    /// in the query string (Switchvox URL Manager).
    UrlTrigger,
}

/// One declared event, for listings, documentation and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventMeta {
    /// The wire name: the report's `action`/`event` value (`"ANSWER"`), the P-Series `type`
    /// as decimal text (`"30011"`), or the Switchvox trigger's path segment
    /// (`"incoming_call"`).
    pub name: &'static str,
    /// The variant's Rust name (`"Answer"`).
    pub variant: &'static str,
    /// The spec file, relative to the specs folder (`"openvox/events/answer.toml"`).
    pub spec: &'static str,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// Whether no vendor page documents this event (declared from a sibling API).
    pub unverified: bool,
}

/// One event as it arrived, before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawEvent<'a> {
    /// The request or frame body (empty for a Switchvox GET trigger).
    pub body: &'a [u8],
    /// The request path, without the query (`"/"` where the PBX sent none; empty for a
    /// WebSocket frame).
    pub path: &'a str,
    /// The raw query string, without `?` (Switchvox triggers carry their data here).
    pub query: &'a str,
}

impl<'a> RawEvent<'a> {
    /// A body alone: an HTTP report or a WebSocket frame.
    pub fn body(body: &'a [u8]) -> Self {
        RawEvent {
            body,
            path: "",
            query: "",
        }
    }
}

/// An identifier that ties an event to a call, for following one call from ring to CDR.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallKey {
    /// The wire name of the field that held it (`"callid"`, `"inboundid"`, `"call_id"`,
    /// `"channel_id"`, `"JOB_ID"`...).
    pub field: &'static str,
    /// Its value as sent.
    pub value: String,
}

impl CallKey {
    /// Pushes `value`, found in the field `field`, onto `out`: one call per `call_keys` path
    /// in generated code.
    pub fn push(out: &mut Vec<CallKey>, field: &'static str, value: &(impl ToString + ?Sized)) {
        out.push(CallKey {
            field,
            value: value.to_string(),
        });
    }
}

/// An event no spec of the family declares, or one whose declared fields did not decode: kept
/// whole, so that new firmware never loses data.
#[derive(Clone, PartialEq, Eq)]
pub struct UnknownEvent {
    /// The wire name, where the body had one (`""` otherwise).
    pub name: String,
    /// The body as received (for a Switchvox trigger, the query string).
    pub raw: Vec<u8>,
}

impl fmt::Debug for UnknownEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnknownEvent")
            .field("name", &self.name)
            .field("raw", &String::from_utf8_lossy(&self.raw))
            .finish()
    }
}

/// What a family's generated `Event` enum implements.
pub trait FamilyEvents: Sized + Clone + fmt::Debug + Send + Sync + 'static {
    /// How the family's events travel.
    const TRANSPORT: Transport;
    /// Every declared event, in spec-file order.
    const EVENTS: &'static [EventMeta];

    /// Decodes one event as the PBX sends it. A body that is not JSON (or, for triggers, a
    /// query string) at all is an error; a well-formed body whose name no spec declares, or
    /// whose declared fields do not read, is `Ok` with the unknown variant (the caller can
    /// still see and store it).
    fn decode(raw: &RawEvent<'_>) -> Result<Self, DecodeError>;

    /// The wire name of the event (the unknown variant's name included).
    fn name(&self) -> &str;

    /// Whether this is the unknown variant.
    fn is_unknown(&self) -> bool;

    /// The call identifiers the event carries, in body order, for per-call correlation.
    fn call_keys(&self) -> Vec<CallKey>;

    /// The event as one JSON object, `{"event": <name>, ...fields}` with the fields under
    /// their wire names; the unknown variant writes `{"event": <name>, "raw": <text>}`.
    fn to_json(&self) -> String;
}

pub mod frame;
pub mod query;
pub mod support;

pub use frame::{Frame, Named};
pub use support::EventExample;
