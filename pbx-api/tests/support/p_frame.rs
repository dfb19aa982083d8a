//! A decoder of P-Series frames for tests and benches, until the family's generated `Event`
//! enum exists: `type`, `msg` (a JSON string holding JSON, or an object), the call id, and
//! the body exactly as it came. serde_json, not the crate's own readers.

#![allow(dead_code)]

use pbx_api::events::{CallKey, EventMeta, FamilyEvents, RawEvent, Transport};
use pbx_api::wire::{DecodeError, DecodeErrorKind};
use serde_json::Value;

/// A P-Series frame as a small test decoder reads it: `type`, `msg` (a JSON string holding
/// JSON, or an object), and the body exactly as it came.
#[derive(Debug, Clone)]
pub struct Frame {
    /// `type`.
    pub kind: u64,
    /// `msg`, read from its text where it was a string.
    pub msg: Value,
    /// The body.
    pub raw: String,
}

impl FamilyEvents for Frame {
    const TRANSPORT: Transport = Transport::WebSocket;
    const EVENTS: &'static [EventMeta] = &[];

    fn decode(raw: &RawEvent<'_>) -> Result<Self, DecodeError> {
        let body: Value = serde_json::from_slice(raw.body)
            .map_err(|e| DecodeError::new(DecodeErrorKind::Syntax(e.to_string())))?;
        let msg = match &body["msg"] {
            Value::String(text) => serde_json::from_str(text)
                .map_err(|e| DecodeError::at("msg", DecodeErrorKind::Syntax(e.to_string())))?,
            other => other.clone(),
        };
        Ok(Frame {
            kind: body["type"].as_u64().unwrap_or(0),
            msg,
            raw: String::from_utf8_lossy(raw.body).into_owned(),
        })
    }
    fn name(&self) -> &str {
        "frame"
    }
    fn is_unknown(&self) -> bool {
        false
    }
    fn call_keys(&self) -> Vec<CallKey> {
        self.msg["call_id"]
            .as_str()
            .map(|v| CallKey {
                field: "call_id",
                value: v.to_owned(),
            })
            .into_iter()
            .collect()
    }
    fn to_json(&self) -> String {
        self.raw.clone()
    }
}
