//! What every event fuzz target checks, for one family's generated `Event`: decoding arbitrary
//! bytes never panics; whatever decodes answers `name`, `call_keys` and `to_json` without a
//! panic, its JSON parses, and a declared event written back with the family's key decodes to
//! the same value (under the key, or the fallback key).

use pbx_api::wire::Element;
use pbx_api::wire::event::{FamilyEvents, Frame, RawEvent, Transport};

/// Decodes `data` as family `E` receives it: a body, or for URL triggers `PATH?QUERY`.
pub fn check<E: FamilyEvents + PartialEq>(frame: &Frame<'_>, data: &[u8]) {
    let decoded = if E::TRANSPORT == Transport::UrlTrigger {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let (path, query) = text.split_once('?').unwrap_or((text, ""));
        E::decode(&RawEvent {
            body: b"",
            path,
            query,
        })
    } else {
        E::decode(&RawEvent::body(data))
    };
    let Ok(event) = decoded else {
        return;
    };
    let _ = (event.name(), event.call_keys());
    let json = event.to_json();
    assert!(Element::parse_json(json.as_bytes()).is_ok(), "to_json: {json}");
    if event.is_unknown() || E::TRANSPORT == Transport::UrlTrigger {
        return;
    }
    let rest = json.strip_prefix("{\"event\":").expect("to_json starts with the name");
    // An event of the fallback's set (API 2.0's v1 reports) is named by the fallback key.
    let keys = std::iter::once(frame.key).chain(frame.fallback_key);
    let same = keys.map(|key| format!("{{\"{key}\":{rest}")).any(|written| {
        E::decode(&RawEvent::body(written.as_bytes())).is_ok_and(|again| again == event)
    });
    assert!(same, "{json} does not write back to {event:?}");
}
