//! The `action` reports of OpenVox UC (API v0.0.1) and Yeastar S-Series API v1 (and of API
//! 2.0 for a login without `version`), built in one place from a call's change.
//!
//! Three shapes, from the vendors' examples:
//! * OpenVox: `"ext":{"extid":["101","106"]}` (an array for a call between extensions, a
//!   string beside an `inbound`/`outbound` object), `sn` on most reports, both answer reports
//!   spelt `ANSWER`, `CallFailed`'s `reason` the number 480, `InUse`
//!   (XiaoShaoKun/xiaoshao@b73c1ab1d30c5227294918f412f765b0ceee709a:api-bao-gao-shi-li/*.md).
//! * Yeastar with `"version":"1.0.2"` at login: the same JSON, with Yeastar's words (the
//!   caller's `ANSWERED`, reasons as text, `Busy`, `Invite`/`Incoming`). No vendor page prints
//!   a 1.0.2 body; that it is OpenVox's shape is events.md 1a's reading (unverified).
//! * Yeastar v1.0.0 (no `version`; API 2.0 without `version` too, "PBX will send events in
//!   version 1.0.0"): one `"ext":{"extid":".."}` per party, the key repeated, no `sn`
//!   (YeastarCarol/Yeastar-S-Series-API-Guide-en@7947ac2:api_sample/call-report/*.md, e.g.
//!   `{"action":"ANSWERED","callid":"1495706238.328","ext":{"extid":"1002"},"ext":{"extid":"1000"}}`).
//!
//! Party order, in all three: ALERT the caller; RING the callee first; the caller's answer
//! report the caller first, the callee's the callee first; the first BYE the party who hung up
//! first, the second the other way round (XS `tong-hua-jie-shu-bao-gao.md`: "先记录主动挂断电话的用户号码").

use super::change::{Change, Happened, Leg, TRUNK};
use super::json::{J, Obj, s, timestamp};

/// Which of the three shapes a session gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    OpenVox,
    /// Yeastar, login `version` 1.0.2.
    Fixed,
    /// Yeastar v1.0.0: repeated `ext` keys.
    Repeated,
}

/// One report body, and whether it is a RING or ALERT (which OpenVox's malformed shape sends
/// without a blank line before the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub text: String,
    pub ring: bool,
}

struct Writer<'a> {
    shape: Shape,
    sn: &'a str,
    out: Vec<Body>,
}

impl Writer<'_> {
    fn yeastar(&self) -> bool {
        self.shape != Shape::OpenVox
    }

    /// Ends a report: `sn` last where the shape carries one (not v1.0.0; not the OpenVox
    /// ALERT and RING of a call out, whose examples have none).
    fn push(&mut self, obj: Obj, with_sn: bool) {
        let ring = matches!(obj.first_text(), Some("RING" | "ALERT"));
        let obj = if with_sn && self.shape != Shape::Repeated {
            obj.s("sn", self.sn)
        } else {
            obj
        };
        self.out.push(Body {
            text: obj.text(),
            ring,
        });
    }

    /// `ext` for `parties`: repeated keys (v1.0.0), else one `extid`, an array for a call
    /// between extensions.
    fn ext(&self, obj: Obj, parties: &[&str], internal: bool) -> Obj {
        let one = |p: &str| J::O(Obj::new().s("extid", p));
        match (self.shape, parties) {
            (Shape::Repeated, _) => parties.iter().fold(obj, |o, p| o.put("ext", one(p))),
            (_, [p]) if !internal => obj.put("ext", one(p)),
            _ => obj.put(
                "ext",
                J::O(Obj::new().put("extid", J::A(parties.iter().map(|p| s(p)).collect()))),
            ),
        }
    }
}

/// The `inbound` or `outbound` object of a call with an outside leg.
fn outside(h: &Happened) -> Option<(&'static str, J)> {
    let c = &h.call;
    let (key, id_key) = match c.leg {
        Leg::Internal => return None,
        Leg::Outbound => ("outbound", "outboundid"),
        Leg::Inbound => ("inbound", "inboundid"),
    };
    let obj = Obj::new()
        .s("from", &c.from)
        .s("to", &c.to)
        .s("trunk", TRUNK)
        .s(id_key, &c.id);
    Some((key, J::O(obj)))
}

fn head(action: &str, h: &Happened) -> Obj {
    Obj::new().s("action", action).s("callid", &h.call.id)
}

/// A report naming the call's extension parties in `parties` order, with its outside object
/// before `ext` for a call out and after it for a call in (XS RING examples).
fn call_report(w: &mut Writer<'_>, action: &str, h: &Happened, parties: &[&str], sn: bool) {
    let internal = h.call.leg == Leg::Internal;
    let mut obj = head(action, h);
    let out = outside(h);
    if let (Leg::Outbound, Some((key, value))) = (h.call.leg, out.clone()) {
        obj = obj.put(key, value);
    }
    obj = w.ext(obj, parties, internal);
    if let (Leg::Inbound, Some((key, value))) = (h.call.leg, out) {
        obj = obj.put(key, value);
    }
    w.push(obj, sn);
}

fn extension_status(w: &mut Writer<'_>, number: &str, status: Status) {
    let word = match (status, w.yeastar()) {
        (Status::Ringing, _) => "Ringing",
        (Status::Busy, false) => "InUse",
        (Status::Busy, true) => "Busy",
        (Status::Idle, _) => "Idle",
    };
    let obj = Obj::new()
        .s("action", "ExtensionStatus")
        .s("extension", number)
        .s("status", word);
    w.push(obj, true);
}

#[derive(Clone, Copy)]
enum Status {
    Ringing,
    Busy,
    Idle,
}

/// The reports of `h` in `shape`, in the order the PBX sends them.
pub(crate) fn bodies(shape: Shape, sn: &str, h: &Happened) -> Vec<Body> {
    let mut w = Writer {
        shape,
        sn,
        out: Vec::new(),
    };
    let c = &h.call;
    let (from, to) = (c.from.as_str(), c.to.as_str());
    let out_call = c.leg == Leg::Outbound;
    match &h.change {
        Change::Dialled => {
            // The caller alone, with no outside object even for a call out (XS ALERT, YEN
            // `ring-back.md`).
            let alert = w.ext(head("ALERT", h), &[from], c.leg == Leg::Internal);
            w.push(alert, !out_call);
            let ring: &[&str] = if out_call { &[from] } else { &[to, from] };
            call_report(&mut w, "RING", h, ring, !out_call);
            if c.callee_is_extension() {
                extension_status(&mut w, to, Status::Ringing);
            }
            let answered = if w.yeastar() { "ANSWERED" } else { "ANSWER" };
            let caller: &[&str] = if out_call { &[from] } else { &[from, to] };
            call_report(&mut w, answered, h, caller, true);
            if !out_call {
                call_report(&mut w, "ANSWER", h, &[to, from], true);
            }
            for ext in c.extensions() {
                extension_status(&mut w, ext, Status::Busy);
            }
        }
        Change::Ringing => {
            if w.yeastar() {
                // YEN `inbound-call-request.md`: `Invite` when inbound answering is
                // controlled, as the simulator's 10-second window implies.
                let (key, value) = outside(h).unwrap_or(("inbound", J::Null));
                w.push(head("Invite", h).put(key, value), true);
            }
            let alert = match outside(h) {
                Some((key, value)) => head("ALERT", h).put(key, value),
                None => w.ext(head("ALERT", h), &[from], true),
            };
            w.push(alert, true);
            call_report(&mut w, "RING", h, &[to], true);
            extension_status(&mut w, to, Status::Ringing);
        }
        Change::Answered => {
            if w.yeastar() {
                // YEN `inbound-call.md`: `Incoming` "when the trunk answers call".
                let (key, value) = outside(h).unwrap_or(("inbound", J::Null));
                w.push(head("Incoming", h).put(key, value), true);
            }
            call_report(&mut w, "ANSWER", h, &[to], true);
            extension_status(&mut w, to, Status::Busy);
        }
        // No v1 report tells of hold (none is documented).
        Change::Held(_) => {}
        Change::Transferred { joined } => {
            // XS `hu-jiao-zhuan-yi-bao-gao.md`: `Tranfer` (sic) with the new party's `ext`.
            call_report(&mut w, "Tranfer", h, &[joined.as_str()], true);
        }
        Change::HungUp { by, cdr } => {
            let other = h.other(by);
            let exts = c.extensions();
            let first: Vec<&str> = [by.as_str(), other]
                .into_iter()
                .filter(|p| exts.contains(p))
                .collect();
            let second: Vec<&str> = first.iter().rev().copied().collect();
            bye(&mut w, h, &first, true);
            bye(&mut w, h, &second, false);
            for ext in exts {
                extension_status(&mut w, ext, Status::Idle);
            }
            if let Some(cdr) = cdr {
                new_cdr(&mut w, h, cdr);
            }
        }
        Change::Failed(_) => {
            let (reason, parties) = if w.yeastar() {
                // YEN `call-failure.md`: reasons as text ("User busy").
                (s("User busy"), vec![from])
            } else {
                // XS `hu-jiao-shi-bai-bao-gao.md`: `"reason":480`, both parties.
                (J::N(480), vec![from, to])
            };
            let obj = Obj::new()
                .s("action", "CallFailed")
                .put("reason", reason)
                .s("callid", &c.id);
            let obj = w.ext(obj, &parties, c.leg == Leg::Internal);
            w.push(obj, true);
        }
    }
    w.out
}

/// A BYE: for a call with an outside leg, the outside object first in the first report and
/// last in the second (XS `tong-hua-jie-shu-bao-gao.md`).
fn bye(w: &mut Writer<'_>, h: &Happened, parties: &[&str], first: bool) {
    let internal = h.call.leg == Leg::Internal;
    let mut obj = head("BYE", h);
    let out = outside(h);
    if first && let Some((key, value)) = out.clone() {
        obj = obj.put(key, value);
    }
    obj = w.ext(obj, parties, internal);
    if !first && let Some((key, value)) = out {
        obj = obj.put(key, value);
    }
    w.push(obj, true);
}

/// `NewCdr`: OpenVox's fields (XS `tong-hua-ji-lu-bao-gao.md`), Yeastar's with the trunk
/// names and recording of YEN `cdr.md`.
fn new_cdr(w: &mut Writer<'_>, h: &Happened, cdr: &crate::model::Cdr) {
    let answered = cdr.disposition == "ANSWERED";
    let talk = if answered { cdr.duration } else { 0 };
    let mut obj = Obj::new()
        .s("action", "NewCdr")
        .s("callid", &cdr.id)
        .s("timestart", &timestamp(cdr.start))
        .s("callfrom", &cdr.from)
        .s("callto", &cdr.to);
    if w.yeastar() {
        obj = match h.call.leg {
            Leg::Inbound => obj.s("srctrunkname", TRUNK),
            Leg::Outbound => obj.s("desttrunkname", TRUNK),
            Leg::Internal => obj.s("desttrunkname", ""),
        };
    }
    obj = obj
        .s("callduraction", &cdr.duration.to_string())
        .s("talkduraction", &talk.to_string())
        .s("status", cdr.disposition)
        .s("type", h.call.leg.cdr_type());
    if w.yeastar()
        && let Some(file) = &cdr.recording
    {
        obj = obj.s("recording", file);
    }
    w.push(obj, true);
}

/// `BootUp` (XS `untitled.md`: `{"action": "BootUp", "sn": "369351034049"}`).
pub(crate) fn boot_up(sn: &str) -> Body {
    Body {
        text: Obj::new().s("action", "BootUp").s("sn", sn).text(),
        ring: false,
    }
}

#[cfg(test)]
#[path = "v1_tests.rs"]
mod tests;
