//! A typed response built from the model as its spec's `[sim]` says: the fields
//! `[sim.fill]` names are set from the model (in the list `list` names, one item per model
//! item) in the family's success envelope, as JSON, then the body is decoded with the
//! endpoint's own decoder, so every answer is one the spec allows.

use pbx_api::wire::sim::{SimMeta, SimState, SimValue};
use pbx_api::wire::write::JsonWriter;
use pbx_api::wire::{DecodeErrorKind, Endpoint, Format, ResponseError};
use serde_json::{Map, Value};

use crate::model::{CallState, Cdr, Member, Records, SimCall, Variable};

/// One thing a response item is filled from.
pub(crate) enum Item<'a> {
    /// A call up now.
    Call(&'a SimCall),
    /// An ended call's record (or its recording, `name` its file name).
    Record(&'a Cdr, Option<&'a str>),
    /// An extension, agent or member, and its state.
    Named(&'a str, SimState),
    /// An extension of the simulator's table: its number, state and id.
    Extension(&'a str, SimState, Option<u64>),
    /// A stored variable.
    Variable(&'a Variable),
    /// A conference member: talking, or muted.
    Member(&'a Member),
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
    /// One page of the list's items, and how many there are in all (`[pagination]`).
    Page(Vec<Item<'a>>, usize),
}

/// The response, or `None` if the spec's template cannot hold what the model has. `extra`
/// sets the root fields no `[sim.fill]` path reaches (a queue's number beside its agents).
pub(crate) fn response<E: Endpoint>(
    sim: &SimMeta,
    content: &Content<'_>,
    extra: &dyn Fn(&mut Value),
) -> Option<E::Response> {
    let mut body = template::<E>()?;
    let root = result_root(&mut body)?;
    match content {
        Content::Root(item) => fill(root, sim, item),
        Content::List(items) | Content::Page(items, _) => {
            let list = sim.list?;
            let start = sim
                .item_example
                .then(|| example_item::<E>(list))
                .flatten()
                .unwrap_or_else(|| Value::Object(Map::new()));
            let filled: Vec<Value> = items
                .iter()
                .map(|item| {
                    let mut v = start.clone();
                    fill(&mut v, sim, item);
                    v
                })
                .collect();
            let total = match content {
                Content::Page(_, total) => *total,
                _ => filled.len(),
            };
            set_total(root, sim, total);
            if let Some(page) = E::META.pagination {
                set(root, page.total, Value::from(total));
            }
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
    extra(root);
    // A required object the fill names nothing in (Switchvox's bare `<success/>`) is sent
    // empty: one try per such object, a few at most.
    for _ in 0..4 {
        let bytes = serde_json::to_vec(&body).ok()?;
        match E::decode_response(Format::Json, &bytes) {
            Ok(response) => return Some(response),
            Err(ResponseError::Decode(error))
                if error.kind == DecodeErrorKind::Missing
                    && !error.path.is_empty()
                    && !error.path.contains('[') =>
            {
                let root = result_root(&mut body)?;
                set(root, &error.path, Value::Object(Map::new()));
            }
            Err(error) => {
                tracing::warn!(endpoint = E::META.id, %error, "the [sim] answer does not decode");
                return None;
            }
        }
    }
    None
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

/// The first item of the list at `list` in the spec's first documented JSON response that
/// has one (`[sim]` `item_example`): what a list item starts from.
fn example_item<E: Endpoint>(list: &str) -> Option<Value> {
    E::META
        .examples
        .iter()
        .filter(|x| x.format == Format::Json && x.mistake.is_none())
        .filter_map(|x| serde_json::from_str::<Value>(x.response?).ok())
        .find_map(|mut body| {
            let mut here = result_root(&mut body)?.take();
            for segment in list.split('.') {
                here = here.get_mut(segment)?.take();
            }
            match here {
                Value::Array(items) => items.into_iter().next().filter(Value::is_object),
                _ => None,
            }
        })
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
        (Item::Call(c), SimValue::Start) => Some(Value::from(c.started_unix)),
        (Item::Call(c), SimValue::Time) => text(&time_text(c.started_unix)),
        (Item::Call(c), SimValue::Kind) => text(kind(c.inbound)),
        (Item::Record(r, _), SimValue::CallId) => text(&r.id),
        (Item::Record(r, name), SimValue::Name) => text(name.unwrap_or(&r.id)),
        (Item::Record(r, _), SimValue::From) => text(&r.from),
        (Item::Record(r, _), SimValue::To) => text(&r.to),
        (Item::Record(r, _), SimValue::Duration) => Some(Value::from(r.duration)),
        (Item::Record(r, _), SimValue::State | SimValue::Status) => text(r.disposition),
        (Item::Record(r, _), SimValue::Start) => Some(Value::from(r.start)),
        (Item::Record(r, _), SimValue::Time) => text(&time_text(r.start)),
        (Item::Record(r, _), SimValue::Kind) => text(kind(r.inbound)),
        (Item::Record(r, _), SimValue::Seq) => Some(Value::from(r.seq)),
        (Item::Record(r, Some(_)), SimValue::Size) => Some(Value::from(Records::recording_size(r))),
        (Item::Record(_, Some(file)), SimValue::Url) => {
            text(&format!("{}{file}", pbx_api::wire::resource::SIM_PREFIX))
        }
        (Item::Named(name, _) | Item::Extension(name, _, _), SimValue::Name) => text(name),
        (
            Item::Named(_, state) | Item::Extension(_, state, _),
            SimValue::State | SimValue::Status,
        ) => text(&word(sim, *state)),
        (Item::Extension(_, _, id), SimValue::ItemId) => id.map(Value::from),
        (Item::Member(m), SimValue::Name) => text(&m.number),
        (Item::Member(m), SimValue::FromChannel) => text(&m.channel),
        (Item::Member(m), SimValue::State | SimValue::Status) => {
            let state = if m.muted {
                SimState::Muted
            } else {
                SimState::Talking
            };
            text(&word(sim, state))
        }
        (Item::Variable(v), SimValue::Name) => text(&v.name),
        (Item::Variable(v), SimValue::ItemId) => text(&v.id),
        (Item::Variable(v), SimValue::ItemValue) => text(&v.value),
        _ => None,
    }
}

/// A call's kind in the words of the P-Series CDR (`call_type`).
fn kind(inbound: bool) -> &'static str {
    if inbound { "Inbound" } else { "Outbound" }
}

/// Unix seconds as `MM/DD/YYYY HH:MM:SS` (UTC), the P-Series default display format.
fn time_text(unix: u64) -> String {
    let (days, secs) = (unix / 86_400, unix % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{month:02}/{day:02}/{year:04} {:02}:{:02}:{:02}",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
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
pub(crate) fn set(target: &mut Value, path: &str, value: Value) {
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

#[cfg(test)]
mod tests {
    use super::time_text;

    #[test]
    fn times_are_written_month_first_in_utc() {
        // The P-Series guide's `timestamp` 1755852280 is 16:44:40 at UTC+8.
        assert_eq!(time_text(1_755_852_280), "08/22/2025 08:44:40");
        assert_eq!(time_text(0), "01/01/1970 00:00:00");
        assert_eq!(time_text(951_782_400), "02/29/2000 00:00:00");
    }
}
