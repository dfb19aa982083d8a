//! String rules as JSON Schema: `chars` as an anchored ECMA-262 character class, lengths,
//! and the `NAME=VALUE` form.

use serde_json::{Value, json};

use crate::model::StringRules;

/// A string's rules: `chars` as an anchored character class, lengths, `NAME=VALUE`.
pub fn string_schema(rules: &StringRules) -> Value {
    let StringRules {
        chars,
        min_length,
        max_length,
        name_value,
    } = rules;
    let mut s = json!({ "type": "string" });
    let class = chars.as_ref().map(|(_, ranges)| char_class(ranges));
    let pattern = match (class, name_value) {
        (Some(class), true) => Some(format!("^(?=[^=]+=){class}*$")),
        (Some(class), false) => Some(format!("^{class}*$")),
        (None, true) => Some("^[^=]+=".to_owned()),
        (None, false) => None,
    };
    if let Some(pattern) = pattern {
        s["pattern"] = Value::String(pattern);
    }
    if let Some(n) = min_length {
        s["minLength"] = json!(n);
    }
    if let Some(n) = max_length {
        s["maxLength"] = json!(n);
    }
    s
}

/// `[0-9*#]` from the ranges, every character escaped as an ECMA-262 class needs.
pub(super) fn char_class(ranges: &[(char, char)]) -> String {
    let mut class = String::from("[");
    for &(lo, hi) in ranges {
        push_class_char(&mut class, lo);
        if hi != lo {
            class.push('-');
            push_class_char(&mut class, hi);
        }
    }
    class.push(']');
    class
}

fn push_class_char(out: &mut String, c: char) {
    match c {
        '\\' | ']' | '[' | '^' | '-' => {
            out.push('\\');
            out.push(c);
        }
        ' '..='~' => out.push(c),
        _ if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
        _ => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
    }
}
