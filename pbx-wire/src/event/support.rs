//! What generated event enums call besides [`super::frame::open`]: the unknown variant's
//! contents, the JSON form of an event, and the documented examples a family's specs carry.

use crate::endpoint::{Fields, Mistake};
use crate::event::{Transport, UnknownEvent};
use crate::write::{JsonScalar, JsonWriter, Place, Sink};

/// A documented event body from a spec's `[[examples]]`, checked at compile time against the
/// event's fields; the test suite decodes each through the generated enum.
#[derive(Debug, Clone, Copy)]
pub struct EventExample {
    /// The wire name of the event the example belongs to.
    pub event: &'static str,
    /// The example's name.
    pub name: &'static str,
    /// The body (empty for a URL trigger).
    pub body: &'static str,
    /// The request path (URL triggers: `/` and the event's name; otherwise empty).
    pub path: &'static str,
    /// The query string (URL triggers only).
    pub query: &'static str,
    /// What the vendor's body gets wrong, for a documented mistake.
    pub mistake: Option<&'static Mistake>,
}

impl EventExample {
    /// The example as it arrives.
    pub fn raw(&self) -> super::RawEvent<'static> {
        super::RawEvent {
            body: self.body.as_bytes(),
            path: self.path,
            query: self.query,
        }
    }
}

/// The unknown variant's contents: the name found (or `""`) and the bytes as received (the
/// query string, for a URL trigger).
pub fn unknown(transport: Transport, name: &str, raw: &super::RawEvent<'_>) -> UnknownEvent {
    let raw = match transport {
        Transport::UrlTrigger => raw.query.as_bytes().to_vec(),
        _ => raw.body.to_vec(),
    };
    UnknownEvent {
        name: name.to_owned(),
        raw,
    }
}

/// `{"event": <name>, ...fields}`: a declared event as one JSON object, its fields under their
/// wire names as the spec writes them.
pub fn to_json<F: Fields>(name: &str, fields: &F) -> String {
    let mut out = JsonWriter::with_capacity(64 + fields.size_hint());
    out.begin_document("");
    out.scalar("event", name, JsonScalar::String, Place::Element);
    fields.write(&mut out);
    out.end_document();
    into_string(out)
}

/// `{"event": <name>, "raw": <text>}`: the unknown variant as one JSON object (bytes that are
/// not UTF-8 shown as U+FFFD).
pub fn unknown_json(event: &UnknownEvent) -> String {
    let mut out = JsonWriter::with_capacity(32 + event.name.len() + event.raw.len() * 2);
    out.begin_document("");
    out.scalar("event", &event.name, JsonScalar::String, Place::Element);
    out.scalar(
        "raw",
        &String::from_utf8_lossy(&event.raw),
        JsonScalar::String,
        Place::Element,
    );
    out.end_document();
    into_string(out)
}

fn into_string(out: JsonWriter) -> String {
    // The writer writes only `&str`s, so its bytes are UTF-8.
    String::from_utf8(out.finish())
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::RawEvent;

    #[test]
    fn unknown_events_keep_their_bytes_and_show_as_json() {
        let raw = RawEvent {
            body: b"",
            path: "/x",
            query: "a=\"1\"",
        };
        let u = unknown(Transport::UrlTrigger, "x", &raw);
        assert_eq!(u.raw, b"a=\"1\"");
        assert_eq!(unknown_json(&u), r#"{"event":"x","raw":"a=\"1\""}"#);
        let body = unknown(Transport::HttpReport, "", &RawEvent::body(b"{\xff}"));
        assert_eq!(body.raw, b"{\xff}");
        assert_eq!(
            unknown_json(&body),
            "{\"event\":\"\",\"raw\":\"{\u{fffd}}\"}"
        );
    }
}
