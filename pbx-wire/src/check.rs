//! Constraint checks from the specs (allowed characters, lengths, ranges, `NAME=VALUE`), run on
//! requests before they are sent, on decoded requests, and by the generator on spec examples.

use crate::error::InvalidRequest;
use crate::read::truncate;

/// A set of allowed characters as inclusive ranges, with the spec's spelling for messages.
#[derive(Debug, Clone, Copy)]
pub struct CharSet<'a> {
    /// The class as written in the spec (`0-9*#`).
    pub spelling: &'a str,
    /// Inclusive ranges.
    pub ranges: &'a [(char, char)],
}

impl CharSet<'_> {
    /// Whether `c` is in the set.
    pub fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
    }
}

/// Every string parameter: no C0 control characters other than tab, newline and carriage
/// return, nor U+FFFE or U+FFFF (XML cannot carry them, and no PBX field means them).
pub fn no_controls(param: &str, value: &str) -> Result<(), InvalidRequest> {
    match value.char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{80}'..))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    }) {
        None => Ok(()),
        Some((at, c)) => Err(InvalidRequest::new(
            param,
            format!("character U+{:04X} at byte {at} cannot be sent", c as u32),
        )),
    }
}

/// A required string must not be blank: PBXes answer "required parameter is blank".
pub fn not_blank(param: &str, value: &str) -> Result<(), InvalidRequest> {
    if value.trim().is_empty() {
        Err(InvalidRequest::new(
            param,
            "is required and must not be blank",
        ))
    } else {
        Ok(())
    }
}

/// Only characters of `set`.
pub fn chars(param: &str, value: &str, set: &CharSet<'_>) -> Result<(), InvalidRequest> {
    match value.chars().enumerate().find(|&(_, c)| !set.contains(c)) {
        None => Ok(()),
        Some((at, c)) => Err(InvalidRequest::new(
            param,
            format!(
                "character {c:?} at position {} of `{}` is not allowed (allowed: {})",
                at + 1,
                truncate(value),
                set.spelling
            ),
        )),
    }
}

/// Length in characters within bounds.
pub fn length(
    param: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), InvalidRequest> {
    let n = value.chars().count();
    if let Some(max) = max
        && n > max
    {
        return Err(InvalidRequest::new(
            param,
            format!("is {n} characters long; at most {max} are allowed"),
        ));
    }
    if let Some(min) = min
        && n < min
    {
        return Err(InvalidRequest::new(
            param,
            format!("is {n} characters long; at least {min} are required"),
        ));
    }
    Ok(())
}

/// An integer within inclusive bounds.
pub fn range(
    param: &str,
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), InvalidRequest> {
    let below = min.is_some_and(|m| value < m);
    let above = max.is_some_and(|m| value > m);
    if !(below || above) {
        return Ok(());
    }
    let bounds = match (min, max) {
        (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => unreachable!("a bound was crossed"),
    };
    Err(InvalidRequest::new(
        param,
        format!("{value} is not {bounds}"),
    ))
}

/// `NAME=VALUE` with a non-empty name of letters, digits and `_`.
pub fn name_value(param: &str, value: &str) -> Result<(), InvalidRequest> {
    let ok = match value.split_once('=') {
        Some((name, _)) => {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(InvalidRequest::new(
            param,
            format!("`{}` is not of the form NAME=VALUE", truncate(value)),
        ))
    }
}

/// One of the allowed values (for enums read from text).
pub fn one_of(param: &str, value: &str, allowed: &[&str]) -> Result<(), InvalidRequest> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(InvalidRequest::new(
            param,
            format!(
                "`{}` is not one of: {}",
                truncate(value),
                allowed.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIAL: CharSet<'static> = CharSet {
        spelling: "0-9*#",
        ranges: &[('0', '9'), ('*', '*'), ('#', '#')],
    };

    #[test]
    fn chars_names_the_offending_character() {
        assert!(chars("dial_first", "*97#", &DIAL).is_ok());
        let err = chars("dial_first", "12a4", &DIAL).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid parameter `dial_first`: character 'a' at position 3 of `12a4` is not allowed (allowed: 0-9*#)"
        );
    }

    #[test]
    fn range_and_length() {
        assert!(range("timeout", 999, Some(0), Some(999)).is_ok());
        assert!(range("timeout", 1000, Some(0), Some(999)).is_err());
        assert!(range("timeout", -1, Some(0), Some(999)).is_err());
        assert!(length("caller_id_name", &"é".repeat(20), None, Some(20)).is_ok());
        assert!(length("caller_id_name", &"é".repeat(21), None, Some(20)).is_err());
    }

    #[test]
    fn name_value_and_controls() {
        assert!(name_value("variables", "balance=300").is_ok());
        assert!(name_value("variables", "=300").is_err());
        assert!(name_value("variables", "balance").is_err());
        assert!(no_controls("x", "a\tb\n").is_ok());
        assert!(no_controls("x", "a\u{1}b").is_err());
        assert!(no_controls("x", "a\u{fffe}b").is_err());
    }
}
