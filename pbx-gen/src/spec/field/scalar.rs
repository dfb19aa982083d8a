//! A scalar field's type (`string`, `integer`, `bool`, `enum`) with its rules, the Rust name
//! of a generated type, and `default` / `example` values checked against the type.

use pbx_wire::read::BoolWire;
use toml::Spanned;
use toml::de::DeValue;

use crate::model::{EnumTy, StringRules, Ty};
use crate::names;
use crate::spec::toml::{At, Cx, Table, as_int};
use crate::values;

use super::{Side, TYPES};

/// The type a field's `type` names when it is not a list or an object: a string with its
/// rules, an integer with its range, a bool with its wire form, or an enum.
pub(super) fn scalar(
    cx: Cx<'_>,
    t: &Table<'_, '_>,
    kind: &str,
    at: &At<String>,
    wire_name: &str,
    side: Side,
) -> Option<Ty> {
    Some(match kind {
        "string" => {
            let mut rules = StringRules::default();
            if let Some(c) = t.str("chars") {
                match values::parse_char_class(&c.value) {
                    Ok(ranges) => rules.chars = Some((c.value, ranges)),
                    Err(e) => cx.diag.error(cx.src, c.span, e),
                }
            }
            rules.min_length = length(t, "min_length");
            rules.max_length = length(t, "max_length");
            if let (Some(lo), Some(hi)) = (rules.min_length, rules.max_length)
                && lo > hi
            {
                cx.diag.error(
                    cx.src,
                    t.span.clone(),
                    format!("`min_length` {lo} is above `max_length` {hi}"),
                );
            }
            if let Some(f) = t.str("format") {
                match f.value.as_str() {
                    "name_value" => rules.name_value = true,
                    other => cx.diag.error_help(
                        cx.src,
                        f.span,
                        format!("unknown string format `{other}`"),
                        "the one format is `name_value` (NAME=VALUE)",
                    ),
                }
            }
            Ty::String(rules)
        }
        "integer" => {
            let min = t.int("min").map(|m| m.value);
            let max = t.int("max").map(|m| m.value);
            if let (Some(lo), Some(hi)) = (min, max)
                && lo > hi
            {
                cx.diag.error(
                    cx.src,
                    t.span.clone(),
                    format!("`min` {lo} is above `max` {hi}"),
                );
            }
            Ty::Integer { min, max }
        }
        "bool" => {
            let wire = match t.str("wire") {
                None => {
                    t.missing("wire");
                    BoolWire::YesNo
                }
                Some(w) => match w.value.as_str() {
                    "yes_no" => BoolWire::YesNo,
                    "one_zero" => BoolWire::OneZero,
                    other => {
                        cx.diag.error(
                            cx.src,
                            w.span,
                            format!("`wire` is `yes_no` or `one_zero`, not `{other}`"),
                        );
                        BoolWire::YesNo
                    }
                },
            };
            Ty::Bool(wire)
        }
        "enum" => {
            let name = type_ident(t, wire_name);
            let mut values: Vec<(String, String)> = Vec::new();
            match t.str_array("values") {
                None => t.missing("values"),
                Some(list) if list.is_empty() => {
                    cx.diag.error(cx.src, t.span.clone(), "`values` is empty")
                }
                Some(list) => {
                    for v in list {
                        let variant = names::camel(&v.value);
                        if variant.is_empty() || !names::is_camel_ident(&variant) {
                            cx.diag.error(
                                cx.src,
                                v.span,
                                format!("`{}` gives no Rust variant name", v.value),
                            );
                        } else if values.iter().any(|(w, n)| *w == v.value || *n == variant) {
                            cx.diag.error(
                                cx.src,
                                v.span,
                                format!("`{}` is listed twice (or maps to the same variant `{variant}`)", v.value),
                            );
                        } else {
                            values.push((v.value, variant));
                        }
                    }
                }
            }
            Ty::Enum(EnumTy {
                name,
                values,
                open: side == Side::Response,
            })
        }
        other => {
            cx.diag.error_help(
                cx.src,
                at.span.clone(),
                format!("unknown type `{other}`"),
                format!("expected one of: {TYPES}"),
            );
            return None;
        }
    })
}

fn length(t: &Table<'_, '_>, key: &str) -> Option<usize> {
    let n = t.int(key)?;
    match usize::try_from(n.value) {
        Ok(v) => Some(v),
        Err(_) => {
            let cx = t.cx();
            cx.diag
                .error(cx.src, n.span, format!("`{key}` cannot be negative"));
            None
        }
    }
}

pub(super) fn type_ident(t: &Table<'_, '_>, wire_name: &str) -> String {
    match t.str("rust_type") {
        Some(name) => {
            if !names::is_camel_ident(&name.value) {
                let cx = t.cx();
                cx.diag.error(
                    cx.src,
                    name.span,
                    format!(
                        "`rust_type` `{}` is not an UpperCamelCase Rust identifier",
                        name.value
                    ),
                );
            }
            name.value
        }
        None => {
            let name = names::camel(wire_name);
            if !names::is_camel_ident(&name) {
                let cx = t.cx();
                cx.diag.error_help(
                    cx.src,
                    t.span.clone(),
                    format!("`{wire_name}` gives no Rust type name"),
                    "set `rust_type`",
                );
            }
            name
        }
    }
}

/// Reads `default` or `example`: a TOML string or integer in wire form, checked against the
/// field's type and constraints.
pub(super) fn wire_value(t: &Table<'_, '_>, key: &str, ty: &Ty) -> Option<String> {
    let cx = t.cx();
    let v: &Spanned<DeValue<'_>> = t.get(key)?;
    let text = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        other => match as_int(other) {
            Some(Ok(n)) => n.to_string(),
            Some(Err(())) => {
                cx.diag.error(
                    cx.src,
                    v.span(),
                    format!("`{key}` is out of range for a 64-bit integer"),
                );
                return None;
            }
            None => {
                cx.diag.error(
                    cx.src,
                    v.span(),
                    format!("`{key}` must be a string or an integer, in the form sent on the wire"),
                );
                return None;
            }
        },
    };
    let scalar = match ty {
        Ty::List {
            item,
            join: Some(sep),
            ..
        } => {
            return match crate::spec::join::check_value(item, sep, &text) {
                Ok(()) => Some(text),
                Err(reason) => {
                    cx.diag.error(
                        cx.src,
                        v.span(),
                        format!("{key} `{text}` does not fit the field: {reason}"),
                    );
                    None
                }
            };
        }
        Ty::List { item, .. } => item.as_ref(),
        Ty::Object(_) => {
            cx.diag
                .error(cx.src, v.span(), format!("an object field has no `{key}`"));
            return None;
        }
        other => other,
    };
    if let Ty::Object(_) = scalar {
        return None;
    }
    match values::check_scalar(scalar, &text) {
        Ok(()) => Some(text),
        Err(reason) => {
            let message = match (key, scalar) {
                (_, Ty::Enum(_) | Ty::Bool(_)) => {
                    format!("{key} `{text}` is not one of the allowed values: {reason}")
                }
                _ => format!("{key} `{text}` does not fit the field: {reason}"),
            };
            cx.diag.error(cx.src, v.span(), message);
            None
        }
    }
}
