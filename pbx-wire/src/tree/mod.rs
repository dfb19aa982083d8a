//! A small document tree that JSON and XML bodies both parse into, so that one generated
//! reader per type serves both formats.
//!
//! Mapping: a JSON object or an XML element is an [`Element`]; an object key or a child element
//! is a child; a JSON array becomes repeated children with the key's name (as XML repeats
//! elements); XML attributes are kept apart from children, and readers asked for an attribute
//! fall back to a child of that name, which is how JSON carries them. Strings borrow from the
//! body where no unescaping was needed.

use std::borrow::Cow;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::format::Format;

mod attrs;
pub(crate) mod json;
pub(crate) mod xml;

/// How deep a body may nest before it is refused. Vendor bodies nest four levels at most.
pub const MAX_DEPTH: usize = 32;

/// What kind of value an element held on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON object.
    Object,
    /// An XML element, which may hold text, attributes and children.
    Element,
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
    /// Whether the node was a member of a JSON array (so a one-item array is still a list).
    pub in_array: bool,
}

impl<'a> Element<'a> {
    /// An empty node.
    pub fn new(name: Cow<'a, str>, kind: Kind) -> Self {
        Element {
            name,
            kind,
            attrs: Vec::new(),
            children: Vec::new(),
            text: None,
            in_array: false,
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

    /// Parses a JSON body. The root must be an object; numbers keep their text.
    pub fn parse_json(body: &'a [u8]) -> Result<Element<'a>, DecodeError> {
        json::parse(body)
    }

    /// Parses an XML body. DOCTYPE declarations are refused (no entity is ever expanded), as is
    /// anything but whitespace after the root element.
    pub fn parse_xml(body: &'a [u8]) -> Result<Element<'a>, DecodeError> {
        xml::parse(body)
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
