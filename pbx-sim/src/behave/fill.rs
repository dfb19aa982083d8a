//! A typed response built from the model as its spec's `[sim]` says: the fields
//! `[sim.fill]` names are set from the model (in the list `list` names, one item per model
//! item) in the family's success envelope, as JSON, then the body is decoded with the
//! endpoint's own decoder, so every answer is one the spec allows.

use pbx_api::wire::sim::{SimMeta, SimState, SimValue};
use pbx_api::wire::write::JsonWriter;
use pbx_api::wire::{Endpoint, Format};
use serde_json::{Map, Value};

use crate::model::{CallState, Cdr, SimCall};

/// One thing a response item is filled from.
pub(crate) enum Item<'a> {
    /// A call up now.
    Call(&'a SimCall),
    /// An ended call's record (or its recording, `name` its file name).
    Record(&'a Cdr, Option<&'a str>),
    /// An extension, agent or member, and its state.
    Named(&'a str, SimState),
}

/// One item of a list grouped by extension: the extension and its items.
pub(crate) struct Group<'a> {
    pub name: String,
    pub items: Vec<Item<'a>>,
}

/// What the answer holds.
pub(crate) enum Content<'a> {
    /// The response's root fields, from one item (dial, hangup, hold...).
    Root(Item<'a>),
    /// The list's items.
    List(Vec<Item<'a>>),
    /// The list's items, one per extension.
    Groups(Vec<Group<'a>>),
}

/// The response, or `None` if the spec's template cannot hold what the model has.
pub(crate) fn response<E: Endpoint>(sim: &SimMeta, content: &Content<'_>) -> Option<E::Response> {
    let mut body = template::<E>()?;
    let root = result_root(&mut body)?;
    match content {
        Content::Root(item) => fill(root, sim, item),
        Content::List(items) => {
            let list = sim.list?;
            let filled: Vec<Value> = items
                .iter()
                .map(|item| {
                    let mut v = Value::Object(Map::new());
                    fill(&mut v, sim, item);
                    v
                })
                .collect();
            set_total(root, sim, filled.len());
            set(root, list, Value::Array(filled));
        }
        Content::Groups(groups) => {
            let (list, group, calls) = (sim.list?, sim.group?, sim.calls?);
            let filled: Vec<Value> = groups
                .iter()
                .map(|g| {
                    let mut v = Value::Object(Map::new());
                    set(&mut v, group, Value::String(g.name.clone()));
                    let items = g.items.iter().map(|item| {
                        let mut c = Value::Object(Map::new());
                        fill(&mut c, sim, item);
                        c
                    });
                    set(&mut v, calls, Value::Array(items.collect()));
                    v
                })
                .collect();
            set_total(root, sim, filled.len());
            set(root, list, Value::Array(filled));
        }
    }
    let bytes = serde_json::to_vec(&body).ok()?;
    match E::decode_response(Format::Json, &bytes) {
        Ok(response) => Some(response),
        Err(error) => {
            tracing::warn!(endpoint = E::META.id, %error, "the [sim] answer does not decode");
            None
        }
    }
}

/// The family's bare success envelope, as JSON: every field of the answer comes from the
/// model, none from a documented example (whose values belong to another PBX's calls).
fn template<E: Endpoint>() -> Option<Value> {
    let meta = E::META;
    let mut out = JsonWriter::with_capacity(64);
    meta.api
        .envelope
        .write_success(&mut out, Format::Json, meta.rpc_method, |_| {});
    serde_json::from_slice(&out.finish()).ok()
}

/// The object holding the result's fields: the body, or Switchvox's `response.result`.
fn result_root(body: &mut Value) -> Option<&mut Value> {
    let switchvox = body
        .get("response")
        .and_then(|r| r.get("result"))
        .is_some_and(Value::is_object);
    if switchvox {
        return body.get_mut("response")?.get_mut("result");
    }
    body.is_object().then_some(body)
}

fn set_total(root: &mut Value, sim: &SimMeta, count: usize) {
    if let Some(total) = sim.total {
        set(root, total, Value::from(count));
    }
}

/// Sets every `[sim.fill]` field of `target` from `item`.
fn fill(target: &mut Value, sim: &SimMeta, item: &Item<'_>) {
    for (path, what) in sim.fill {
        if let Some(value) = value(sim, item, *what) {
            set(target, path, value);
        }
    }
}

/// The model's value `what` of `item`, if it has one.
fn value(sim: &SimMeta, item: &Item<'_>, what: SimValue) -> Option<Value> {
    let text = |s: &str| Some(Value::String(s.to_owned()));
    match (item, what) {
        (_, SimValue::Text(fixed)) => text(fixed),
        (Item::Call(c), SimValue::CallId | SimValue::Name) => text(&c.id),
        (Item::Call(c), SimValue::From) => text(&c.from),
        (Item::Call(c), SimValue::To) => text(&c.to),
        (Item::Call(c), SimValue::FromChannel) => text(&c.channel),
        (Item::Call(c), SimValue::ToChannel) => text(&c.trunk_channel),
        (Item::Call(_), SimValue::Trunk) => text("sim-trunk"),
        (Item::Call(c), SimValue::Duration) => Some(Value::from(c.seconds())),
        (Item::Call(c), SimValue::State | SimValue::Status) => text(&word(sim, call_state(c))),
        (Item::Record(r, _), SimValue::CallId) => text(&r.id),
        (Item::Record(r, name), SimValue::Name) => text(name.unwrap_or(&r.id)),
        (Item::Record(r, _), SimValue::From) => text(&r.from),
        (Item::Record(r, _), SimValue::To) => text(&r.to),
        (Item::Record(r, _), SimValue::Duration) => Some(Value::from(r.duration)),
        (Item::Record(r, _), SimValue::State | SimValue::Status) => text(r.disposition),
        (Item::Named(name, _), SimValue::Name) => text(name),
        (Item::Named(_, state), SimValue::State | SimValue::Status) => text(&word(sim, *state)),
        _ => None,
    }
}

/// The model state of a call, muting included.
pub(crate) fn call_state(c: &SimCall) -> SimState {
    match c.state {
        CallState::Ringing => SimState::Ringing,
        CallState::Held => SimState::Held,
        CallState::Talking if c.muted => SimState::Muted,
        CallState::Talking => SimState::Talking,
    }
}

/// The family's word for `state`: `[sim.states]`, else the talking word for a muted call,
/// else the model's own name.
fn word(sim: &SimMeta, state: SimState) -> String {
    sim.state_word(state)
        .or_else(|| (state == SimState::Muted).then(|| sim.state_word(SimState::Talking))?)
        .map_or_else(
            || {
                SimState::ALL
                    .iter()
                    .find(|(_, s)| *s == state)
                    .map_or("", |(n, _)| n)
                    .to_owned()
            },
            str::to_owned,
        )
}

/// Sets the value at a dotted path, making the objects and list items on the way (a
/// numeric segment is a list index).
fn set(target: &mut Value, path: &str, value: Value) {
    let segments: Vec<&str> = path.split('.').collect();
    set_at(target, &segments, value);
}

fn set_at(target: &mut Value, segments: &[&str], value: Value) {
    let Some((first, rest)) = segments.split_first() else {
        *target = value;
        return;
    };
    if let Ok(index) = first.parse::<usize>() {
        // A lone object standing for a one-item list (Switchvox JSON) becomes a list.
        if target.is_object() {
            let lone = target.take();
            *target = Value::Array(vec![lone]);
        }
        if !target.is_array() {
            *target = Value::Array(Vec::new());
        }
        if let Value::Array(items) = target {
            if items.len() <= index {
                items.resize(index + 1, Value::Object(Map::new()));
            }
            set_at(&mut items[index], rest, value);
        }
        return;
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        let next = map.entry((*first).to_owned()).or_insert(Value::Null);
        set_at(next, rest, value);
    }
}
