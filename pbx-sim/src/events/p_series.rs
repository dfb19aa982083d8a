//! The frames of the Yeastar P-Series WebSocket, built in one place: `{"type":<id>,"sn":"..",
//! "msg":"<JSON text>"}`, `msg` a JSON string holding the event's JSON, as real frames carry
//! it (events.md 1c; the docs print it unescaped, which is not JSON).
//!
//! Events (`https://help.yeastar.com/en/p-series-software-edition/developer-guide/`):
//! 30008 `event-extension-call-status-changed.html` (`{"extension":"2002","status":"Ringing"}`,
//! Ringing/Busy/Idle); 30011 `event-call-status-changed.html` (`call_id`, `members[]` of
//! `extension{number, channel_id, member_status, call_path}` | `inbound`/`outbound{from, to,
//! trunk_name, channel_id, member_status, call_path}`; `call_path` empty as in the real frame
//! of code-index file 18658078066); 30012 `event-new-cdr.html` (field order of its table;
//! durations as numbers; `type` capitalised as real frames send it); 30015
//! `event-call-failed.html` (`members` null as in the real frame of the same file); 30016
//! `event-inbound-call-invitation.html` (one `inbound` member, `ALERT`, `call_path` one space
//! as printed).

use super::change::{Change, Happened, Leg, TRUNK};
use super::json::{J, Obj, timestamp, write_str};

/// Extension call status changed.
pub(crate) const EXTENSION_CALL_STATUS: u32 = 30008;
/// Call status changed.
pub(crate) const CALL_STATUS: u32 = 30011;
/// New CDR.
pub(crate) const NEW_CDR: u32 = 30012;
/// Call failed.
pub(crate) const CALL_FAILED: u32 = 30015;
/// Inbound call invitation.
pub(crate) const INBOUND_INVITATION: u32 = 30016;

/// One frame: its topic and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    pub topic: u32,
    pub text: String,
}

struct Writer<'a> {
    sn: &'a str,
    out: Vec<Frame>,
}

impl Writer<'_> {
    fn push(&mut self, topic: u32, msg: Obj) {
        let mut text = format!("{{\"type\":{topic},\"sn\":");
        write_str(&mut text, self.sn);
        text.push_str(",\"msg\":");
        write_str(&mut text, &msg.text());
        text.push('}');
        self.out.push(Frame { topic, text });
    }

    fn members(h: &Happened, caller: &str, callee: &str) -> J {
        let c = &h.call;
        let ext = |number: &str, channel: &str, status: &str| {
            let inner = Obj::new()
                .s("number", number)
                .s("channel_id", channel)
                .s("member_status", status)
                .s("call_path", "");
            J::O(Obj::new().put("extension", J::O(inner)))
        };
        let outside = |key: &'static str, channel: &str, status: &str| {
            let inner = Obj::new()
                .s("from", &c.from)
                .s("to", &c.to)
                .s("trunk_name", TRUNK)
                .s("channel_id", channel)
                .s("member_status", status)
                .s("call_path", "");
            J::O(Obj::new().put(key, J::O(inner)))
        };
        J::A(match c.leg {
            Leg::Internal => vec![
                ext(&c.from, &c.from_channel, caller),
                ext(&c.to, &c.to_channel, callee),
            ],
            Leg::Outbound => vec![
                ext(&c.from, &c.from_channel, caller),
                outside("outbound", &c.to_channel, callee),
            ],
            Leg::Inbound => vec![
                outside("inbound", &c.from_channel, caller),
                ext(&c.to, &c.to_channel, callee),
            ],
        })
    }

    fn call_status(&mut self, h: &Happened, caller: &str, callee: &str) {
        let msg = Obj::new()
            .s("call_id", &h.call.id)
            .put("members", Self::members(h, caller, callee));
        self.push(CALL_STATUS, msg);
    }

    fn extension(&mut self, number: &str, status: &str) {
        let msg = Obj::new().s("extension", number).s("status", status);
        self.push(EXTENSION_CALL_STATUS, msg);
    }
}

/// The frames of `h`, in the order the PBX sends them.
pub(crate) fn frames(sn: &str, h: &Happened) -> Vec<Frame> {
    let mut w = Writer {
        sn,
        out: Vec::new(),
    };
    let c = &h.call;
    match &h.change {
        Change::Dialled => {
            w.call_status(h, "ALERT", "RING");
            if c.callee_is_extension() {
                w.extension(&c.to, "Ringing");
            }
            w.call_status(h, "ANSWERED", "ANSWER");
            for ext in c.extensions() {
                w.extension(ext, "Busy");
            }
        }
        Change::Ringing => {
            let inbound = Obj::new()
                .s("from", &c.from)
                .s("to", &c.to)
                .s("trunk_name", TRUNK)
                .s("channel_id", &c.from_channel)
                .s("member_status", "ALERT")
                .s("call_path", " ");
            let member = J::O(Obj::new().put("inbound", J::O(inbound)));
            let msg = Obj::new()
                .s("call_id", &c.id)
                .put("members", J::A(vec![member]));
            w.push(INBOUND_INVITATION, msg);
            w.call_status(h, "ALERT", "RING");
            w.extension(&c.to, "Ringing");
        }
        Change::Answered => {
            w.call_status(h, "ANSWERED", "ANSWER");
            w.extension(&c.to, "Busy");
        }
        Change::Held(on) => {
            let callee = if *on { "HOLD" } else { "ANSWER" };
            w.call_status(h, "ANSWERED", callee);
        }
        Change::Transferred { .. } => w.call_status(h, "ANSWERED", "ANSWER"),
        Change::HungUp { cdr, .. } => {
            w.call_status(h, "BYE", "BYE");
            for ext in c.extensions() {
                w.extension(ext, "Idle");
            }
            if let Some(cdr) = cdr {
                w.push(NEW_CDR, new_cdr(h, cdr));
            }
        }
        Change::Failed(_) => {
            let msg = Obj::new()
                .s("call_id", &c.id)
                .s("reason", "User Busy")
                .put("members", J::Null);
            w.push(CALL_FAILED, msg);
        }
    }
    w.out
}

fn new_cdr(h: &Happened, cdr: &crate::model::Cdr) -> Obj {
    let answered = cdr.disposition == "ANSWERED";
    let number = |n: u64| J::N(i64::try_from(n).unwrap_or(i64::MAX));
    let (src, dst) = match h.call.leg {
        Leg::Internal => ("", ""),
        Leg::Outbound => ("", TRUNK),
        Leg::Inbound => (TRUNK, ""),
    };
    Obj::new()
        .s("call_id", &cdr.id)
        .s("time_start", &timestamp(cdr.start))
        .s("call_from", &cdr.from)
        .s("call_to", &cdr.to)
        .put("call_duration", number(cdr.duration))
        .put(
            "talk_duration",
            number(if answered { cdr.duration } else { 0 }),
        )
        .s("src_trunk_name", src)
        .s("dst_trunk_name", dst)
        .s("pin_code", "")
        .s("status", cdr.disposition)
        .s("type", h.call.leg.cdr_type())
        .s("recording", cdr.recording.as_deref().unwrap_or(""))
        .s("did_number", "")
        .put("agent_ring_time", J::N(0))
}
