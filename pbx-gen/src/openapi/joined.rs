//! A joined list (`join = ","`) as JSON Schema: it travels as one string, so its schema is a
//! string whose `pattern` is the joined form (an item, then separator and item, repeated),
//! with the separator stated as `x-pbx-join`. Kept apart from `schema.rs`, which owns every
//! other shape.

use pbx_wire::read::BoolWire;
use serde_json::{Value, json};

use super::Unsupported;
use super::schema::Cx;
use super::strings::char_class;
use crate::model::{StringRules, Ty};

/// The schema of a joined list of `item`s separated by `sep`; an empty value is allowed when
/// the list is written empty (`empty_written`).
pub(super) fn joined_schema(
    item: &Ty,
    sep: &str,
    empty_written: bool,
    wire: &str,
    cx: Cx<'_>,
) -> Result<Value, Unsupported> {
    let one = item_pattern(item, sep, wire, cx)?;
    let sep_re = escape(sep);
    let list = format!("{one}(?:{sep_re}{one})*");
    let pattern = if empty_written {
        format!("^(?:{list})?$")
    } else {
        format!("^{list}$")
    };
    Ok(json!({ "type": "string", "pattern": pattern, "x-pbx-join": sep }))
}

/// One item as a regular expression (a group, so that it repeats as a whole).
fn item_pattern(item: &Ty, sep: &str, wire: &str, cx: Cx<'_>) -> Result<String, Unsupported> {
    Ok(match item {
        Ty::String(StringRules {
            chars,
            min_length,
            max_length,
            name_value,
        }) => {
            if *name_value {
                return Err(Unsupported::new(
                    cx.file,
                    format!("`{wire}`: a joined list of `NAME=VALUE` items"),
                ));
            }
            let class = match chars {
                Some((_, ranges)) => char_class(ranges),
                None => not_separator(sep),
            };
            let lo = min_length.unwrap_or(1).max(1);
            let count = match (lo, max_length) {
                (1, None) => "+".to_owned(),
                (lo, None) => format!("{{{lo},}}"),
                (lo, Some(hi)) => format!("{{{lo},{hi}}}"),
            };
            format!("(?:{class}{count})")
        }
        Ty::Integer { min, .. } if min.is_some_and(|m| m >= 0) => "(?:0|[1-9][0-9]*)".to_owned(),
        Ty::Integer { .. } => "(?:-?(?:0|[1-9][0-9]*))".to_owned(),
        Ty::Bool(BoolWire::YesNo) => "(?:yes|no)".to_owned(),
        Ty::Bool(BoolWire::OneZero) => "(?:1|0)".to_owned(),
        // Answers keep values the spec does not list.
        Ty::Enum(e) if cx.response && e.open => format!("(?:{}+)", not_separator(sep)),
        Ty::Enum(e) => {
            let values: Vec<String> = e.values.iter().map(|(w, _)| escape(w)).collect();
            format!("(?:{})", values.join("|"))
        }
        Ty::Object(_) | Ty::List { .. } => {
            return Err(Unsupported::new(
                cx.file,
                format!("`{wire}`: a joined list of objects"),
            ));
        }
    })
}

/// Any character but the separator's (its first, for a longer separator).
fn not_separator(sep: &str) -> String {
    let first: String = sep.chars().take(1).collect();
    format!("[^{}]", escape(&first))
}

/// `text` with every ECMA-262 pattern metacharacter escaped.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\^$.|?*+()[]{}/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::schema::Form;

    fn cx() -> Cx<'static> {
        Cx {
            form: Form::Json,
            response: false,
            one_item_lists: false,
            file: "test.toml",
            errors: &[],
        }
    }

    #[test]
    fn digits_and_dots_joined_by_commas() {
        let item = Ty::String(StringRules {
            chars: Some(("0-9.".into(), vec![('0', '9'), ('.', '.')])),
            ..StringRules::default()
        });
        let schema = joined_schema(&item, ",", false, "outboundid", cx()).expect("a schema");
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["x-pbx-join"], ",");
        assert_eq!(schema["pattern"], r"^(?:[0-9.]+)(?:,(?:[0-9.]+))*$");
    }

    #[test]
    fn an_empty_written_list_may_be_empty() {
        let item = Ty::Integer {
            min: Some(0),
            max: None,
        };
        let schema = joined_schema(&item, "|", true, "ids", cx()).expect("a schema");
        assert_eq!(
            schema["pattern"],
            r"^(?:(?:0|[1-9][0-9]*)(?:\|(?:0|[1-9][0-9]*))*)?$"
        );
    }
}
