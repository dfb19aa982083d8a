//! What a text frame from the PBX is: the answer to `heartbeat`, an `errcode` answer (to the
//! subscription, or an in-band `10004 TOKEN EXPIRED`), or an event for the family's decoder.
//! Event frames are passed on untouched, whatever their `msg` holds.

use pbx_wire::Element;

/// The P-Series' answer to a `heartbeat` frame.
pub(super) const HEARTBEAT: &str = "heartbeat";
/// What the PBX sends back.
pub(super) const HEARTBEAT_RESPONSE: &str = "heartbeat response";
/// The P-Series' code for an expired, unknown or blank token (family.toml error table).
const TOKEN_EXPIRED: &str = "10004";

/// One frame, classified.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Frame {
    /// `heartbeat response`.
    HeartbeatResponse,
    /// `{"errcode": 0, "errmsg": "SUCCESS"}`: the subscription was taken.
    Success,
    /// `{"errcode": 10004, "errmsg": "TOKEN EXPIRED"}`: reconnect with a fresh token.
    TokenExpired,
    /// Another `errcode` answer, with its code and message as sent.
    Refused {
        /// `errcode`.
        code: String,
        /// `errmsg`, or `""`.
        message: String,
    },
    /// Anything else: for the family's decoder.
    Event,
}

/// Classifies a frame's bytes. Only an object with `errcode` and no `type` at its top level
/// is an answer; events (`{"type":…, "sn":…, "msg":…}`) and anything unreadable are events,
/// so the decoder sees them (and unreadable ones become `Malformed` items).
pub(super) fn classify(body: &[u8]) -> Frame {
    if body.trim_ascii() == HEARTBEAT_RESPONSE.as_bytes() {
        return Frame::HeartbeatResponse;
    }
    // Parse only what can be an answer: a frame naming `"errcode"` outside a string.
    if !contains(body, b"\"errcode\"") {
        return Frame::Event;
    }
    let Ok(root) = Element::parse_json(body) else {
        return Frame::Event;
    };
    let text = |name: &str| {
        root.children_named(name)
            .next()
            .and_then(|e| e.text.as_deref())
            .map(str::to_owned)
    };
    if root.children_named("type").next().is_some() {
        return Frame::Event;
    }
    let Some(code) = text("errcode") else {
        return Frame::Event;
    };
    let message = text("errmsg").unwrap_or_default();
    if code == "0" {
        Frame::Success
    } else if code == TOKEN_EXPIRED || message.eq_ignore_ascii_case("TOKEN EXPIRED") {
        Frame::TokenExpired
    } else {
        Frame::Refused { code, message }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_told_from_events() {
        assert_eq!(classify(b"heartbeat response"), Frame::HeartbeatResponse);
        assert_eq!(classify(b"heartbeat response\n"), Frame::HeartbeatResponse);
        assert_eq!(
            classify(br#"{"errcode": 0, "errmsg": "SUCCESS"}"#),
            Frame::Success
        );
        assert_eq!(
            classify(br#"{"errcode":10004,"errmsg":"TOKEN EXPIRED"}"#),
            Frame::TokenExpired
        );
        assert_eq!(
            classify(br#"{"errcode":"10004"}"#),
            Frame::TokenExpired,
            "a code sent as a string"
        );
        assert_eq!(
            classify(br#"{"errcode":40002,"errmsg":"PARAMETER ERROR"}"#),
            Frame::Refused {
                code: "40002".into(),
                message: "PARAMETER ERROR".into()
            }
        );
    }

    #[test]
    fn event_frames_go_to_the_decoder_whatever_msg_holds() {
        let frames: [&[u8]; 5] = [
            br#"{"type":30008,"sn":"3631A2124XXX","msg":"{\"extension\":\"2002\",\"status\":\"Ringing\"}"}"#,
            br#"{"type":30008,"sn":"3631A2124XXX","msg":{"extension":"2002","status":"Ringing"}}"#,
            br#"{"type":30011,"msg":{"errcode":0}}"#,
            br#"{"type":30011,"errcode":0}"#,
            b"not json",
        ];
        for frame in frames {
            assert_eq!(
                classify(frame),
                Frame::Event,
                "{}",
                String::from_utf8_lossy(frame)
            );
        }
    }
}
