//! The attributes of a start tag, shared by the tree and the direct XML reader: plain ones
//! (`name="text"` with nothing to unescape or normalise) lexed in one pass here, anything
//! else handed to quick-xml's iterator from that attribute on, so both give the same answer.
//!
//! A raw `<` inside a quoted value, which XML forbids, is read as the character, as quick-xml
//! reads it: a caller-id name such as `<unknown>` sent unescaped is kept, not the whole
//! answer refused. Everything else XML forbids there (a control character, U+FFFE, a bad
//! reference, a missing quote) is a decode error.

use std::borrow::Cow;

use quick_xml::events::BytesStart;
use quick_xml::events::attributes::{AttrError, Attribute, Attributes};

use super::xml::{check_chars, is_blank};
use crate::error::{DecodeError, DecodeErrorKind};

/// Every attribute of a start tag: its name, and its value unescaped, normalised and checked
/// for characters XML forbids; duplicates are left to the caller.
pub(crate) enum AttrIter<'s> {
    /// Lexing plain attributes; the text left starts at the next one.
    Plain(&'s str),
    /// quick-xml's iterator, from the first attribute that is not plain.
    Full(Attributes<'s>),
}

/// The attributes of a start tag; `None` when it has none (most elements: no iterator to set
/// up).
pub(crate) fn attribute_iter<'s>(start: &'s BytesStart<'_>) -> Option<AttrIter<'s>> {
    let raw = start.attributes_raw();
    if is_blank(raw) {
        return None;
    }
    Some(AttrIter::Plain(raw))
}

impl<'s> Iterator for AttrIter<'s> {
    type Item = Result<(&'s str, Cow<'s, str>), DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if let AttrIter::Plain(rest) = self {
            let blank = rest.bytes().take_while(|&b| is(b, SPACE)).count();
            let text: &'s str = &rest[blank..];
            if text.is_empty() {
                *rest = text;
                return None;
            }
            if let Some((key, value, after)) = plain(text) {
                *rest = after;
                return Some(Ok((key, Cow::Borrowed(value))));
            }
            let mut full = Attributes::new(text, 0);
            full.with_checks(false);
            *self = AttrIter::Full(full);
        }
        match self {
            AttrIter::Full(full) => full.next().map(attribute),
            AttrIter::Plain(_) => None,
        }
    }
}

/// What a byte may be in a plain attribute ([`plain`]), one table lookup per byte.
const NAME_START: u8 = 1;
/// May continue a name: ASCII letters, digits, `_`, `:`, `.`, `-`.
const NAME: u8 = 2;
/// Stops a value's scan: a quote, `&`, `<`, a control character or 0xEF (the lead byte of
/// U+FFFE and U+FFFF).
const VALUE_STOP: u8 = 4;
/// XML whitespace: space, tab, line ends.
const SPACE: u8 = 8;

const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let letter = c.is_ascii_alphabetic() || c == b'_' || c == b':';
        if letter {
            table[b] |= NAME_START;
        }
        if letter || c.is_ascii_digit() || c == b'.' || c == b'-' {
            table[b] |= NAME;
        }
        if c < 0x20 || matches!(c, b'"' | b'\'' | b'&' | b'<' | 0xef) {
            table[b] |= VALUE_STOP;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            table[b] |= SPACE;
        }
        b += 1;
    }
    table
};

#[inline]
fn is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// One plain attribute at the start of `text`: an ASCII name, `=` with no space around it, a
/// quoted value holding no `&`, `<`, tab, line break, control character or possible U+FFFE /
/// U+FFFF, then a space or the end. Returns the name, the value and the text after it; `None`
/// for anything else (quick-xml then reads it, and errs where it is malformed).
#[inline]
fn plain(text: &str) -> Option<(&str, &str, &str)> {
    let bytes = text.as_bytes();
    if !is(*bytes.first()?, NAME_START) {
        return None;
    }
    let mut eq = 1;
    while eq < bytes.len() && is(bytes[eq], NAME) {
        eq += 1;
    }
    if bytes.get(eq) != Some(&b'=') {
        return None;
    }
    let quote = *bytes.get(eq + 1)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let start = eq + 2;
    // One pass to the closing quote, refusing on the way what a plain value cannot hold.
    let mut end = start;
    loop {
        let b = *bytes.get(end)?;
        if is(b, VALUE_STOP) {
            if b == quote {
                break;
            }
            if b != b'"' && b != b'\'' {
                return None;
            }
        }
        end += 1;
    }
    let after = end + 1;
    if bytes.get(after).is_some_and(|&b| !is(b, SPACE)) {
        return None;
    }
    // Every boundary is an ASCII byte, so each slice is whole UTF-8.
    Some((&text[..eq], &text[start..end], &text[after..]))
}

/// One attribute read by quick-xml: its name, and its value unescaped and normalised, checked
/// for characters XML forbids.
fn attribute<'s>(
    attr: Result<Attribute<'s>, AttrError>,
) -> Result<(&'s str, Cow<'s, str>), DecodeError> {
    let attr = attr.map_err(|e| {
        DecodeError::new(DecodeErrorKind::Syntax(format!(
            "malformed XML attribute: {e}"
        )))
    })?;
    let key: &'s str = attr.key.0;
    let value = attr
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map_err(|e| {
            DecodeError::new(DecodeErrorKind::Syntax(format!(
                "malformed XML attribute `{key}`: {e}"
            )))
        })?;
    check_chars(&value)?;
    Ok((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(raw: &str) -> Result<Vec<(String, String)>, DecodeError> {
        let start = BytesStart::from_content(format!("e{raw}"), 1);
        let Some(iter) = attribute_iter(&start) else {
            return Ok(Vec::new());
        };
        iter.map(|a| a.map(|(k, v)| (k.to_owned(), v.into_owned())))
            .collect()
    }

    /// What quick-xml alone makes of the same attributes, as the tree read them before.
    fn quick(raw: &str) -> Result<Vec<(String, String)>, DecodeError> {
        let mut iter = Attributes::new(raw, 0);
        iter.with_checks(false);
        iter.map(|a| attribute(a).map(|(k, v)| (k.to_owned(), v.into_owned())))
            .collect()
    }

    #[test]
    fn plain_and_other_attributes_read_as_quick_xml_reads_them() {
        let cases = [
            r#" id="4120" state='talking' start_time="2019-12-01 10:15:00""#,
            r#" a="x &amp; y" b="2""#,
            " a=\"1\" b=\"tab\there\" c=\"3\"",
            " a=\"line\nbreak\" b=\"2\"",
            r#" a = "spaced" b="2""#,
            r#" ns:a="1" x.y-z="2" _u="" é="4""#,
            r#" a="1"b="2""#,
            " a=\"caf\u{e9}\" b=\"\u{4e2d}\"",
            "\n\t a=\"1\"\r\n",
            r#" a="it's" b='say "hi"' c="""#,
            " a=\"\u{fffd}\u{feff}\" b=\"1\"",
            r#" name="<unknown>" b="1""#,
        ];
        for raw in cases {
            assert_eq!(
                all(raw).map_err(|e| e.to_string()),
                quick(raw).map_err(|e| e.to_string()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn an_unescaped_angle_bracket_is_kept() {
        let read = all(r#" caller_id_name="<unknown>" id="7""#).map_err(|e| e.to_string());
        let expected = vec![
            ("caller_id_name".to_owned(), "<unknown>".to_owned()),
            ("id".to_owned(), "7".to_owned()),
        ];
        assert_eq!(read, Ok(expected));
    }

    #[test]
    fn malformed_attributes_are_refused() {
        for raw in [
            r#" a="1" b"#,
            r#" a="1" b="2"#,
            r#" a=1"#,
            r#" a="x &bogus; y""#,
            " a=\"\u{1}\"",
            " a=\"\u{fffe}\"",
            r#" a="1' b="2""#,
        ] {
            assert!(all(raw).is_err(), "{raw:?}");
        }
    }
}
