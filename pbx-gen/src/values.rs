//! Checking wire values against a field's type and constraints at compile time (spec defaults,
//! examples), with the same checks the generated code runs.

use pbx_wire::check::{self, CharSet};
use pbx_wire::read;

use crate::model::{StringRules, Ty};

/// Parses a character class such as `0-9*#` or `A-Za-z0-9 _&` into inclusive ranges. A `-`
/// first or last stands for itself.
pub fn parse_char_class(class: &str) -> Result<Vec<(char, char)>, String> {
    let chars: Vec<char> = class.chars().collect();
    if chars.is_empty() {
        return Err("`chars` is empty: no value could pass".into());
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let lo = chars[i];
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            let hi = chars[i + 2];
            if lo > hi {
                return Err(format!("`{lo}-{hi}` in `chars` is an empty range"));
            }
            ranges.push((lo, hi));
            i += 3;
        } else {
            ranges.push((lo, lo));
            i += 1;
        }
    }
    Ok(ranges)
}

/// Checks a string against its rules, as the generated `validate` does.
pub fn check_string(rules: &StringRules, value: &str) -> Result<(), String> {
    let param = "";
    let strip = |e: pbx_wire::InvalidRequest| e.into_parts().1;
    check::no_controls(param, value).map_err(strip)?;
    if let Some((spelling, ranges)) = &rules.chars {
        let set = CharSet { spelling, ranges };
        check::chars(param, value, &set).map_err(strip)?;
    }
    check::length(param, value, rules.min_length, rules.max_length).map_err(strip)?;
    if rules.name_value {
        check::name_value(param, value).map_err(strip)?;
    }
    Ok(())
}

/// Checks the wire text of a scalar against its type and constraints.
pub fn check_scalar(ty: &Ty, text: &str) -> Result<(), String> {
    match ty {
        Ty::String(rules) => check_string(rules, text),
        Ty::Integer { min, max } => {
            let n = read::parse_integer(text).map_err(|e| e.to_string())?;
            check::range("", n, *min, *max).map_err(|e| e.into_parts().1)
        }
        Ty::Bool(wire) => match read::parse_bool(text, *wire) {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("{}, {}", wire.text(true), wire.text(false))),
        },
        Ty::Enum(e) => {
            if e.values.iter().any(|(w, _)| w == text) {
                Ok(())
            } else {
                let allowed: Vec<&str> = e.values.iter().map(|(w, _)| w.as_str()).collect();
                Err(allowed.join(", "))
            }
        }
        Ty::Object(_) | Ty::List { .. } => Err("not a scalar".into()),
    }
}
