//! Opening an event as it arrived: its name, and the document its declared fields are read
//! from. Written once for every family; generated decoders only say, in a [`Frame`], how their
//! family frames its events.
//!
//! - HTTP reports (OpenVox, Yeastar S-Series, API 2.0): a JSON object whose member `key`
//!   (`action`, `event`) names the event; the other members are its fields.
//! - WebSocket frames (Yeastar P-Series): `{"type": 30011, "sn": "..", "msg": ..}`, where
//!   `key` (`type`, a number, read as its decimal text) names the event and `payload` (`msg`)
//!   holds its fields, as an object or as a JSON string holding one (what the PBX sends); the
//!   frame's other members (`sn`) are read beside them.
//! - URL triggers (Switchvox): the last segment of the request path names the event, and the
//!   query string holds its fields ([`super::query`]).

use crate::error::{DecodeError, DecodeErrorKind};
use crate::event::{RawEvent, Transport};
use crate::tree::{Element, Kind};

/// How a family frames its events (`[events]` of its `family.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'k> {
    /// How the events travel; URL triggers are named by their path, the rest by `key`.
    pub transport: Transport,
    /// The member that names the event (`action`, `event`, `type`); unused for URL triggers.
    pub key: &'k str,
    /// The member that names an event that has no `key` member, decoded with another set of
    /// declarations: API 2.0 sends v1 `action` reports to a login without `version`.
    pub fallback_key: Option<&'k str>,
    /// The member that holds the fields (P-Series `msg`): an object, or a string holding a
    /// JSON object; `None` when the fields are the body's own members.
    pub payload: Option<&'k str>,
}

/// Which member named the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// [`Frame::key`] (or, for URL triggers, the path).
    Key,
    /// [`Frame::fallback_key`].
    Fallback,
    /// Nothing named it: no such member, or one that is not a scalar. The name is `""`.
    Nothing,
}

/// Opens `raw` as `frame` says and hands `read` the event's name and the document its fields
/// are in (without the member that named it). Only a body that is not an event document at
/// all is an error: not JSON, or (P-Series) a payload that is not a JSON object; for URL
/// triggers, a query string with a broken escape or bytes that are not UTF-8.
pub fn open<R>(
    frame: &Frame<'_>,
    raw: &RawEvent<'_>,
    read: impl FnOnce(Named, &str, &Element<'_>) -> R,
) -> Result<R, DecodeError> {
    if frame.transport == Transport::UrlTrigger {
        let tree = super::query::tree(raw.query)?;
        let name = trigger_name(raw.path);
        let named = if name.is_empty() {
            Named::Nothing
        } else {
            Named::Key
        };
        return Ok(read(named, name, &tree));
    }
    let mut root = Element::parse_json(raw.body)?;
    let (named, name) = take_name(&mut root, frame);
    let Some(payload) = frame.payload else {
        return Ok(read(named, &name, &root));
    };
    let Some(at) = root.children.iter().position(|c| c.name == payload) else {
        return Ok(read(named, &name, &root));
    };
    let held = root.children.remove(at);
    match held.kind {
        Kind::Object => {
            let mut tree = held;
            tree.name = root.name.clone();
            tree.children.append(&mut root.children);
            Ok(read(named, &name, &tree))
        }
        Kind::String => {
            let text = held.text.as_deref().unwrap_or("");
            let mut tree = Element::parse_json(text.as_bytes()).map_err(|e| e.within(payload))?;
            for member in root.children {
                tree.children.push(member);
            }
            Ok(read(named, &name, &tree))
        }
        Kind::Null => Ok(read(named, &name, &root)),
        _ => Err(DecodeError::at(
            payload,
            DecodeErrorKind::WrongType {
                expected: "an object, or a string holding one",
                found: "another JSON value",
            },
        )),
    }
}

/// The event name of a URL trigger: the request path's last non-empty segment
/// (`/pbx/incoming_call/` → `incoming_call`).
pub fn trigger_name(path: &str) -> &str {
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("")
}

/// Takes the member that names the event out of `root`: `key`, else the fallback key. The first
/// such member counts; one that is not a string or a number names nothing (and stays).
fn take_name(root: &mut Element<'_>, frame: &Frame<'_>) -> (Named, String) {
    let keys = [
        (Named::Key, Some(frame.key)),
        (Named::Fallback, frame.fallback_key),
    ];
    for (named, key) in keys {
        let Some(key) = key else { continue };
        let Some(at) = root.children.iter().position(|c| c.name == key) else {
            continue;
        };
        let member = &root.children[at];
        if !matches!(member.kind, Kind::String | Kind::Number) || member.in_array {
            return (Named::Nothing, String::new());
        }
        let name = member.text.as_deref().unwrap_or("").to_owned();
        root.children.remove(at);
        return (named, name);
    }
    (Named::Nothing, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: Frame<'static> = Frame {
        transport: Transport::HttpReport,
        key: "event",
        fallback_key: Some("action"),
        payload: None,
    };
    const P_SERIES: Frame<'static> = Frame {
        transport: Transport::WebSocket,
        key: "type",
        fallback_key: None,
        payload: Some("msg"),
    };

    fn names(
        frame: &Frame<'_>,
        raw: RawEvent<'_>,
    ) -> Result<(Named, String, Vec<String>), DecodeError> {
        open(frame, &raw, |named, name, tree| {
            let members = tree.children.iter().map(|c| c.name.to_string()).collect();
            (named, name.to_owned(), members)
        })
    }

    #[test]
    fn reports_are_named_by_key_then_fallback() {
        let (named, name, members) = names(
            &REPORT,
            RawEvent::body(br#"{"event":"NewCdr","callid":"1"}"#),
        )
        .unwrap();
        assert_eq!((named, name.as_str()), (Named::Key, "NewCdr"));
        assert_eq!(members, ["callid"]);
        let (named, name, _) = names(
            &REPORT,
            RawEvent::body(br#"{"action":"RING","callid":"1"}"#),
        )
        .unwrap();
        assert_eq!((named, name.as_str()), (Named::Fallback, "RING"));
        let (named, name, members) =
            names(&REPORT, RawEvent::body(br#"{"event":{"x":1},"a":"b"}"#)).unwrap();
        assert_eq!((named, name.as_str()), (Named::Nothing, ""));
        assert_eq!(members, ["event", "a"]);
        assert!(names(&REPORT, RawEvent::body(b"not json")).is_err());
    }

    #[test]
    fn p_series_payloads_as_text_or_object() {
        let text = br#"{"type":30008,"sn":"3631","msg":"{\"extension\":\"2002\",\"status\":\"Ringing\"}"}"#;
        let (named, name, members) = names(&P_SERIES, RawEvent::body(text)).unwrap();
        assert_eq!((named, name.as_str()), (Named::Key, "30008"));
        assert_eq!(members, ["extension", "status", "sn"]);
        let object = br#"{"type":30008,"sn":"3631","msg":{"extension":"2002"}}"#;
        let (_, _, members) = names(&P_SERIES, RawEvent::body(object)).unwrap();
        assert_eq!(members, ["extension", "sn"]);
        let null = br#"{"type":30015,"sn":"1","msg":null}"#;
        assert_eq!(names(&P_SERIES, RawEvent::body(null)).unwrap().2, ["sn"]);
        let broken = br#"{"type":30008,"msg":"{\"extension\":"}"#;
        assert_eq!(
            names(&P_SERIES, RawEvent::body(broken)).unwrap_err().path,
            "msg"
        );
        let number = br#"{"type":30008,"msg":5}"#;
        assert!(names(&P_SERIES, RawEvent::body(number)).is_err());
    }

    #[test]
    fn triggers_are_named_by_their_path() {
        assert_eq!(trigger_name("/pbx/incoming_call/"), "incoming_call");
        assert_eq!(trigger_name("hangup?x=1"), "hangup");
        assert_eq!(trigger_name("/"), "");
        let frame = Frame {
            transport: Transport::UrlTrigger,
            key: "",
            fallback_key: None,
            payload: None,
        };
        let raw = RawEvent {
            body: b"",
            path: "/hangup",
            query: "num=101&name=A+B",
        };
        let (named, name, members) = names(&frame, raw).unwrap();
        assert_eq!((named, name.as_str()), (Named::Key, "hangup"));
        assert_eq!(members, ["num", "name"]);
    }
}
