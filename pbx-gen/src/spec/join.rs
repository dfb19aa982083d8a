//! `join = ","` on a list field: the list travels as one value, its items joined by the
//! separator (`"101,102"`). Only lists of scalars join, and only when no item can hold the
//! separator, so that splitting gives back the items written.

use pbx_wire::read::BoolWire;

use crate::model::Ty;
use crate::spec::toml::{At, Table};

/// Reads and checks `join` of the list table `t` whose items are `item`; `wrapped` when it
/// has `xml_item`. `None` when absent or refused (the refusal is reported).
pub fn separator(t: &Table<'_, '_>, item: &Ty, wrapped: bool) -> Option<String> {
    let cx = t.cx();
    let sep: At<String> = t.str("join")?;
    if sep.value.is_empty() {
        cx.diag.error_help(
            cx.src,
            sep.span,
            "`join` is empty",
            "name the separator the vendor puts between items, e.g. `join = \",\"`",
        );
        return None;
    }
    if matches!(item, Ty::Object(_)) {
        cx.diag.error_help(
            cx.src,
            sep.span,
            "`join` applies only to lists of scalars",
            "a list of objects cannot travel as one value; remove `join`",
        );
        return None;
    }
    if wrapped {
        cx.diag.error_help(
            cx.src,
            sep.span,
            "a joined list is one value, so it has no XML items",
            "remove `xml_item` (and `json_list`), or remove `join`",
        );
        return None;
    }
    if let Some(j) = t.str("json")
        && j.value == "raw"
    {
        cx.diag.error_help(
            cx.src,
            j.span,
            "a joined list travels as one JSON string, never bare",
            "remove `json = \"raw\"`",
        );
        return None;
    }
    if let Some(why) = item_allows(item, &sep.value) {
        cx.diag.error_help(
            cx.src,
            sep.span,
            format!("`join` `{}` could occur inside an item: {why}", sep.value),
            "splitting would then break that item in two; narrow the item constraint, or pick \
             the separator the vendor uses",
        );
        return None;
    }
    Some(sep.value)
}

/// Why an item of type `item` could contain `sep`, if it could. A string item without
/// `chars` may hold anything; the generated `validate` refuses an item holding the separator.
fn item_allows(item: &Ty, sep: &str) -> Option<String> {
    match item {
        Ty::String(rules) => {
            let (spelling, ranges) = rules.chars.as_ref()?;
            sep.chars()
                .all(|c| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
                .then(|| format!("`chars = \"{spelling}\"` allows it"))
        }
        Ty::Integer { .. } => sep
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-')
            .then(|| "an integer item may hold it".to_owned()),
        Ty::Bool(wire) => {
            let words = match wire {
                BoolWire::YesNo => ["yes", "no"],
                BoolWire::OneZero => ["1", "0"],
            };
            words
                .iter()
                .any(|w| w.contains(sep))
                .then(|| "a boolean item's wire word holds it".to_owned())
        }
        Ty::Enum(e) => e
            .values
            .iter()
            .find(|(w, _)| w.contains(sep))
            .map(|(w, _)| format!("the value `{w}` holds it")),
        Ty::Object(_) | Ty::List { .. } => None,
    }
}

/// Checks a `default` or `example` of a joined list: each item against `item`.
pub fn check_value(item: &Ty, sep: &str, text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Ok(());
    }
    for (i, part) in text.split(sep).enumerate() {
        crate::values::check_scalar(item, part).map_err(|e| format!("item {i} `{part}`: {e}"))?;
    }
    Ok(())
}
