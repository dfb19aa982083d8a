//! One call per field for generated readers: a required field read, or `Missing`, and the
//! parsed and list-item forms, so that a generated `read` holds one call and one `?` per
//! field (the code each endpoint emits is what its family crate takes to compile).

use super::{boolean, integer, required, scalar, string, text_of};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::read::{BoolWire, parse_integer};
use crate::tree::Element;
use crate::write::Place;

/// A required string field.
pub fn required_string(
    node: &Element<'_>,
    name: &str,
    place: Place,
) -> Result<String, DecodeError> {
    required(string(node, name, place)?, name)
}

/// A required integer field.
pub fn required_integer(node: &Element<'_>, name: &str, place: Place) -> Result<i64, DecodeError> {
    required(integer(node, name, place)?, name)
}

/// A required boolean field in its wire form.
pub fn required_boolean(
    node: &Element<'_>,
    name: &str,
    place: Place,
    wire: BoolWire,
) -> Result<bool, DecodeError> {
    required(boolean(node, name, place, wire)?, name)
}

/// An optional scalar field parsed by `parse` (a generated enum's `from_wire`).
pub fn parsed<T>(
    node: &Element<'_>,
    name: &str,
    place: Place,
    parse: fn(&str) -> Result<T, DecodeError>,
) -> Result<Option<T>, DecodeError> {
    scalar(node, name, place)?
        .map(|t| parse(&t).map_err(|e| e.within(name)))
        .transpose()
}

/// A required scalar field parsed by `parse`.
pub fn required_parsed<T>(
    node: &Element<'_>,
    name: &str,
    place: Place,
    parse: fn(&str) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    required(parsed(node, name, place, parse)?, name)
}

/// A required list: at least one item, or `Missing`.
pub fn non_empty<T>(items: Vec<T>, name: &str) -> Result<Vec<T>, DecodeError> {
    if items.is_empty() {
        Err(DecodeError::at(name, DecodeErrorKind::Missing))
    } else {
        Ok(items)
    }
}

/// A list item that is a string.
pub fn text_item(element: &Element<'_>) -> Result<String, DecodeError> {
    text_of(element).map(|t| t.into_owned())
}

/// A list item that is an integer.
pub fn integer_item(element: &Element<'_>) -> Result<i64, DecodeError> {
    text_of(element).and_then(|t| parse_integer(&t))
}
