//! `[[examples]]` of an event file: the vendor's documented bodies, opened with the runtime's
//! own framing (`pbx_wire::event::frame`) and checked against the event's fields at compile
//! time. An example must be named as its event (so it decodes into its own variant, never the
//! unknown one), and every member of its body must be claimed by a declared field, so that no
//! vendor field is dropped unseen. Vendor mistakes use the endpoint keys (`mistake`,
//! `decodes`, `corrected`).

use pbx_wire::event::{Frame, Named, RawEvent, Transport, frame};
use pbx_wire::{Decodes, Format};
use toml::de::DeValue;

use crate::examples::{self, Problem};
use crate::model::{EventDef, EventExample, Events};
use crate::spec::example::{locate_in_file, mistake, syntax_offset};
use crate::spec::toml::{At, Cx, Table};

const KEYS: &[&str] = &["name", "body", "query", "mistake", "decodes", "corrected"];

/// Reads every example of `def`, checking each against its fields.
pub fn read(root: &Table<'_, '_>, events: &Events, def: &EventDef) -> Vec<EventExample> {
    let cx = root.cx();
    let mut out = Vec::new();
    let Some((array, _)) = root.array("examples") else {
        return out;
    };
    let trigger = events.transport == Transport::UrlTrigger;
    let (wanted, other) = if trigger {
        ("query", "body")
    } else {
        ("body", "query")
    };
    for item in array.iter() {
        let DeValue::Table(t) = item.get_ref() else {
            cx.diag.error(
                cx.src,
                item.span(),
                "each example is a table (`[[examples]]`)",
            );
            continue;
        };
        let t = Table::new(cx, t, item.span(), "an example");
        let name = t.req_str("name");
        let text = t.req_str(wanted);
        if let Some(wrong) = t.str(other) {
            let why = if trigger {
                "a URL trigger's data is its query string: write it as `query`"
            } else {
                "this family's events are bodies: write the example as `body`"
            };
            cx.diag.error(cx.src, wrong.span, why);
        }
        let marked = t.get("mistake").is_some();
        let mistake = mistake(&t, false);
        t.finish(KEYS);
        let (Some(name), Some(text)) = (name, text) else {
            continue;
        };
        let report = |problems: Vec<Problem>, at: &At<String>| {
            for problem in problems {
                let span = locate_in_file(cx, at, Format::Json, &problem);
                cx.diag.error(
                    cx.src,
                    span,
                    format!(
                        "example `{}` does not match the spec: {}",
                        name.value, problem.message
                    ),
                );
            }
        };
        let problems = check(events, def, &text.value);
        match &mistake {
            None if marked => {}
            None => report(problems, &text),
            Some((m, decodes_at, corrected)) => {
                if m.decodes == Decodes::Error && problems.is_empty() {
                    cx.diag.error_help(
                        cx.src,
                        decodes_at.clone(),
                        format!(
                            "example `{}` says `decodes = \"error\"`, but its body matches the spec",
                            name.value
                        ),
                        "remove `mistake` and `decodes`, or use `decodes = \"lenient\"`",
                    );
                }
                if m.decodes == Decodes::Lenient {
                    lenient(cx, events, def, &name.value, &text);
                }
                if let Some(c) = corrected {
                    report(check(events, def, &c.value), c);
                }
            }
        }
        let (body, query) = if trigger {
            (String::new(), text.value)
        } else {
            (text.value, String::new())
        };
        out.push(EventExample {
            name: name.value,
            body,
            query,
            mistake: mistake.map(|(m, _, _)| m),
        });
    }
    out
}

/// A `lenient` example must still open and carry its event's name: that is what makes it
/// decode into its variant rather than fail or fall to the unknown one.
fn lenient(cx: Cx<'_>, events: &Events, def: &EventDef, name: &str, text: &At<String>) {
    let problems = check(events, def, &text.value);
    let fatal: Vec<Problem> = problems
        .into_iter()
        .filter(|p| p.path.is_empty() || p.offset.is_some())
        .collect();
    for problem in fatal {
        let span = locate_in_file(cx, text, Format::Json, &problem);
        cx.diag.error(
            cx.src,
            span,
            format!(
                "example `{name}` says `decodes = \"lenient\"`, but it cannot decode as `{}`: {}",
                def.event, problem.message
            ),
        );
    }
}

/// Every way `text` (a body, or a trigger's query string) disagrees with the event's spec:
/// opened as the family frames its events, named as this event, every member declared, every
/// declared field present and valid.
pub fn check(events: &Events, def: &EventDef, text: &str) -> Vec<Problem> {
    let frame = Frame {
        transport: events.transport,
        key: &events.key,
        fallback_key: None,
        payload: events.payload.as_deref(),
    };
    let path = format!("/{}", def.event);
    let raw = match events.transport {
        Transport::UrlTrigger => RawEvent {
            body: b"",
            path: &path,
            query: text,
        },
        _ => RawEvent::body(text.as_bytes()),
    };
    let opened = frame::open(&frame, &raw, |named, name, tree| {
        let mut problems = Vec::new();
        match named {
            Named::Nothing => problems.push(Problem {
                message: format!(
                    "the body has no `{}` member naming the event, so it decodes as unknown",
                    events.key
                ),
                path: String::new(),
                value: None,
                offset: None,
            }),
            _ if name != def.event => problems.push(Problem {
                message: format!(
                    "the body names the event `{name}`, not `{}`, so it is not this event",
                    def.event
                ),
                path: String::new(),
                value: Some(name.to_owned()),
                offset: None,
            }),
            _ => {}
        }
        examples::fields(&def.fields, tree, Format::Json, "", &[], &mut problems);
        problems
    });
    match opened {
        Ok(problems) => problems,
        Err(e) => {
            let message = e.to_string();
            let lead = text.len() - text.trim_start().len();
            let offset = if e.path.is_empty() {
                syntax_offset(text.trim(), &message).map(|o| o + lead)
            } else {
                None
            };
            vec![Problem {
                message,
                path: String::new(),
                value: None,
                offset,
            }]
        }
    }
}
