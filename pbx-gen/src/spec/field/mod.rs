//! Reading parameter and response-field tables (`[params.extid]`, `[response.outbound]`) into
//! [`Field`]s.

use pbx_wire::read::BoolWire;
use pbx_wire::write::{JsonScalar, Place};
use toml::de::DeValue;

use crate::model::{Field, ObjectTy, ParamError, Ty};
use crate::names;
use crate::spec::family;
use crate::spec::toml::{At, Cx, Table};

mod list;
mod scalar;

use list::list;
use scalar::{scalar, type_ident, wire_value};

/// Which side of the exchange a field belongs to: requests are closed (unknown enum values are
/// errors, fields default to optional); responses are open (unknown values are kept, fields
/// default to required).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A request parameter.
    Request,
    /// A response field.
    Response,
}

const KEYS: &[&str] = &[
    "type",
    "required",
    "doc",
    "default",
    "example",
    "chars",
    "min_length",
    "max_length",
    "min",
    "max",
    "values",
    "format",
    "wire",
    "xml",
    "json",
    "rust_name",
    "rust_type",
    "fields",
    "items",
    "xml_item",
    "xml_item_id",
    "json_list",
    "secret",
    "error",
    "error_message",
    "empty",
    "in",
    "join",
];

const TYPES: &str = "string, integer, bool, enum, object, list";

/// Reads every field of a table, in file order.
pub fn fields(table: &Table<'_, '_>, side: Side, json_default: JsonScalar) -> Vec<Field> {
    let cx = table.cx();
    let mut out: Vec<Field> = Vec::new();
    for (key, value) in table.entries() {
        let DeValue::Table(t) = value.get_ref() else {
            cx.diag.error_help(
                cx.src,
                value.span(),
                format!("`{}` must be a table describing the field", key.value),
                format!(
                    "write `[{}.{}]` with at least `type = \"string\"`",
                    table.what(),
                    key.value
                ),
            );
            continue;
        };
        let what = match side {
            Side::Request => format!("parameter `{}`", key.value),
            Side::Response => format!("response field `{}`", key.value),
        };
        let t = Table::new(cx, t, key.span.clone(), what);
        if let Some(field) = field(&key, &t, side, json_default) {
            if out.iter().any(|f| f.ident == field.ident) {
                cx.diag.error(
                    cx.src,
                    key.span.clone(),
                    format!("two fields map to the Rust name `{}`", field.ident),
                );
            }
            out.push(field);
        }
    }
    out
}

fn field(
    key: &At<String>,
    t: &Table<'_, '_>,
    side: Side,
    json_default: JsonScalar,
) -> Option<Field> {
    let cx = t.cx();
    let type_name = t.req_str("type");
    let required = t
        .bool("required")
        .map_or(side == Side::Response, |b| b.value);
    let doc = t.str("doc").map(|d| d.value).unwrap_or_default();
    let secret = t.bool("secret").is_some_and(|b| b.value);
    let ident = match t.str("rust_name") {
        Some(name) => {
            if !names::is_field_ident(&name.value) {
                cx.diag.error(
                    cx.src,
                    name.span,
                    format!(
                        "`rust_name` `{}` is not a snake_case Rust identifier (nor `new`)",
                        name.value
                    ),
                );
            }
            name.value
        }
        None => {
            let ident = names::snake(&key.value);
            if !names::is_field_ident(&ident) {
                cx.diag.error_help(
                    cx.src,
                    key.span.clone(),
                    format!("`{}` cannot be a Rust field name", key.value),
                    "set `rust_name` to the name the Rust field should have",
                );
            }
            ident
        }
    };
    let place = match t.str("xml") {
        None => Place::Element,
        Some(x) => match x.value.as_str() {
            "element" => Place::Element,
            "attribute" => Place::Attribute,
            other => {
                cx.diag.error(
                    cx.src,
                    x.span,
                    format!("`xml` is `element` or `attribute`, not `{other}`"),
                );
                Place::Element
            }
        },
    };
    let json = match t.str("json") {
        None => json_default,
        Some(j) => parse_json_scalar(cx, &j).unwrap_or(json_default),
    };

    let type_name = type_name?;
    let ty = match type_name.value.as_str() {
        "object" => {
            let name = type_ident(t, &key.value);
            let fields = match t.table("fields", format!("the fields of `{}`", key.value)) {
                Some(sub) => {
                    let fields = fields(&sub, side, json_default);
                    sub.finish(&[]);
                    fields
                }
                None => {
                    t.missing("fields");
                    Vec::new()
                }
            };
            Ty::Object(ObjectTy { name, fields })
        }
        "list" => list(key, t, side, json_default)?,
        other => scalar(cx, t, other, &type_name, &key.value, side)?,
    };

    let joined = matches!(&ty, Ty::List { join: Some(_), .. });
    let json = match (json, scalar_kind(&ty)) {
        // One text of items and separators: a JSON string whatever the items are.
        _ if joined => JsonScalar::String,
        (JsonScalar::Raw, Some(Ty::Integer { .. } | Ty::Bool(BoolWire::OneZero))) => {
            JsonScalar::Raw
        }
        (JsonScalar::Raw, _) => {
            if let Some(j) = t.str("json") {
                cx.diag.error_help(
                    cx.src,
                    j.span,
                    "`json = \"raw\"` applies only to integers and `one_zero` booleans",
                    "a bare JSON value must be a number; strings, enums and yes/no travel quoted",
                );
            }
            JsonScalar::String
        }
        (json, _) => json,
    };
    if place == Place::Attribute && matches!(ty, Ty::Object(_) | Ty::List { .. }) {
        cx.diag.error(
            cx.src,
            key.span.clone(),
            format!(
                "`{}` is an object or list, so it cannot be an XML attribute",
                key.value
            ),
        );
    }
    if !names::is_xml_name(&key.value) {
        cx.diag.error_help(
            cx.src,
            key.span.clone(),
            format!(
                "`{}` is not a valid XML name, so it cannot travel on the wire",
                key.value
            ),
            "wire names start with a letter or `_` and hold letters, digits, `_`, `-` and `.`",
        );
    }
    if let Ty::Enum(e) = &ty
        && e.open
        && e.values.iter().any(|(_, v)| v == "Other")
    {
        cx.diag.error(
            cx.src,
            key.span.clone(),
            "a response enum cannot list a value named `Other`: that variant holds unlisted values",
        );
    }
    if let Some(j) = t.get("join")
        && !matches!(ty, Ty::List { .. })
    {
        cx.diag.error_help(
            cx.src,
            j.span(),
            "`join` applies only to lists of scalars",
            "declare `type = \"list\"` with `items`, or remove `join`",
        );
    }
    if let Some(e) = t.get("empty")
        && !matches!(ty, Ty::List { .. })
    {
        cx.diag
            .error(cx.src, e.span(), "`empty` applies only to lists");
    }
    let default = wire_value(t, "default", &ty);
    let example = wire_value(t, "example", &ty);
    if required && let Some(d) = &default {
        let _ = d;
        cx.diag.error(
            cx.src,
            key.span.clone(),
            format!("`{}` is required, so a `default` means nothing", key.value),
        );
    }
    let error = param_error(t, side);
    let query = place_in(t, side, &ty);
    t.finish(KEYS);
    Some(Field {
        wire: key.value.clone(),
        ident,
        doc,
        required,
        ty,
        place,
        json,
        default,
        example,
        span: key.span.clone(),
        secret,
        error,
        query,
    })
}

/// `in = "query"` (or `"body"`, the default) on a parameter: where it travels. The query holds
/// only scalars and lists of scalars.
fn place_in(t: &Table<'_, '_>, side: Side, ty: &Ty) -> bool {
    let cx = t.cx();
    let Some(v) = t.str("in") else {
        return false;
    };
    if side == Side::Response {
        cx.diag
            .error(cx.src, v.span, "`in` applies only to parameters");
        return false;
    }
    match v.value.as_str() {
        "body" => false,
        "query" => {
            let nested = match ty {
                Ty::Object(_) => true,
                Ty::List { item, .. } => matches!(item.as_ref(), Ty::Object(_)),
                _ => false,
            };
            if nested {
                cx.diag.error_help(
                    cx.src,
                    v.span,
                    "an object cannot travel in the query string",
                    "only scalars and lists of scalars can be `in = \"query\"`",
                );
                return false;
            }
            true
        }
        other => {
            cx.diag.error_help(
                cx.src,
                v.span,
                format!("unknown parameter place `{other}`"),
                "expected `query` (in the URL's query string) or `body` (the default)",
            );
            false
        }
    }
}

/// Reads `error` (a code) and `error_message` of a parameter; whether the code is one the
/// endpoint or family lists is checked once the endpoint's errors are known.
fn param_error(t: &Table<'_, '_>, side: Side) -> Option<ParamError> {
    let cx = t.cx();
    let message = t.str("error_message");
    let Some(v) = t.get("error") else {
        if let Some(m) = message {
            cx.diag.error_help(
                cx.src,
                m.span,
                "`error_message` without `error`",
                "name the code too: `error = 54222`",
            );
        }
        return None;
    };
    if side == Side::Response {
        cx.diag.error(
            cx.src,
            v.span(),
            "`error` applies only to parameters: it is what the PBX answers when one breaks its constraints",
        );
        return None;
    }
    let code = family::code_value(cx, v.get_ref(), v.span())?;
    Some(ParamError {
        code,
        message: message.map(|m| m.value),
        span: v.span(),
    })
}

/// The scalar type of a field, or of a list's items.
fn scalar_kind(ty: &Ty) -> Option<&Ty> {
    match ty {
        Ty::List { item, .. } => scalar_kind(item),
        Ty::Object(_) => None,
        other => Some(other),
    }
}

/// Parses `json = "string" | "raw"`.
pub fn parse_json_scalar(cx: Cx<'_>, j: &At<String>) -> Option<JsonScalar> {
    match j.value.as_str() {
        "string" => Some(JsonScalar::String),
        "raw" => Some(JsonScalar::Raw),
        other => {
            cx.diag.error_help(
                cx.src,
                j.span.clone(),
                format!("unknown JSON form `{other}`"),
                "`string` sends scalars as JSON strings (\"101\"); `raw` as bare numbers (101)",
            );
            None
        }
    }
}
