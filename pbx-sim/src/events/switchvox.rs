//! Switchvox URL-manager triggers, built in one place: for each event a call's change is, the
//! configured URL with its `%VARIABLE%` placeholders filled in, percent-encoded. "When the event
//! happens, Switchvox builds the URL with the event's data, then posts a request to the newly
//! formed URL" (`http://developers.digium.com/switchvox/wiki/index.php/UrlManagerAPI_overview`).
//!
//! Variables (xtpclark/xTupleCID@a158d5f52d48b8a53064378e821f3980eb33a5db:README.md):
//! `CALLER_ID_NUMBER`, `CALLER_ID_NAME`, `EXTENSION`, `EXTENSION_TYPE`, `FEATURE_DATA`,
//! `INCOMING_DID`, `EVENT_TYPE`, `JOB_ID` (the call's id). "Not every variable is available in
//! every event … be prepared to handle an empty variable": the simulator fills what its model
//! knows and leaves the rest (and unknown names) empty. `EVENT_TYPE`'s values are not
//! documented; the simulator sends the event's name (unverified).

use super::change::{Change, Happened, Leg};
use super::config::{Trigger, TriggerEvent};
use super::target::{Target, split_url};

/// The Switchvox events a change is.
fn events(change: &Change) -> &'static [TriggerEvent] {
    match change {
        // The model answers a dial at once.
        Change::Dialled => &[TriggerEvent::OutgoingCall, TriggerEvent::CallAnswered],
        Change::Ringing => &[TriggerEvent::IncomingCall],
        Change::Answered => &[TriggerEvent::CallAnswered],
        Change::HungUp { .. } => &[TriggerEvent::CallHangup],
        _ => &[],
    }
}

/// A variable's value for `event` of `h`.
fn variable(name: &str, event: TriggerEvent, h: &Happened) -> String {
    let c = &h.call;
    let extension = if c.leg == Leg::Inbound {
        &c.to
    } else {
        &c.from
    };
    match name {
        "CALLER_ID_NUMBER" => c.from.clone(),
        "EXTENSION" => extension.clone(),
        "INCOMING_DID" if c.leg == Leg::Inbound => c.to.clone(),
        "EVENT_TYPE" => event.name().to_owned(),
        "JOB_ID" => c.id.clone(),
        _ => String::new(),
    }
}

/// `template` with every `%NAME%` replaced by its value, percent-encoded; a `%` that starts
/// no placeholder is kept.
pub(crate) fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|ch: char| !(ch.is_ascii_uppercase() || ch == '_'))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('%') {
            out.push_str(&encode(&value(&after[..name_len])));
            rest = &after[name_len + 1..];
        } else {
            out.push('%');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Percent-encoding of everything but the unreserved characters (RFC 3986).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The requests `h` triggers: each configured URL of its events, filled in, and whether it is
/// POSTed.
pub(crate) fn requests(triggers: &[Trigger], h: &Happened) -> Vec<(Result<Target, String>, bool)> {
    let mut out = Vec::new();
    for event in events(&h.change) {
        for trigger in triggers.iter().filter(|t| t.event == *event) {
            let url = fill(&trigger.url, |name| variable(name, *event, h));
            let target = split_url(&url)
                .map(|(host, port, path)| Target {
                    host,
                    port: port.unwrap_or(80),
                    path,
                    raw_url: url.clone(),
                })
                .ok_or_else(|| {
                    format!("trigger url `{}` is not http://host:port/path", trigger.url)
                });
            out.push((target, trigger.post));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_encoded() {
        let filled = fill(
            "/in?n=%CALLER_ID_NUMBER%&x=%NOPE%&p=100%&j=%JOB_ID%",
            |n| match n {
                "CALLER_ID_NUMBER" => "+1 555".into(),
                "JOB_ID" => "99.100".into(),
                _ => String::new(),
            },
        );
        assert_eq!(filled, "/in?n=%2B1%20555&x=&p=100%&j=99.100");
    }
}
