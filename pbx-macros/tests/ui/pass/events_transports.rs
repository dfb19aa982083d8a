// Events of the two transports the repository's own event files do not cover yet: WebSocket
// frames whose `msg` is JSON text or an object, and URL triggers whose data is the query.

pbx_macros::specs!("../specs/pass_events");

use pbx_api::wire::event::{FamilyEvents, RawEvent};

fn main() {
    let text = br#"{"type":30011,"sn":"3631","msg":"{\"call_id\":\"1.2\",\"members\":[{\"inbound\":{\"channel_id\":\"PJSIP/t-1\"}}]}"}"#;
    let frames::events::Event::CallStatus(e) = frames::events::Event::decode(&RawEvent::body(text)).unwrap() else {
        panic!("not 30011")
    };
    assert_eq!((e.call_id.as_str(), e.sn.as_deref()), ("1.2", Some("3631")));
    let keys: Vec<String> = frames::events::Event::CallStatus(e.clone()).call_keys().into_iter().map(|k| k.value).collect();
    assert_eq!(keys, ["1.2", "PJSIP/t-1"]);
    let object = br#"{"type":30011,"msg":{"call_id":"1.3","members":null}}"#;
    let decoded = frames::events::Event::decode(&RawEvent::body(object)).unwrap();
    assert_eq!(decoded.name(), "30011");
    assert!(!decoded.is_unknown());
    let raw = RawEvent { body: b"", path: "/pbx/hangup", query: "name=John+Doe&num=%2B4930&job=99.100" };
    let triggers::events::Event::Hangup(h) = triggers::events::Event::decode(&raw).unwrap() else {
        panic!("not a hangup")
    };
    assert_eq!((h.name.as_deref(), h.num.as_deref(), h.job.as_str()), (Some("John Doe"), Some("+4930"), "99.100"));
    assert_eq!(frames::events::EXAMPLES.len(), 3);
}
