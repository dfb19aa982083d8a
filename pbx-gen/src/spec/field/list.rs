//! `type = "list"`: a list's items, how JSON and XML hold them, and XML's `<item id="N">`
//! wrappers.

use pbx_wire::write::{JsonList, JsonScalar};

use crate::model::{ObjectTy, Ty};
use crate::names;
use crate::spec::toml::{At, Table};

use super::{Side, fields, scalar, type_ident};

/// A `type = "list"` field's type: its items (scalars, enums or objects), how JSON holds
/// them (`json_list`), XML's item element (`xml_item`, `xml_item_id`) and whether an empty
/// list is written (`empty`).
pub(super) fn list(
    key: &At<String>,
    t: &Table<'_, '_>,
    side: Side,
    json_default: JsonScalar,
) -> Option<Ty> {
    let cx = t.cx();
    let wrapper = t.str("xml_item").map(|w| w.value);
    let json = match t.str("json_list") {
        None => JsonList::Array,
        Some(j) => match j.value.as_str() {
            "array" => JsonList::Array,
            "wrapped" => JsonList::Wrapped,
            other => {
                cx.diag.error(
                    cx.src,
                    j.span,
                    format!("`json_list` is `array` or `wrapped`, not `{other}`"),
                );
                JsonList::Array
            }
        },
    };
    if let Some(w) = &wrapper
        && !names::is_xml_name(w)
    {
        cx.diag.error(
            cx.src,
            t.span.clone(),
            format!("`xml_item` `{w}` is not a valid XML name"),
        );
    }
    if wrapper.is_none()
        && let Some(j) = t.str("json_list")
    {
        cx.diag.error(
            cx.src,
            j.span,
            "`json_list` applies only to lists that XML wraps (`xml_item`)",
        );
    }
    let item_wire = wrapper.clone().unwrap_or_else(|| key.value.clone());
    let item = if t.get("fields").is_some() {
        let name = type_ident(t, &item_wire);
        let sub = t.table("fields", format!("the fields of `{}` items", key.value))?;
        let fields = fields(&sub, side, json_default);
        sub.finish(&[]);
        Ty::Object(ObjectTy { name, fields })
    } else {
        let Some(items) = t.str("items") else {
            cx.diag.error_help(
                cx.src,
                key.span.clone(),
                format!(
                    "list `{}` needs `items` (a scalar type) or `fields` (objects)",
                    key.value
                ),
                "for example `items = \"string\"`",
            );
            return None;
        };
        if matches!(items.value.as_str(), "list" | "object") {
            cx.diag.error(
                cx.src,
                items.span,
                "`items` names a scalar type; describe object items with `fields`",
            );
            return None;
        }
        scalar(cx, t, &items.value.clone(), &items, &item_wire, side)?
    };
    let write_empty = match t.str("empty") {
        None => false,
        Some(e) => match e.value.as_str() {
            "write" => true,
            "omit" => false,
            other => {
                cx.diag.error_help(
                    cx.src,
                    e.span,
                    format!("`empty` is `write` or `omit`, not `{other}`"),
                    "`write` sends an empty list as the vendor does (`\"outbound\":[]`); `omit` leaves it out",
                );
                false
            }
        },
    };
    let item_id = item_id(t, wrapper.is_some(), matches!(item, Ty::Object(_)));
    let join = crate::spec::join::separator(t, &item, wrapper.is_some());
    Some(Ty::List {
        item: Box::new(item),
        wrapper,
        json,
        write_empty,
        item_id,
        join,
    })
}

/// `xml_item_id = "index"`: the XML item wrappers carry their position as `id="N"`.
fn item_id(t: &Table<'_, '_>, wrapped: bool, objects: bool) -> bool {
    let cx = t.cx();
    let Some(v) = t.str("xml_item_id") else {
        return false;
    };
    if v.value != "index" {
        cx.diag.error_help(
            cx.src,
            v.span,
            format!("`xml_item_id` is `index`, not `{}`", v.value),
            "`index` numbers the wrappers from 0 as OpenVox does: `<item id=\"0\">`",
        );
        return false;
    }
    if !wrapped || !objects {
        cx.diag.error_help(
            cx.src,
            v.span,
            "`xml_item_id` applies only to lists of objects that XML wraps (`xml_item` with `fields`)",
            "add `xml_item = \"item\"`, or remove `xml_item_id`",
        );
        return false;
    }
    true
}
