//! An endpoint's `[sim]` table: what the endpoint does to the simulated PBX (`pbx-sim`), so
//! that most endpoints need no simulator code. Every parameter and response field it names
//! must exist in the endpoint, every action, model value and state must be one the simulator
//! knows, and every code must be declared: mistakes are errors at their place in the file.

use pbx_wire::sim::{SimAction, SimDirection, SimState, SimValue};

use paths::{or_none, resolve, resolve_scalar};
use tables::{read_fill, read_states};

use crate::model::{ErrorDef, Field};
use crate::spec::family;
use crate::spec::toml::{Cx, Table};

mod actions;
mod paths;
mod tables;

const KEYS: &[&str] = &[
    "action",
    "call",
    "from",
    "to",
    "party",
    "extension",
    "queue",
    "conference",
    "variable",
    "name",
    "value",
    "operation",
    "extension_id",
    "table",
    "item_example",
    "start",
    "end",
    "direction",
    "direction_param",
    "list",
    "group",
    "calls",
    "total",
    "fill",
    "states",
    "not_found",
    "busy",
    "timed_out",
];

/// A checked `[sim]` table.
#[derive(Debug, Clone)]
pub struct Sim {
    /// What the endpoint does.
    pub action: SimAction,
    /// Parameters naming the call, parties, extension, queue and conference.
    pub call: Option<String>,
    /// The calling party's parameter (dial).
    pub from: Option<String>,
    /// The called party's parameter (dial).
    pub to: Option<String>,
    /// The new party's parameter.
    pub party: Option<String>,
    /// The extension's parameter.
    pub extension: Option<String>,
    /// The queue's parameter.
    pub queue: Option<String>,
    /// The conference's parameter.
    pub conference: Option<String>,
    /// The parameter naming a stored variable by id.
    pub variable: Option<String>,
    /// The parameter naming a stored variable by name.
    pub name: Option<String>,
    /// The parameter holding a stored variable's value.
    pub value: Option<String>,
    /// The parameter naming an attended transfer's operation (`attended_operate`).
    pub operation: Option<String>,
    /// The parameter naming extensions by their ids in the simulator's table.
    pub extension_id: Option<String>,
    /// Whether an unfiltered extension query lists the simulator's whole extension table.
    pub table: bool,
    /// Whether list items start from the first documented response's item.
    pub item_example: bool,
    /// The parameters bounding records by their call's start (records queries, downloads).
    pub start: Option<String>,
    /// See `start`.
    pub end: Option<String>,
    /// Which calls a call query lists.
    pub direction: Option<SimDirection>,
    /// The parameter whose value picks the direction (`query_calls`).
    pub direction_param: Option<String>,
    /// The response list a query fills.
    pub list: Option<String>,
    /// The field naming each extension's item, when the list is grouped by extension.
    pub group: Option<String>,
    /// The list of calls inside each extension's item.
    pub calls: Option<String>,
    /// The response field counting the items.
    pub total: Option<String>,
    /// Response fields and the model values (or fixed texts) they get.
    pub fill: Vec<(String, Fill)>,
    /// The family's words for the model's states.
    pub states: Vec<(SimState, String)>,
    /// Codes for an unknown call, a busy extension, an answer after the window.
    pub not_found: Option<String>,
    /// See `not_found`.
    pub busy: Option<String>,
    /// See `not_found`.
    pub timed_out: Option<String>,
}

/// What a `[sim.fill]` field gets.
#[derive(Debug, Clone)]
pub enum Fill {
    /// A model value (`call.id`).
    Model(SimValue),
    /// A fixed text (`"=SIP"`), for a field the model has no value of.
    Text(String),
}

/// Reads `[sim]`, if the endpoint has one.
pub fn parse(
    cx: Cx<'_>,
    root: &Table<'_, '_>,
    params: &[Field],
    response: &[Field],
    listed: &[String],
    family: &[ErrorDef],
) -> Option<Sim> {
    let t = root.table("sim", "the `[sim]` table")?;
    let action = t.req_str("action").and_then(|a| {
        let found = SimAction::ALL.iter().find(|(n, _)| *n == a.value);
        if found.is_none() {
            let names: Vec<&str> = SimAction::ALL.iter().map(|(n, _)| *n).collect();
            cx.diag.error_help(
                cx.src,
                a.span.clone(),
                format!("unknown simulator action `{}`", a.value),
                format!("expected one of: {}", names.join(", ")),
            );
        }
        found.map(|(_, act)| *act)
    });
    let param = |key: &str| {
        let p = t.str(key)?;
        if !params.iter().any(|f| f.wire == p.value) {
            let names: Vec<&str> = params.iter().map(|f| f.wire.as_str()).collect();
            cx.diag.error_help(
                cx.src,
                p.span.clone(),
                format!(
                    "`{key}` names parameter `{}`, which this endpoint does not have",
                    p.value
                ),
                format!("its parameters: {}", or_none(&names)),
            );
        }
        Some(p.value)
    };
    let call = param("call");
    let from = param("from");
    let to = param("to");
    let party = param("party");
    let extension = param("extension");
    let queue = param("queue");
    let conference = param("conference");
    let variable = param("variable");
    let name = param("name");
    let value = param("value");
    let operation = param("operation");
    let extension_id = param("extension_id");
    let table = t.bool("table").is_some_and(|b| b.value);
    let item_example = t.bool("item_example").is_some_and(|b| b.value);
    let start = param("start");
    let end = param("end");
    let direction_param = param("direction_param");
    let direction = t.str("direction").and_then(|d| match d.value.as_str() {
        "outbound" => Some(SimDirection::Outbound),
        "inbound" => Some(SimDirection::Inbound),
        other => {
            cx.diag.error_help(
                cx.src,
                d.span.clone(),
                format!("unknown call direction `{other}`"),
                "expected `outbound` (calls placed) or `inbound` (calls from outside)",
            );
            None
        }
    });
    let list = t.str("list");
    let list_item = list
        .as_ref()
        .and_then(|l| resolve(cx, response, &l.value, &l.span));
    let group = t.str("group");
    let calls = t.str("calls");
    // Below the list's item: the extension's item, then (with `calls`) the call's.
    let mut item_fields: Option<Vec<Field>> = list_item.clone();
    if let (Some(g), Some(fields)) = (&group, &list_item) {
        resolve_scalar(cx, fields, &g.value, &g.span);
    }
    if let Some(c) = &calls {
        item_fields = list_item
            .as_ref()
            .and_then(|fields| resolve(cx, fields, &c.value, &c.span));
    }
    if group.is_some() != calls.is_some() {
        let at = group.as_ref().or(calls.as_ref()).map(|a| a.span.clone());
        if let Some(span) = at {
            cx.diag.error(
                cx.src,
                span,
                "`group` and `calls` go together: the extension's field and its list of calls",
            );
        }
    }
    let total = t.str("total");
    if let Some(total) = &total {
        resolve_scalar(cx, response, &total.value, &total.span);
    }
    let fill = read_fill(cx, &t, item_fields.as_deref().unwrap_or(response));
    let states = read_states(cx, &t);
    let code = |key: &str| {
        let v = t.get(key)?;
        let code = family::code_value(cx, v.get_ref(), v.span())?;
        if !listed.contains(&code) && !family.iter().any(|d| d.code == code) {
            cx.diag.error_help(
                cx.src,
                v.span(),
                format!(
                    "`{key}` code {code} is neither in this endpoint's `errors` nor in the family's"
                ),
                "list the code in the endpoint's `errors` (or the family's), or fix the number",
            );
        }
        Some(code)
    };
    let not_found = code("not_found");
    let busy = code("busy");
    let timed_out = code("timed_out");
    t.finish(KEYS);
    let action = action?;
    let sim = Sim {
        action,
        call,
        from,
        to,
        party,
        extension,
        queue,
        conference,
        variable,
        name,
        value,
        operation,
        extension_id,
        table,
        item_example,
        start,
        end,
        direction,
        direction_param,
        list: list.map(|l| l.value),
        group: group.map(|g| g.value),
        calls: calls.map(|c| c.value),
        total: total.map(|t| t.value),
        fill,
        states,
        not_found,
        busy,
        timed_out,
    };
    actions::check_needs(cx, &t.span, &sim);
    Some(sim)
}
