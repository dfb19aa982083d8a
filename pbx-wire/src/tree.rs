//! A small document tree that JSON and XML bodies both parse into, so that one generated
//! reader per type serves both formats.
//!
//! Mapping: a JSON object or an XML element is an [`Element`]; an object key or a child element
//! is a child; a JSON array becomes repeated children with the key's name (as XML repeats
//! elements); XML attributes are kept apart from children, and readers asked for an attribute
//! fall back to a child of that name, which is how JSON carries them. Strings borrow from the
//! body where no unescaping was needed.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::{DecodeError, DecodeErrorKind};
use crate::format::Format;

/// How deep a body may nest before it is refused. Vendor bodies nest four levels at most.
pub const MAX_DEPTH: usize = 32;

/// What kind of value an element held on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON object, or an XML element (which may hold text, attributes and children).
    Object,
    /// A JSON string.
    String,
    /// A JSON number; its text is kept.
    Number,
    /// A JSON `true` or `false`; its text is kept.
    Bool,
    /// A JSON `null`.
    Null,
}

/// One node of a parsed body.
#[derive(Debug, Clone, PartialEq)]
pub struct Element<'a> {
    /// The element name or object key (`""` for a JSON document's root).
    pub name: Cow<'a, str>,
    /// What the node was on the wire.
    pub kind: Kind,
    /// XML attributes, in document order.
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Child elements or object members, in document order.
    pub children: Vec<Element<'a>>,
    /// Text content (XML), or the scalar's text (JSON strings, numbers and booleans).
    pub text: Option<Cow<'a, str>>,
}

impl<'a> Element<'a> {
    fn new(name: Cow<'a, str>, kind: Kind) -> Self {
        Element {
            name,
            kind,
            attrs: Vec::new(),
            children: Vec::new(),
            text: None,
        }
    }

    /// Parses a body in the given format.
    pub fn parse(format: Format, body: &'a [u8]) -> Result<Element<'a>, DecodeError> {
        match format {
            Format::Json => Self::parse_json(body),
            Format::Xml => Self::parse_xml(body),
        }
    }

    /// The children with this name.
    pub fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The one child with this name; an error if it appears more than once.
    pub fn child(&self, name: &str) -> Result<Option<&Element<'a>>, DecodeError> {
        let mut found = None;
        for child in &self.children {
            if child.name == name {
                if found.is_some() {
                    return Err(DecodeError::at(name, DecodeErrorKind::Duplicate));
                }
                found = Some(child);
            }
        }
        Ok(found)
    }

    /// The value of an XML attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Parses a JSON body. The root must be an object.
    pub fn parse_json(body: &'a [u8]) -> Result<Element<'a>, DecodeError> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let mut out = Vec::with_capacity(1);
        ValueSeed {
            name: Cow::Borrowed(""),
            out: &mut out,
            depth: 0,
            in_array: false,
        }
        .deserialize(&mut de)
        .map_err(json_error)?;
        de.end().map_err(json_error)?;
        match out.pop() {
            Some(root) if root.kind == Kind::Object => Ok(root),
            _ => Err(DecodeError::new(DecodeErrorKind::Syntax(
                "the body is not a JSON object".into(),
            ))),
        }
    }

    /// Parses an XML body. DOCTYPE declarations are refused (no entity is ever expanded), as is
    /// anything but whitespace after the root element.
    pub fn parse_xml(body: &'a [u8]) -> Result<Element<'a>, DecodeError> {
        use quick_xml::events::Event;

        let text = std::str::from_utf8(body)
            .map_err(|e| DecodeError::new(DecodeErrorKind::InvalidUtf8(e.valid_up_to())))?;
        let mut reader = quick_xml::Reader::from_str(text);
        let mut stack: Vec<Element<'a>> = Vec::new();
        let mut root: Option<Element<'a>> = None;
        let syntax = |e: quick_xml::Error| {
            DecodeError::new(DecodeErrorKind::Syntax(format!("malformed XML: {e}")))
        };
        loop {
            let event = reader.read_event().map_err(syntax)?;
            match event {
                Event::Start(start) | Event::Empty(start) if root.is_some() => {
                    let _ = start;
                    return Err(trailing());
                }
                Event::Start(start) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(DecodeError::new(DecodeErrorKind::TooDeep));
                    }
                    stack.push(xml_element(&start)?);
                }
                Event::Empty(start) => {
                    let element = xml_element(&start)?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                }
                Event::End(_) => {
                    // quick-xml checks that end names match their start.
                    let Some(element) = stack.pop() else {
                        return Err(trailing());
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                }
                Event::Text(t) => {
                    let content = t.xml10_content();
                    if content.trim().is_empty() {
                        // Indentation between elements; kept only inside text runs.
                        if let Some(top) = stack.last_mut()
                            && top.text.is_some()
                        {
                            push_text(top, content);
                        }
                        continue;
                    }
                    match stack.last_mut() {
                        Some(top) => push_text(top, content),
                        None => return Err(trailing()),
                    }
                }
                Event::CData(c) => {
                    let content = c.into_inner();
                    match stack.last_mut() {
                        Some(top) => push_text(top, content),
                        None => return Err(trailing()),
                    }
                }
                Event::GeneralRef(r) => {
                    let ch = match r.resolve_char_ref().map_err(syntax)? {
                        Some(ch) => ch,
                        None => match predefined_entity(&r) {
                            Some(ch) => ch,
                            None => {
                                return Err(DecodeError::new(DecodeErrorKind::Forbidden(format!(
                                    "undeclared entity `&{};`",
                                    &*r
                                ))));
                            }
                        },
                    };
                    match stack.last_mut() {
                        Some(top) => push_text(top, Cow::Owned(ch.to_string())),
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
                "malformed XML: unclosed element".into(),
            )));
        }
        root.ok_or_else(|| DecodeError::new(DecodeErrorKind::Syntax("empty XML body".into())))
    }
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

fn push_text<'a>(element: &mut Element<'a>, content: Cow<'a, str>) {
    match &mut element.text {
        None => element.text = Some(content),
        Some(existing) => existing.to_mut().push_str(&content),
    }
}

fn xml_element<'a>(start: &quick_xml::events::BytesStart<'a>) -> Result<Element<'a>, DecodeError> {
    let qname = start.name();
    let name: &str = qname.as_ref();
    let mut element = Element::new(Cow::Owned(name.to_owned()), Kind::Object);
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
        element
            .attrs
            .push((Cow::Owned(key.to_owned()), Cow::Owned(value.into_owned())));
    }
    Ok(element)
}

fn json_error(e: serde_json::Error) -> DecodeError {
    if e.is_eof() {
        return DecodeError::new(DecodeErrorKind::Syntax(format!("truncated JSON: {e}")));
    }
    let message = e.to_string();
    if message.starts_with(TOO_DEEP) {
        return DecodeError::new(DecodeErrorKind::TooDeep);
    }
    if message.starts_with(NESTED_ARRAY) {
        return DecodeError::new(DecodeErrorKind::Syntax(NESTED_ARRAY.into()));
    }
    DecodeError::new(DecodeErrorKind::Syntax(format!(
        "malformed JSON: {message}"
    )))
}

const TOO_DEEP: &str = "the body nests too deeply";
const NESTED_ARRAY: &str = "arrays of arrays are not part of any PBX wire format";

/// Deserializes one JSON value into an [`Element`] pushed onto `out`.
struct ValueSeed<'p, 'a> {
    name: Cow<'a, str>,
    out: &'p mut Vec<Element<'a>>,
    depth: usize,
    in_array: bool,
}

impl<'de, 'p> DeserializeSeed<'de> for ValueSeed<'p, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'p> ValueSeed<'p, 'de> {
    fn scalar(self, kind: Kind, text: Cow<'de, str>) {
        let mut element = Element::new(self.name, kind);
        element.text = Some(text);
        self.out.push(element);
    }
}

impl<'de, 'p> Visitor<'de> for ValueSeed<'p, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(Kind::Bool, Cow::Borrowed(if v { "true" } else { "false" }));
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(Kind::Number, Cow::Owned(v.to_string()));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(Kind::Number, Cow::Owned(v.to_string()));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(Kind::Number, Cow::Owned(v.to_string()));
        Ok(())
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<(), E> {
        self.scalar(Kind::String, Cow::Borrowed(v));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(Kind::String, Cow::Owned(v.to_owned()));
        Ok(())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.scalar(Kind::String, Cow::Owned(v));
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.push(Element::new(self.name, Kind::Null));
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(de::Error::custom(TOO_DEEP));
        }
        let mut element = Element::new(self.name, Kind::Object);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            map.next_value_seed(ValueSeed {
                name: key,
                out: &mut element.children,
                depth: self.depth + 1,
                in_array: false,
            })?;
        }
        self.out.push(element);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.in_array {
            return Err(de::Error::custom(NESTED_ARRAY));
        }
        if self.depth >= MAX_DEPTH {
            return Err(de::Error::custom(TOO_DEEP));
        }
        while seq
            .next_element_seed(ValueSeed {
                name: self.name.clone(),
                out: &mut *self.out,
                depth: self.depth + 1,
                in_array: true,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// Deserializes an object key, borrowing it from the body when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_arrays_become_repeated_children() {
        let root = Element::parse_json(br#"{"status":"Success","outbound":[{"a":"1"},{"a":"2"}]}"#)
            .expect("valid JSON");
        assert_eq!(root.children_named("outbound").count(), 2);
        assert_eq!(
            root.child("status").unwrap().unwrap().text.as_deref(),
            Some("Success")
        );
    }

    #[test]
    fn json_keeps_number_kind_and_text() {
        let root = Element::parse_json(br#"{"n":480,"s":"480"}"#).unwrap();
        let n = root.child("n").unwrap().unwrap();
        assert_eq!((n.kind, n.text.as_deref()), (Kind::Number, Some("480")));
        assert_eq!(root.child("s").unwrap().unwrap().kind, Kind::String);
    }

    #[test]
    fn xml_attributes_text_and_entities() {
        let body = br#"<?xml version="1.0" encoding="UTF-8" ?>
<r a="x &amp; y"><t>1 &lt; 2 &#x4e2d;</t><e/></r>"#;
        let root = Element::parse_xml(body).unwrap();
        assert_eq!(root.attr("a"), Some("x & y"));
        assert_eq!(
            root.child("t").unwrap().unwrap().text.as_deref(),
            Some("1 < 2 中")
        );
        assert!(root.child("e").unwrap().is_some());
    }

    #[test]
    fn xml_refuses_doctype_and_trailing_content() {
        let doctype = br#"<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>"#;
        assert!(matches!(
            Element::parse_xml(doctype).unwrap_err().kind,
            DecodeErrorKind::Forbidden(_)
        ));
        assert!(Element::parse_xml(b"<x/><y/>").is_err());
        assert!(Element::parse_xml(b"<x>").is_err());
        assert!(Element::parse_xml(b"").is_err());
    }

    #[test]
    fn depth_is_capped_in_both_formats() {
        let deep_json = format!(
            "{}{}",
            "{\"a\":".repeat(100),
            "1".to_owned() + &"}".repeat(100)
        );
        assert_eq!(
            Element::parse_json(deep_json.as_bytes()).unwrap_err().kind,
            DecodeErrorKind::TooDeep
        );
        let deep_xml = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert_eq!(
            Element::parse_xml(deep_xml.as_bytes()).unwrap_err().kind,
            DecodeErrorKind::TooDeep
        );
    }
}
