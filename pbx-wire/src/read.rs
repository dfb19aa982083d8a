//! Field readers that generated `read` methods call: one place decides how lenient a decoder
//! is (numbers as strings, `Yes`/`yes`, JSON attributes as members, one-or-many lists).

use std::borrow::Cow;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::tree::{Element, Kind};
use crate::write::{JsonList, Place};

mod required;
mod slot;
pub use required::{
    integer_item, non_empty, parsed, required_boolean, required_integer, required_parsed,
    required_string, text_item,
};
pub use slot::Slot;

/// How a boolean travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolWire {
    /// `yes` / `no` (any case when read).
    YesNo,
    /// `1` / `0`.
    OneZero,
}

impl BoolWire {
    /// The wire text of a value.
    pub fn text(self, value: bool) -> &'static str {
        match (self, value) {
            (BoolWire::YesNo, true) => "yes",
            (BoolWire::YesNo, false) => "no",
            (BoolWire::OneZero, true) => "1",
            (BoolWire::OneZero, false) => "0",
        }
    }

    /// Parses wire text; JSON `true`/`false` are accepted for either form.
    pub fn parse(self, text: &str) -> Option<bool> {
        let t = text.trim();
        match self {
            BoolWire::YesNo if t.eq_ignore_ascii_case("yes") => Some(true),
            BoolWire::YesNo if t.eq_ignore_ascii_case("no") => Some(false),
            BoolWire::OneZero if t == "1" => Some(true),
            BoolWire::OneZero if t == "0" => Some(false),
            _ if t == "true" => Some(true),
            _ if t == "false" => Some(false),
            _ => None,
        }
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Object => "an object",
        Kind::Element => "an element with child elements",
        Kind::String => "a string",
        Kind::Number => "a number",
        Kind::Bool => "a boolean",
        Kind::Null => "null",
    }
}

/// The text of a scalar element: a JSON string, number or boolean, or an XML element without
/// child elements (`<x/>` reads as `""`).
pub fn text_of<'e>(element: &'e Element<'_>) -> Result<Cow<'e, str>, DecodeError> {
    match element.kind {
        Kind::String | Kind::Number | Kind::Bool => {
            Ok(Cow::Borrowed(element.text.as_deref().unwrap_or("")))
        }
        Kind::Element if element.children.is_empty() => {
            Ok(Cow::Borrowed(element.text.as_deref().unwrap_or("")))
        }
        kind => Err(DecodeError::new(DecodeErrorKind::WrongType {
            expected: "a scalar",
            found: kind_name(kind),
        })),
    }
}

fn is_object(kind: Kind) -> bool {
    matches!(kind, Kind::Object | Kind::Element)
}

/// Finds a scalar field: an attribute (XML) or a member/child element (JSON and XML).
/// JSON `null` counts as absent.
pub fn scalar<'e>(
    node: &'e Element<'_>,
    name: &str,
    place: Place,
) -> Result<Option<Cow<'e, str>>, DecodeError> {
    let child = node.child(name)?;
    scalar_of(node, child, name, place)
}

/// [`scalar`] with the child already looked up (so a reader looks it up once).
fn scalar_of<'e>(
    node: &'e Element<'_>,
    child: Option<&'e Element<'_>>,
    name: &str,
    place: Place,
) -> Result<Option<Cow<'e, str>>, DecodeError> {
    if place == Place::Attribute
        && let Some(value) = node.attr(name)
    {
        return Ok(Some(Cow::Borrowed(value)));
    }
    match child {
        None => Ok(None),
        Some(element) if element.kind == Kind::Null => Ok(None),
        Some(element) if element.in_array => Err(DecodeError::at(
            name,
            DecodeErrorKind::WrongType {
                expected: "a single value",
                found: "an array",
            },
        )),
        Some(element) => text_of(element).map(Some).map_err(|e| e.within(name)),
    }
}

/// Reads an optional string field. JSON numbers are taken as their text; JSON booleans are
/// refused.
pub fn string(node: &Element<'_>, name: &str, place: Place) -> Result<Option<String>, DecodeError> {
    let child = not_bool(node.child(name)?, name, "a string")?;
    Ok(scalar_of(node, child, name, place)?.map(Cow::into_owned))
}

/// A field's node, refused if it is a JSON boolean where `expected` is wanted.
fn not_bool<'n, 'a>(
    child: Option<&'n Element<'a>>,
    name: &str,
    expected: &'static str,
) -> Result<Option<&'n Element<'a>>, DecodeError> {
    match child {
        Some(element) if element.kind == Kind::Bool => Err(DecodeError::at(
            name,
            DecodeErrorKind::WrongType {
                expected,
                found: "a boolean",
            },
        )),
        _ => Ok(child),
    }
}

/// Parses an integer, allowing surrounding whitespace and a string-typed JSON value.
pub fn parse_integer(text: &str) -> Result<i64, DecodeError> {
    text.trim().parse().map_err(|_| {
        DecodeError::new(DecodeErrorKind::Invalid(format!(
            "`{}` is not an integer",
            truncate(text)
        )))
    })
}

/// Reads an optional integer field.
pub fn integer(node: &Element<'_>, name: &str, place: Place) -> Result<Option<i64>, DecodeError> {
    let child = not_bool(node.child(name)?, name, "an integer")?;
    scalar_of(node, child, name, place)?
        .map(|t| parse_integer(&t).map_err(|e| e.within(name)))
        .transpose()
}

/// Parses a boolean in its wire form.
pub fn parse_bool(text: &str, wire: BoolWire) -> Result<bool, DecodeError> {
    wire.parse(text).ok_or_else(|| {
        DecodeError::new(DecodeErrorKind::Invalid(format!(
            "`{}` is not {}",
            truncate(text),
            match wire {
                BoolWire::YesNo => "`yes` or `no`",
                BoolWire::OneZero => "`1` or `0`",
            }
        )))
    })
}

/// Reads an optional boolean field.
pub fn boolean(
    node: &Element<'_>,
    name: &str,
    place: Place,
    wire: BoolWire,
) -> Result<Option<bool>, DecodeError> {
    scalar(node, name, place)?
        .map(|t| parse_bool(&t, wire).map_err(|e| e.within(name)))
        .transpose()
}

/// Turns an absent required field into [`DecodeErrorKind::Missing`].
pub fn required<T>(value: Option<T>, name: &str) -> Result<T, DecodeError> {
    value.ok_or_else(|| DecodeError::at(name, DecodeErrorKind::Missing))
}

/// Reads an optional nested object.
pub fn object<T>(
    node: &Element<'_>,
    name: &str,
    read: impl Fn(&Element<'_>) -> Result<T, DecodeError>,
) -> Result<Option<T>, DecodeError> {
    match node.child(name)? {
        None => Ok(None),
        Some(element) if element.kind == Kind::Null => Ok(None),
        Some(element) if is_object(element.kind) => {
            read(element).map(Some).map_err(|e| e.within(name))
        }
        Some(element) => Err(DecodeError::at(
            name,
            DecodeErrorKind::WrongType {
                expected: "an object",
                found: kind_name(element.kind),
            },
        )),
    }
}

/// Reads a list: zero, one or many repeated elements named `name`, or, when XML wraps the
/// items (`wrapper` is the item name), the items inside the one `name` element. JSON may give
/// the items as an array or, for a single item, as the item itself.
pub fn list<T>(
    node: &Element<'_>,
    name: &str,
    wrapper: Option<&str>,
    read: impl Fn(&Element<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    list_of(node, name, wrapper, JsonList::Wrapped, read)
}

/// [`list`] for a list whose JSON form is `json`. With [`JsonList::Array`] a wrapped list
/// travels in JSON as `"name":[..]`, so a JSON object under `name` holding no `wrapper`
/// members is the one item itself, written without its array (as vendors write a list of one),
/// not a broken wrapper.
pub fn list_of<T>(
    node: &Element<'_>,
    name: &str,
    wrapper: Option<&str>,
    json: JsonList,
    read: impl Fn(&Element<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let mut items: Vec<&Element<'_>> = node
        .children_named(name)
        .filter(|e| e.kind != Kind::Null)
        .collect();
    if let Some(item) = wrapper
        && items.is_empty()
    {
        // Items without their wrapper element, as some vendor excerpts print them.
        items = node.children_named(item).collect();
        return read_items(items, item, read);
    }
    if let Some(item) = wrapper
        && items.len() == 1
        && is_object(items[0].kind)
        && !items[0].in_array
    {
        let holder = items[0];
        let inner: Vec<&Element<'_>> = holder.children_named(item).collect();
        let empty = holder.children.is_empty()
            && holder.text.as_deref().is_none_or(|t| t.trim().is_empty());
        if !inner.is_empty() || empty {
            items = inner;
        } else if json == JsonList::Array && holder.kind == Kind::Object {
            // The lone item, as `"members":{"agent":"102"}`: `items` already holds it.
        } else {
            return Err(DecodeError::at(
                name,
                DecodeErrorKind::Envelope(format!("expected `{item}` items")),
            ));
        }
    }
    read_items(items, name, read)
}

fn read_items<T>(
    items: Vec<&Element<'_>>,
    name: &str,
    read: impl Fn(&Element<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, element)| read(element).map_err(|e| e.within(&format!("[{i}]")).within(name)))
        .collect()
}

/// Refuses members that are not among `known` (request decoding is strict, so a misspelt
/// parameter is an error rather than silently dropped).
pub fn only_known(node: &Element<'_>, known: &[&str]) -> Result<(), DecodeError> {
    for child in &node.children {
        if !known.contains(&child.name.as_ref()) {
            return Err(DecodeError::at(&child.name, DecodeErrorKind::Unknown));
        }
    }
    Ok(())
}

/// `Fields::read_all` of a generated request: the object and its member names checked, then
/// each of its `fields` read and checked alone by `each(node, index)`, every failure pushed.
/// Whether nothing failed: only then does the caller build the value ([`kept`] of
/// [`Fields::read`](crate::Fields::read)). Not generic, so one copy serves every request type.
pub fn all_fields(
    node: &Element<'_>,
    failures: &mut Vec<DecodeError>,
    known: &[&str],
    fields: usize,
    each: fn(&Element<'_>, usize) -> Result<(), DecodeError>,
) -> bool {
    if let Err(e) = expect_object(node) {
        failures.push(e);
        return false;
    }
    let before = failures.len();
    if let Err(e) = only_known(node, known) {
        failures.push(e);
    }
    for index in 0..fields {
        if let Err(e) = each(node, index) {
            failures.push(e);
        }
    }
    failures.len() == before
}

/// The value read, or `None` with its error pushed onto `failures`.
#[inline]
pub fn kept<T>(value: Result<T, DecodeError>, failures: &mut Vec<DecodeError>) -> Option<T> {
    match value {
        Ok(value) => Some(value),
        Err(e) => {
            failures.push(e);
            None
        }
    }
}

/// Requires an object (not a scalar) where a struct is expected.
pub fn expect_object(node: &Element<'_>) -> Result<(), DecodeError> {
    if is_object(node.kind) {
        Ok(())
    } else {
        Err(DecodeError::new(DecodeErrorKind::WrongType {
            expected: "an object",
            found: kind_name(node.kind),
        }))
    }
}

/// A value shortened for an error message.
pub fn truncate(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;

    fn keys(format: Format, body: &[u8]) -> Result<Vec<String>, DecodeError> {
        let root = Element::parse(format, body)?;
        list(&root, "entries", Some("entry"), |e| {
            required(string(e, "key", Place::Element)?, "key")
        })
    }

    fn array_keys(body: &[u8]) -> Result<Vec<String>, DecodeError> {
        let root = Element::parse(Format::Json, body)?;
        list_of(&root, "entries", Some("entry"), JsonList::Array, |e| {
            required(string(e, "key", Place::Element)?, "key")
        })
    }

    #[test]
    fn a_lone_object_is_a_one_item_array_list() {
        let one = vec!["k".to_owned()];
        assert_eq!(array_keys(br#"{"entries":{"key":"k"}}"#).unwrap(), one);
        assert_eq!(array_keys(br#"{"entries":[{"key":"k"}]}"#).unwrap(), one);
        assert_eq!(
            array_keys(br#"{"entries":{"entry":{"key":"k"}}}"#).unwrap(),
            one
        );
        assert!(array_keys(br#"{"entries":{}}"#).unwrap().is_empty());
        // A wrapped JSON list still needs its wrapper members.
        assert!(keys(Format::Json, br#"{"entries":{"key":"k"}}"#).is_err());
    }

    #[test]
    fn wrapped_lists_in_every_form() {
        let one = vec!["k".to_owned()];
        // JSON: a one-item array is a list, not the wrapper.
        assert_eq!(
            keys(Format::Json, br#"{"entries":[{"key":"k"}]}"#).unwrap(),
            one
        );
        assert_eq!(
            keys(Format::Json, br#"{"entries":{"entry":[{"key":"k"}]}}"#).unwrap(),
            one
        );
        assert_eq!(
            keys(Format::Json, br#"{"entries":{"entry":{"key":"k"}}}"#).unwrap(),
            one
        );
        assert_eq!(
            keys(Format::Json, br#"{"entries":{}}"#).unwrap(),
            Vec::<String>::new()
        );
        // XML: wrapped, bare, empty and indented-empty.
        assert_eq!(
            keys(
                Format::Xml,
                b"<r><entries><entry><key>k</key></entry></entries></r>"
            )
            .unwrap(),
            one
        );
        assert_eq!(
            keys(Format::Xml, b"<r><entry><key>k</key></entry></r>").unwrap(),
            one
        );
        assert!(keys(Format::Xml, b"<r><entries/></r>").unwrap().is_empty());
        assert!(
            keys(Format::Xml, b"<r><entries>\n\t\t</entries></r>")
                .unwrap()
                .is_empty()
        );
    }
}
