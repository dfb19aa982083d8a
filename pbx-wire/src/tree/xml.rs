//! An XML parser into [`Element`]s over quick-xml's reader: no DOCTYPE, no entities beyond the
//! predefined five and character references, no characters XML 1.0 forbids, nothing after the
//! root, depth capped. Text keeps its whitespace unless the element also holds elements:
//! there, whitespace-only runs after the first child are indentation and dropped.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};

pub(crate) use super::attrs::{AttrIter, attribute_iter};

use super::{Element, Kind, MAX_DEPTH};
use crate::error::{DecodeError, DecodeErrorKind};

/// Parses an XML body.
pub fn parse(body: &[u8]) -> Result<Element<'_>, DecodeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(DecodeErrorKind::InvalidUtf8(e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut root: Option<Element<'_>> = None;
    loop {
        let event = reader.read_event().map_err(syntax)?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => return Err(trailing()),
            Event::Start(start) => root = Some(nested(text, &mut reader, &start, 1)?),
            Event::Empty(start) => root = Some(element(text, &start)?),
            Event::End(_) => return Err(trailing()),
            Event::Text(t) => {
                if !t.xml10_content().trim().is_empty() {
                    return Err(trailing());
                }
            }
            Event::CData(_) => return Err(trailing()),
            Event::GeneralRef(r) => {
                reference(&r)?;
                return Err(trailing());
            }
            Event::DocType(_) => return Err(doctype()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    root.ok_or_else(|| DecodeError::new(DecodeErrorKind::Syntax("the body is empty".into())))
}

/// Reads the element whose start tag was just read, at nesting `depth` (the root is 1), up to
/// its end tag. Recursion is bounded by [`MAX_DEPTH`].
pub(crate) fn nested<'a>(
    text: &'a str,
    reader: &mut quick_xml::Reader<&'a [u8]>,
    start: &BytesStart<'a>,
    depth: usize,
) -> Result<Element<'a>, DecodeError> {
    if depth > MAX_DEPTH {
        return Err(DecodeError::new(DecodeErrorKind::TooDeep));
    }
    let mut element = self::element(text, start)?;
    loop {
        let event = reader.read_event().map_err(syntax)?;
        match event {
            Event::Start(start) => {
                let child = nested(text, reader, &start, depth + 1)?;
                element.children.push(child);
            }
            Event::Empty(start) => {
                let child = self::element(text, &start)?;
                element.children.push(child);
            }
            Event::End(_) => {
                // quick-xml checks that end names match their start.
                if !element.children.is_empty()
                    && element.text.as_deref().is_some_and(|t| t.trim().is_empty())
                {
                    // Indentation between child elements.
                    element.text = None;
                }
                return Ok(element);
            }
            Event::Text(t) => push_text(&mut element, t.xml10_content())?,
            Event::CData(c) => push_text(&mut element, c.into_inner())?,
            Event::GeneralRef(r) => {
                let ch = reference(&r)?;
                push_text(&mut element, Cow::Owned(ch.to_string()))?;
            }
            Event::DocType(_) => return Err(doctype()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => {
                return Err(DecodeError::new(DecodeErrorKind::Syntax(
                    "truncated XML: unclosed element".into(),
                )));
            }
        }
    }
}

/// The character a reference stands for: a character reference or one of the five predefined
/// entities; anything else is refused.
pub(crate) fn reference(r: &BytesRef<'_>) -> Result<char, DecodeError> {
    match r.resolve_char_ref().map_err(syntax)? {
        Some(ch) => Ok(ch),
        None => predefined_entity(r).ok_or_else(|| {
            DecodeError::new(DecodeErrorKind::Forbidden(format!(
                "undeclared entity `&{};`",
                &**r
            )))
        }),
    }
}

fn doctype() -> DecodeError {
    DecodeError::new(DecodeErrorKind::Forbidden(
        "DOCTYPE declarations are not accepted".into(),
    ))
}

fn syntax(e: quick_xml::Error) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax(format!("malformed XML: {e}")))
}

fn trailing() -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax(
        "malformed XML: content outside the root element".into(),
    ))
}

fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Characters XML 1.0 does not allow in a document, even as references.
fn forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    })
}

/// Whether `b` could start a character XML forbids: a C0 control other than tab, newline
/// and carriage return, or 0xEF (the lead byte of U+FFFE and U+FFFF).
#[inline]
fn may_start_forbidden(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xef
}

/// Whether `text` is XML whitespace only (space, tab, line ends): between child elements,
/// nothing to check, normalise or keep.
#[inline]
pub(crate) fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// A text event's content as XML 1.0 reads it (line ends normalised), checked for characters
/// XML forbids. Most text has no carriage return and no byte that could start a forbidden
/// character; it is borrowed as it is after one scan.
#[inline]
pub(crate) fn text_content<'i>(text: BytesText<'i>) -> Result<Cow<'i, str>, DecodeError> {
    if !text.bytes().any(|b| b == b'\r' || may_start_forbidden(b)) {
        return Ok(text.into_inner());
    }
    let content = text.xml10_content();
    check_chars(&content)?;
    Ok(content)
}

pub(crate) fn check_chars(text: &str) -> Result<(), DecodeError> {
    // Most text has no byte that could start a forbidden character.
    if !text.bytes().any(may_start_forbidden) {
        return Ok(());
    }
    match forbidden(text) {
        None => Ok(()),
        Some(c) => Err(DecodeError::new(DecodeErrorKind::Syntax(format!(
            "malformed XML: character U+{:04X} is not allowed in XML",
            c as u32
        )))),
    }
}

fn push_text<'a>(element: &mut Element<'a>, content: Cow<'a, str>) -> Result<(), DecodeError> {
    check_chars(&content)?;
    // Whitespace between child elements is indentation: it is dropped at the end tag unless
    // the element also holds other text, so it is not worth copying into one string.
    if !element.children.is_empty() && content.trim().is_empty() {
        return Ok(());
    }
    match &mut element.text {
        None => element.text = Some(content),
        Some(existing) => existing.to_mut().push_str(&content),
    }
    Ok(())
}

/// `part` as a slice of `text` when it lies inside it (quick-xml hands out names and attribute
/// values that point into the body), so it is borrowed rather than copied; a copy otherwise.
fn borrow<'a>(text: &'a str, part: &str) -> Cow<'a, str> {
    let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match offset
        .checked_add(part.len())
        .and_then(|end| text.get(offset..end))
    {
        Some(inside) if inside.as_ptr() == part.as_ptr() => Cow::Borrowed(inside),
        _ => Cow::Owned(part.to_owned()),
    }
}

/// Parses an element's start tag: its name and attributes (see [`attributes`]).
pub(crate) fn element<'a>(
    text: &'a str,
    start: &BytesStart<'_>,
) -> Result<Element<'a>, DecodeError> {
    let qname = start.name();
    let name: &str = qname.as_ref();
    let mut element = Element::new(borrow(text, name), Kind::Element);
    // Duplicates are checked here, on the few attributes an element has, without the
    // allocation quick-xml's own check makes per element.
    attributes(start, |key, value| {
        if element.attrs.iter().any(|(k, _)| k == key) {
            return Err(DecodeError::at(key, DecodeErrorKind::Duplicate));
        }
        let value = match value {
            Cow::Borrowed(v) => borrow(text, v),
            Cow::Owned(v) => Cow::Owned(v),
        };
        element.attrs.push((borrow(text, key), value));
        Ok(())
    })?;
    Ok(element)
}

/// Calls `each` with every attribute of a start tag, its value unescaped and normalised, after
/// checking that it is well-formed and holds no character XML forbids; duplicates are left to
/// `each`. The tree and the direct reader (`crate::xml`) both read attributes through here.
pub(crate) fn attributes<'s, E: From<DecodeError>>(
    start: &'s BytesStart<'_>,
    mut each: impl FnMut(&'s str, Cow<'s, str>) -> Result<(), E>,
) -> Result<(), E> {
    let Some(all) = attribute_iter(start) else {
        return Ok(());
    };
    for attr in all {
        let (key, value) = attr?;
        each(key, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_in_text_is_kept_and_indentation_dropped() {
        let root = parse(b"<r>\n\t<a>  </a>\n\t<b> &amp;x</b>\n\t<c>\n</c>\n</r>\n").unwrap();
        let texts: Vec<Option<&str>> = root.children.iter().map(|c| c.text.as_deref()).collect();
        assert_eq!(texts, [Some("  "), Some(" &x"), Some("\n")]);
        assert_eq!(root.text, None);
    }

    #[test]
    fn a_repeated_attribute_is_refused() {
        let err = parse(b"<r a=\"1\" b=\"2\" a=\"3\"/>").unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::Duplicate), "{err:?}");
        assert!(parse(b"<r a=\"1\" b=\"2\"><s a=\"1\"/></r>").is_ok());
    }

    #[test]
    fn forbidden_characters_are_refused() {
        assert!(parse(b"<r>a\x12b</r>").is_err());
        assert!(parse(b"<r a=\"\x01\"/>").is_err());
        assert!(parse("<r>\u{fffe}</r>".as_bytes()).is_err());
    }
}
