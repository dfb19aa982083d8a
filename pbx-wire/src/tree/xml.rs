//! An XML parser into [`Element`]s over quick-xml's reader: no DOCTYPE, no entities beyond the
//! predefined five and character references, no characters XML 1.0 forbids, nothing after the
//! root, depth capped. Text keeps its whitespace unless the element also holds elements
//! (indentation).

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use super::{Element, Kind, MAX_DEPTH};
use crate::error::{DecodeError, DecodeErrorKind};

/// Parses an XML body.
pub fn parse(body: &[u8]) -> Result<Element<'_>, DecodeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(DecodeErrorKind::InvalidUtf8(e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element<'_>> = Vec::new();
    let mut root: Option<Element<'_>> = None;
    loop {
        let event = reader.read_event().map_err(syntax)?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => return Err(trailing()),
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(DecodeError::new(DecodeErrorKind::TooDeep));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let element = element(&start)?;
                attach(&mut stack, &mut root, element);
            }
            Event::End(_) => {
                // quick-xml checks that end names match their start.
                let Some(mut element) = stack.pop() else {
                    return Err(trailing());
                };
                if !element.children.is_empty()
                    && element.text.as_deref().is_some_and(|t| t.trim().is_empty())
                {
                    // Indentation between child elements.
                    element.text = None;
                }
                attach(&mut stack, &mut root, element);
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                match stack.last_mut() {
                    Some(top) => push_text(top, content)?,
                    None if content.trim().is_empty() => {}
                    None => return Err(trailing()),
                }
            }
            Event::CData(c) => match stack.last_mut() {
                Some(top) => push_text(top, c.into_inner())?,
                None => return Err(trailing()),
            },
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref().map_err(syntax)? {
                    Some(ch) => ch,
                    None => predefined_entity(&r).ok_or_else(|| {
                        DecodeError::new(DecodeErrorKind::Forbidden(format!(
                            "undeclared entity `&{};`",
                            &*r
                        )))
                    })?,
                };
                match stack.last_mut() {
                    Some(top) => push_text(top, Cow::Owned(ch.to_string()))?,
                    None => return Err(trailing()),
                }
            }
            Event::DocType(_) => {
                return Err(DecodeError::new(DecodeErrorKind::Forbidden(
                    "DOCTYPE declarations are not accepted".into(),
                )));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(DecodeError::new(DecodeErrorKind::Syntax(
            "truncated XML: unclosed element".into(),
        )));
    }
    root.ok_or_else(|| DecodeError::new(DecodeErrorKind::Syntax("the body is empty".into())))
}

fn attach<'a>(stack: &mut [Element<'a>], root: &mut Option<Element<'a>>, element: Element<'a>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
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

fn check_chars(text: &str) -> Result<(), DecodeError> {
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
    match &mut element.text {
        None => element.text = Some(content),
        Some(existing) => existing.to_mut().push_str(&content),
    }
    Ok(())
}

fn element<'a>(start: &BytesStart<'a>) -> Result<Element<'a>, DecodeError> {
    let qname = start.name();
    let name: &str = qname.as_ref();
    let mut element = Element::new(Cow::Owned(name.to_owned()), Kind::Element);
    for attr in start.attributes() {
        let attr = attr.map_err(|e| {
            DecodeError::new(DecodeErrorKind::Syntax(format!(
                "malformed XML attribute: {e}"
            )))
        })?;
        let key: &str = attr.key.as_ref();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| {
                DecodeError::new(DecodeErrorKind::Syntax(format!(
                    "malformed XML attribute `{key}`: {e}"
                )))
            })?;
        check_chars(&value)?;
        element
            .attrs
            .push((Cow::Owned(key.to_owned()), Cow::Owned(value.into_owned())));
    }
    Ok(element)
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
    fn forbidden_characters_are_refused() {
        assert!(parse(b"<r>a\x12b</r>").is_err());
        assert!(parse(b"<r a=\"\x01\"/>").is_err());
        assert!(parse("<r>\u{fffe}</r>".as_bytes()).is_err());
    }
}
