//! `[sim.fill]` and `[sim.states]`: the response fields a simulated answer fills from the
//! model, and the family's words for the model's states.

use pbx_wire::sim::{SimState, SimValue};

use super::Fill;
use super::paths::resolve_scalar;
use crate::model::Field;
use crate::spec::toml::{Cx, Table};

/// `[sim.fill]`: `"a.b" = "call.id"` pairs, each path a field below `fields`.
pub(super) fn read_fill(cx: Cx<'_>, t: &Table<'_, '_>, fields: &[Field]) -> Vec<(String, Fill)> {
    let mut out = Vec::new();
    let Some(fill) = t.table("fill", "`[sim.fill]`") else {
        return out;
    };
    for (key, value) in fill.entries() {
        resolve_scalar(cx, fields, &key.value, &key.span);
        let toml::de::DeValue::String(v) = value.get_ref() else {
            cx.diag.error(
                cx.src,
                value.span(),
                "a `[sim.fill]` value is a string naming a model value, such as `call.id`",
            );
            continue;
        };
        if let Some(text) = v.strip_prefix('=') {
            out.push((key.value, Fill::Text(text.to_owned())));
            continue;
        }
        match SimValue::ALL.iter().find(|(n, _)| *n == v.as_ref()) {
            Some((_, val)) => out.push((key.value, Fill::Model(*val))),
            None => {
                let names: Vec<&str> = SimValue::ALL.iter().map(|(n, _)| *n).collect();
                cx.diag.error_help(
                    cx.src,
                    value.span(),
                    format!("unknown model value `{v}`"),
                    format!(
                        "expected one of: {}, or `=text` for a fixed text",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    out
}

/// `[sim.states]`: the model's states in the family's words.
pub(super) fn read_states(cx: Cx<'_>, t: &Table<'_, '_>) -> Vec<(SimState, String)> {
    let mut out = Vec::new();
    let Some(states) = t.table("states", "`[sim.states]`") else {
        return out;
    };
    let names: Vec<&str> = SimState::ALL.iter().map(|(n, _)| *n).collect();
    for (key, _) in states.entries() {
        let Some(word) = states.str(&key.value) else {
            continue;
        };
        match SimState::ALL.iter().find(|(n, _)| *n == key.value) {
            Some((_, s)) => out.push((*s, word.value)),
            None => cx.diag.error_help(
                cx.src,
                key.span,
                format!("unknown model state `{}`", key.value),
                format!("expected one of: {}", names.join(", ")),
            ),
        }
    }
    out
}
