//! The `event` reports of Yeastar API 2.0 (`/api/v2.0.0`, a login with `"version":"2.0.0"`),
//! built in one place: `CallStatus` with every member's status, `ExtensionStatus`, and
//! `NewCdr` with the vendor's `dsttrcunkname` spelling.
//!
//! Sources: `https://help.yeastar.com/en/s-series-developer-v2/api-v2/event-CallStatus.html`
//! (members `ext{number, channelid, memberstatus}` | `inbound`/`outbound{from, to, trunkname,
//! channelid, memberstatus}`; `callpath` "only appears when the call passes through IVR,
//! Queue, Ring Group, Paging/Intercom or Conference", so never here), the key order of the
//! ConferenceStatus example (`https://help.yeastar.com/zh-cn/s1000-developer-v2/api-v2/event-conference-status.html`),
//! `event-ExtensionStatus.html` (`{ "event": "ExtensionStatus", "extension": "1023", "status": "Ringing", "sn": "369451090405" }`)
//! and `https://help.yeastar.com/en/cloudpbx-developer-v2/api-v2/event-NewCdr.html` (field
//! order and values of its example). API 2.0 documents no event for a failed call or a
//! transfer of its own: a transfer shows in `CallStatus`, a failed dial in nothing.

use super::change::{Change, Happened, Leg, TRUNK};
use super::json::{J, Obj, timestamp};

struct Writer<'a> {
    sn: &'a str,
    out: Vec<String>,
}

impl Writer<'_> {
    fn push(&mut self, obj: Obj) {
        self.out.push(obj.s("sn", self.sn).text());
    }

    /// `CallStatus` with the caller's and the callee's `memberstatus`.
    fn call_status(&mut self, h: &Happened, caller: &str, callee: &str) {
        let c = &h.call;
        let ext = |number: &str, channel: &str, status: &str| {
            let inner = Obj::new()
                .s("number", number)
                .s("channelid", channel)
                .s("memberstatus", status);
            J::O(Obj::new().put("ext", J::O(inner)))
        };
        let outside = |key: &'static str, channel: &str, status: &str| {
            let inner = Obj::new()
                .s("from", &c.from)
                .s("to", &c.to)
                .s("trunkname", TRUNK)
                .s("channelid", channel)
                .s("memberstatus", status);
            J::O(Obj::new().put(key, J::O(inner)))
        };
        let members = match c.leg {
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
        };
        let obj = Obj::new()
            .s("event", "CallStatus")
            .s("callid", &c.id)
            .put("members", J::A(members));
        self.push(obj);
    }

    fn extension_status(&mut self, number: &str, status: &str) {
        let obj = Obj::new()
            .s("event", "ExtensionStatus")
            .s("extension", number)
            .s("status", status);
        self.push(obj);
    }
}

/// The reports of `h`, in the order the PBX sends them.
pub(crate) fn bodies(sn: &str, h: &Happened) -> Vec<String> {
    let mut w = Writer {
        sn,
        out: Vec::new(),
    };
    let c = &h.call;
    match &h.change {
        Change::Dialled => {
            w.call_status(h, "ALERT", "RING");
            if c.callee_is_extension() {
                w.extension_status(&c.to, "Ringing");
            }
            w.call_status(h, "ANSWERED", "ANSWER");
            for ext in c.extensions() {
                w.extension_status(ext, "Busy");
            }
        }
        Change::Ringing => {
            w.call_status(h, "ALERT", "RING");
            w.extension_status(&c.to, "Ringing");
        }
        Change::Answered => {
            w.call_status(h, "ANSWERED", "ANSWER");
            w.extension_status(&c.to, "Busy");
        }
        Change::Held(on) => {
            let callee = if *on { "HOLD" } else { "ANSWER" };
            w.call_status(h, "ANSWERED", callee);
        }
        Change::Transferred { .. } => w.call_status(h, "ANSWERED", "ANSWER"),
        Change::HungUp { cdr, .. } => {
            w.call_status(h, "BYE", "BYE");
            for ext in c.extensions() {
                w.extension_status(ext, "Idle");
            }
            if let Some(cdr) = cdr {
                w.push(new_cdr(h, cdr));
            }
        }
        Change::Failed(_) => {}
    }
    w.out
}

fn new_cdr(h: &Happened, cdr: &crate::model::Cdr) -> Obj {
    let answered = cdr.disposition == "ANSWERED";
    let talk = if answered { cdr.duration } else { 0 };
    let (src, dst) = match h.call.leg {
        Leg::Internal => ("", ""),
        Leg::Outbound => ("", TRUNK),
        Leg::Inbound => (TRUNK, ""),
    };
    Obj::new()
        .s("event", "NewCdr")
        .s("callid", &cdr.id)
        .s("timestart", &timestamp(cdr.start))
        .s("callfrom", &cdr.from)
        .s("callto", &cdr.to)
        .s("callduraction", &cdr.duration.to_string())
        .s("talkduraction", &talk.to_string())
        .s("srctrunkname", src)
        .s("dsttrcunkname", dst)
        .s("pincode", "")
        .s("status", cdr.disposition)
        .s("type", h.call.leg.cdr_type())
        .s("recording", cdr.recording.as_deref().unwrap_or(""))
        .s("didnumber", "")
        .s("agentringtime", "0")
}
