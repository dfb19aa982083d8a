//! Constraint checks from the specs (allowed characters, lengths, ranges, `NAME=VALUE`), run on
//! requests before they are sent, on decoded requests, and by the generator on spec examples.

pub(crate) mod ascii;

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

/// ASCII bytes every string may hold: all but the C0 controls other than tab, newline and
/// carriage return, and DEL (what [`no_controls`] refuses).
const SENDABLE_ASCII: u128 = {
    let mut bits = 0u128;
    let mut b = 0;
    while b < 128 {
        if b >= 0x20 && b != 0x7f || b == 0x09 || b == 0x0a || b == 0x0d {
            bits |= 1 << b;
        }
        b += 1;
    }
    bits
};

/// ASCII whitespace as [`str::trim`] sees it.
const ASCII_WHITESPACE: u128 =
    1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << 0x0b | 1 << 0x0c | 1 << b'\r';

/// Every check a string parameter's spec asks for, in the order they run: no control
/// characters, not blank (if required), allowed characters, length, `NAME=VALUE`. Build it in a
/// `const` so the ASCII bitmap is computed at compile time.
#[derive(Debug, Clone, Copy)]
pub struct TextRules<'a> {
    /// Required: must not be blank.
    pub required: bool,
    /// The allowed characters, if the spec restricts them.
    pub chars: Option<CharSet<'a>>,
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// Must be `NAME=VALUE`.
    pub name_value: bool,
    /// The ASCII bytes that pass both the control-character and the character-set checks, one
    /// bit each.
    pub ascii: u128,
    /// The same set as runs of bytes, when it has few enough for the word-at-a-time test.
    runs: Option<ascii::Runs>,
}

impl TextRules<'static> {
    /// A required text with no further rules: not blank, no control characters. Generated
    /// checks share it instead of building one per field.
    pub const REQUIRED: TextRules<'static> = TextRules::new(true, None, None, None, false);
    /// An optional text with no further rules: no control characters.
    pub const OPTIONAL: TextRules<'static> = TextRules::new(false, None, None, None, false);
}

impl<'a> TextRules<'a> {
    /// The rules, with their ASCII bitmap.
    pub const fn new(
        required: bool,
        chars: Option<CharSet<'a>>,
        min_length: Option<usize>,
        max_length: Option<usize>,
        name_value: bool,
    ) -> Self {
        let mut ascii = SENDABLE_ASCII;
        if let Some(set) = &chars {
            let mut allowed = 0u128;
            let mut i = 0;
            while i < set.ranges.len() {
                let (lo, hi) = set.ranges[i];
                let mut c = lo as u32;
                while c <= hi as u32 && c < 128 {
                    allowed |= 1 << c;
                    c += 1;
                }
                i += 1;
            }
            ascii &= allowed;
        }
        TextRules {
            required,
            chars,
            min_length,
            max_length,
            name_value,
            ascii,
            runs: ascii::Runs::of(ascii),
        }
    }

    /// Whether `value` passes every check, decided from its bytes alone when it is ASCII;
    /// `false` means "not sure" as well as "fails".
    #[inline]
    fn passes_ascii(&self, value: &str) -> bool {
        let allowed = match &self.runs {
            Some(runs) => runs.all(value.as_bytes()),
            None => value.bytes().all(|b| b < 128 && self.ascii & (1 << b) != 0),
        };
        if !allowed {
            return false;
        }
        // Blankness apart from the loop above, which then has one test a byte: most values
        // end this scan at their first byte.
        let blank = || value.bytes().all(|b| ASCII_WHITESPACE & (1 << b) != 0);
        // All ASCII: the length in characters is the length in bytes.
        let n = value.len();
        !(self.required && blank())
            && self.min_length.is_none_or(|min| n >= min)
            && self.max_length.is_none_or(|max| n <= max)
            && (!self.name_value || is_name_value(value))
    }
}

/// Runs every check of `rules` on a string parameter; the first that fails is the error.
#[inline]
pub fn text(param: &str, value: &str, rules: &TextRules<'_>) -> Result<(), InvalidRequest> {
    if rules.passes_ascii(value) {
        return Ok(());
    }
    text_slow(param, value, rules)
}

#[cold]
fn text_slow(param: &str, value: &str, rules: &TextRules<'_>) -> Result<(), InvalidRequest> {
    no_controls(param, value)?;
    if rules.required {
        not_blank(param, value)?;
    }
    if let Some(set) = &rules.chars {
        chars(param, value, set)?;
    }
    if rules.min_length.is_some() || rules.max_length.is_some() {
        length(param, value, rules.min_length, rules.max_length)?;
    }
    if rules.name_value {
        name_value(param, value)?;
    }
    Ok(())
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

fn is_name_value(value: &str) -> bool {
    match value.split_once('=') {
        Some((name, _)) => {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// `NAME=VALUE` with a non-empty name of letters, digits and `_`.
pub fn name_value(param: &str, value: &str) -> Result<(), InvalidRequest> {
    if is_name_value(value) {
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

    /// The combined check agrees with the single checks run in order, on ASCII and beyond.
    #[test]
    fn text_rules_agree_with_the_single_checks() {
        let sets = [None, Some(DIAL)];
        let values = [
            "",
            " ",
            "\t",
            "101",
            "*97#",
            "12a4",
            "a\u{1}b",
            "a\u{7f}",
            "é9",
            "9\u{fffe}",
            "balance=300",
            "=300",
            "balance",
            "  1 ",
            "0123456789012345678901",
        ];
        for required in [false, true] {
            for set in sets {
                for (min, max) in [(None, None), (Some(2), Some(20)), (None, Some(3))] {
                    for name_value in [false, true] {
                        let rules = TextRules::new(required, set, min, max, name_value);
                        for v in values {
                            let single = (|| {
                                no_controls("p", v)?;
                                if required {
                                    not_blank("p", v)?;
                                }
                                if let Some(set) = &set {
                                    chars("p", v, set)?;
                                }
                                if min.is_some() || max.is_some() {
                                    length("p", v, min, max)?;
                                }
                                if name_value {
                                    self::name_value("p", v)?;
                                }
                                Ok(())
                            })();
                            assert_eq!(text("p", v, &rules), single, "{v:?} {rules:?}");
                        }
                    }
                }
            }
        }
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
