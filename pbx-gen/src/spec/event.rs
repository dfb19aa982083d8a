//! Events: the `[events]` table of `family.toml` (how the family frames its events) and the
//! event files `specs/<family>/events/<name>.toml`, read into [`Events`]. Fields are read with
//! the response-field language (`field.rs`); examples in `event_example.rs`; call keys in
//! `event_keys.rs`.

use pbx_wire::event::Transport;
use toml::de::DeValue;

use crate::diagnostics::Diagnostics;
use crate::model::{Api, EventDef, Events, Fallback, Field};
use crate::names;
pub use crate::spec::event_files::{EventSource, read_folder, sibling_display};
use crate::spec::field::{self, Side};
use crate::spec::toml::{At, Cx, Table};
use crate::spec::type_names;

/// The folder of a family's event files; never walked as an endpoint group.
pub const FOLDER: &str = "events";

const FRAME_KEYS: &[&str] = &["transport", "key", "payload", "fallback"];
const FALLBACK_KEYS: &[&str] = &["key", "family", "module"];
const KEYS: &[&str] = &[
    "name",
    "summary",
    "doc",
    "event",
    "unverified",
    "fields",
    "call_keys",
    "examples",
];

/// Names an event file cannot take: the enum, its unknown variant.
const RESERVED: &[&str] = &["Event", "Unknown"];

/// `[events]` as written: the framing, before the event files are read.
#[derive(Debug, Clone)]
pub struct Framing {
    /// How the events travel.
    pub transport: Transport,
    /// The member naming an event; empty for URL triggers.
    pub key: String,
    /// The member holding the fields.
    pub payload: Option<String>,
    /// `fallback`: another key, and the sibling family whose events it names.
    pub fallback: Option<FallbackRef>,
}

/// `fallback = { key, family, module }` as written.
#[derive(Debug, Clone)]
pub struct FallbackRef {
    /// The member naming the sibling's events.
    pub key: String,
    /// The sibling family folder.
    pub family: At<String>,
    /// The Rust module for its events.
    pub module: At<String>,
}

/// Reads `[events]` of a family file, if it has one.
pub fn framing(root: &Table<'_, '_>) -> Option<Framing> {
    let t = root.table("events", "the `[events]` table")?;
    let cx = t.cx();
    let transport = match t.req_str("transport") {
        None => Transport::HttpReport,
        Some(v) => match v.value.as_str() {
            "http_report" => Transport::HttpReport,
            "websocket" => Transport::WebSocket,
            "url_trigger" => Transport::UrlTrigger,
            other => {
                cx.diag.error_help(
                    cx.src,
                    v.span,
                    format!("unknown transport `{other}`"),
                    "expected `http_report` (the PBX POSTs JSON reports), `websocket` (JSON frames) or `url_trigger` (data in the query string of a configured URL)",
                );
                Transport::HttpReport
            }
        },
    };
    let trigger = transport == Transport::UrlTrigger;
    let key = if trigger {
        if let Some(k) = t.str("key") {
            cx.diag.error_help(
                cx.src,
                k.span,
                "a URL trigger is named by its path, not by a member",
                "remove `key`: the last segment of the path the PBX requests names the event",
            );
        }
        String::new()
    } else {
        t.req_str("key")
            .map(|k| wire_name(cx, k))
            .unwrap_or_default()
    };
    let main_key = key.clone();
    let payload = t.str("payload").map(|p| {
        if trigger {
            cx.diag.error(
                cx.src,
                p.span.clone(),
                "`payload` does not apply to URL triggers: their fields are the query's pairs",
            );
        }
        wire_name(cx, p)
    });
    let fallback = t.table("fallback", "`fallback`").and_then(|f| {
        let key = f.req_str("key").map(|k| wire_name(cx, k));
        let family = f.req_str("family");
        let module = f.req_str("module");
        f.finish(FALLBACK_KEYS);
        if trigger {
            cx.diag.error(
                cx.src,
                f.span.clone(),
                "`fallback` does not apply to URL triggers",
            );
            return None;
        }
        let (key, family, module) = (key?, family?, module?);
        if key == main_key {
            cx.diag.error(
                cx.src,
                f.span.clone(),
                "`fallback.key` must differ from `key`",
            );
        }
        if !names::is_snake_ident(&module.value) {
            cx.diag.error(
                cx.src,
                module.span.clone(),
                format!("`{}` is not a snake_case Rust module name", module.value),
            );
            return None;
        }
        Some(FallbackRef {
            key,
            family,
            module,
        })
    });
    t.finish(FRAME_KEYS);
    Some(Framing {
        transport,
        key,
        payload,
        fallback,
    })
}

/// A member name: non-empty, a valid XML name (as every field's).
fn wire_name(cx: Cx<'_>, v: At<String>) -> String {
    if !names::is_xml_name(&v.value) {
        cx.diag.error(
            cx.src,
            v.span.clone(),
            format!("`{}` is not a member name", v.value),
        );
    }
    v.value
}

/// The family's events from its framing and files. `sibling` loads another family's event
/// files by folder name (`None`: no such folder). Reports `[events]` missing while `events/`
/// holds files, and every problem of the files.
pub fn resolve(
    family: Cx<'_>,
    framing: Option<Framing>,
    own: Option<Vec<EventSource>>,
    sibling: &mut dyn FnMut(&str) -> Option<Vec<EventSource>>,
    api: &Api,
) -> Option<Events> {
    let Some(framing) = framing else {
        if own.is_some_and(|files| !files.is_empty()) {
            family.diag.file_start_error(
                family.src,
                format!(
                    "`{FOLDER}/` holds event files, but the family file has no `[events]` table saying how they are framed"
                ),
            );
        }
        return None;
    };
    let mut events = parse_all(
        family.diag,
        &framing.key,
        framing.transport,
        framing.payload.clone(),
        own.unwrap_or_default(),
        api,
    );
    if let Some(fb) = framing.fallback {
        let Some(files) = sibling(&fb.family.value) else {
            family.diag.error_help(
                family.src,
                fb.family.span.clone(),
                format!(
                    "fallback family `{}` has no `{FOLDER}/` folder beside this family",
                    fb.family.value
                ),
                "name a sibling family folder whose `events/` declares the events the fallback key names",
            );
            return Some(events);
        };
        let variant = names::camel(&fb.module.value);
        if let Some(clash) = events
            .list
            .iter()
            .find(|e| e.module == fb.module.value || e.variant == variant)
        {
            family.diag.error(
                family.src,
                fb.module.span.clone(),
                format!(
                    "fallback module `{}` clashes with the event file `{}`",
                    fb.module.value, clash.file
                ),
            );
            return Some(events);
        }
        let inner = parse_all(family.diag, &fb.key, framing.transport, None, files, api);
        events.fallback = Some(Box::new(Fallback {
            module: fb.module.value,
            variant,
            family: fb.family.value,
            events: inner,
        }));
    }
    Some(events)
}

/// Parses every file of one set of events framed by `key`.
fn parse_all(
    diag: &Diagnostics,
    key: &str,
    transport: Transport,
    payload: Option<String>,
    files: Vec<EventSource>,
    api: &Api,
) -> Events {
    let mut events = Events {
        transport,
        key: key.to_owned(),
        payload,
        list: Vec::new(),
        fallback: None,
    };
    for file in files {
        let parsed = super::with_table(&file.src, diag, "the event file", |root| {
            parse(root, &events, api, &file)
        });
        if let Some(Some(def)) = parsed {
            events.list.push(def);
        }
    }
    events
}

/// Reads one event file against its family's framing (`events`, with the events read so far).
fn parse(root: &Table<'_, '_>, events: &Events, api: &Api, file: &EventSource) -> Option<EventDef> {
    let cx = root.cx();
    let variant = names::camel(&file.module);
    if RESERVED.contains(&variant.as_str())
        || names::IMPORTED.contains(&variant.as_str())
        || !names::is_camel_ident(&variant)
    {
        cx.diag.file_error(
            &cx.src.display,
            format!(
                "`{}.toml` would name the event `{variant}`, which is taken",
                file.module
            ),
            Some(format!(
                "rename the file; reserved: {}, and the std names {}",
                RESERVED.join(", "),
                names::IMPORTED.join(", ")
            )),
        );
        return None;
    }
    let name = root.req_str("name").map(|n| n.value).unwrap_or_default();
    let summary = root.req_str("summary").map(|s| s.value).unwrap_or_default();
    let doc = root.str("doc").map(|d| d.value).unwrap_or_default();
    let unverified = root.str("unverified").map(|u| u.value);
    let event = event_name(root, events);
    let fields = match root.table("fields", "the fields") {
        Some(t) => {
            let fields = field::fields(&t, Side::Response, api.json_scalars);
            t.finish(&[]);
            fields
        }
        None => Vec::new(),
    };
    // A field named like the key is reported and dropped, so the examples are not checked
    // against it. With a payload the key is the frame's and the fields are the payload's, so a
    // payload member may share its name (the P-Series CDR's `type` inside `msg`).
    let (named_by_key, fields): (Vec<Field>, Vec<Field>) = fields
        .into_iter()
        .partition(|f| events.payload.is_none() && !events.key.is_empty() && f.wire == events.key);
    for f in &named_by_key {
        cx.diag.error_help(
            cx.src,
            f.span.clone(),
            format!(
                "`{}` is the member that names the event, not a field",
                f.wire
            ),
            "remove it: the event's name is `event`",
        );
    }
    // The event's struct and every nested type live in the event's module.
    type_names::check(cx, "event", &[variant.as_str()], &fields);
    let call_keys = crate::spec::event_keys::read(root, &fields);
    let mut def = EventDef {
        module: file.module.clone(),
        variant,
        file: cx.src.display.clone(),
        spec: file.spec.clone(),
        name,
        summary,
        doc,
        event: event.as_ref().map(|e| e.value.clone()).unwrap_or_default(),
        unverified,
        fields,
        call_keys,
        examples: Vec::new(),
    };
    if event.is_some() {
        def.examples = crate::spec::event_example::read(root, events, &def);
    } else {
        // No name to check the examples against: the error about `event` says it all.
        root.get("examples");
    }
    root.finish(KEYS);
    event?;
    Some(def)
}

/// `event`: the wire name, a string (or an integer, for numeric keys); unique in the family.
fn event_name(root: &Table<'_, '_>, events: &Events) -> Option<At<String>> {
    let cx = root.cx();
    let Some(v) = root.get("event") else {
        root.missing("event");
        return None;
    };
    let value = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        other => match crate::spec::toml::as_int(other) {
            Some(Ok(n)) => n.to_string(),
            _ => {
                cx.diag.error(
                    cx.src,
                    v.span(),
                    "`event` must be a string (or an integer, for numeric names)",
                );
                return None;
            }
        },
    };
    if value.is_empty() || value.chars().any(char::is_control) {
        cx.diag
            .error(cx.src, v.span(), "`event` must be a non-empty name");
        return None;
    }
    if let Some(other) = events.list.iter().find(|e| e.event == value) {
        cx.diag.error(
            cx.src,
            v.span(),
            format!("event `{value}` is already declared by `{}`", other.file),
        );
        return None;
    }
    Some(At {
        value,
        span: v.span(),
    })
}
