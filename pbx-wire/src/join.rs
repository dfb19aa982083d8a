//! Lists joined into one wire value (`join = ","` in a spec): `"101,102"` is one JSON string,
//! one XML element's text, one query-string value; generated code holds it as a `Vec` and
//! these helpers join it on writing and split it on reading.
//!
//! Reading also takes the list in the form of a plain list (a JSON array, repeated elements),
//! each of whose texts is split again: the command line and lenient clients build that form.

use crate::error::DecodeError;
use crate::read;
use crate::tree::Element;
use crate::write::JsonList;

/// Joins item texts with `separator`: `["101", "102"]` → `"101,102"`.
pub fn join<'t>(items: impl IntoIterator<Item = &'t str>, separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item);
    }
    out
}

/// Splits one joined value into its items, each parsed by `item`; an empty (or all-blank)
/// text is an empty list. A failing item is reported with its position, `[1]`.
pub fn split<T>(
    text: &str,
    separator: &str,
    item: impl Fn(&str) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let mut out = Vec::new();
    split_into(&mut out, text, separator, &item)?;
    Ok(out)
}

fn split_into<T>(
    out: &mut Vec<T>,
    text: &str,
    separator: &str,
    item: &impl Fn(&str) -> Result<T, DecodeError>,
) -> Result<(), DecodeError> {
    if text.trim().is_empty() || separator.is_empty() {
        if !text.trim().is_empty() {
            out.push(item(text).map_err(|e| e.within(&format!("[{}]", out.len())))?);
        }
        return Ok(());
    }
    for part in text.split(separator) {
        let i = out.len();
        out.push(item(part).map_err(|e| e.within(&format!("[{i}]")))?);
    }
    Ok(())
}

/// Reads the joined list `name` of `node`: absent or `null` is empty; one scalar is split on
/// `separator`; several (a JSON array, repeated XML elements) are each split, in order.
pub fn list<T>(
    node: &Element<'_>,
    name: &str,
    separator: &str,
    item: impl Fn(&str) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let texts = read::list_of(node, name, None, JsonList::Array, |e| {
        read::text_of(e).map(|t| t.into_owned())
    })?;
    let mut out = Vec::new();
    for text in &texts {
        split_into(&mut out, text, separator, &item).map_err(|e| e.within(name))?;
    }
    Ok(out)
}

/// Splits the texts of a joined list read straight from JSON (`json::Reader::list`), as
/// [`list`] does; `None` when an item does not parse (the tree path then reports it).
pub fn split_texts<T>(
    texts: &[String],
    separator: &str,
    item: impl Fn(&str) -> Result<T, DecodeError>,
) -> Option<Vec<T>> {
    let mut out = Vec::new();
    for text in texts {
        split_into(&mut out, text, separator, &item).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Element<'_> {
        Element::parse_json(body.as_bytes()).expect("test body parses")
    }

    #[test]
    fn joins_and_splits_back() {
        let joined = join(["101", "102", "6300"], ",");
        assert_eq!(joined, "101,102,6300");
        let items = split(&joined, ",", |t| Ok(t.to_owned())).expect("splits");
        assert_eq!(items, ["101", "102", "6300"]);
        assert_eq!(join([], ","), "");
        assert!(
            split("", ",", |t| Ok(t.to_owned()))
                .expect("empty")
                .is_empty()
        );
    }

    #[test]
    fn reads_one_value_or_an_array_of_values() {
        let one = parse(r#"{"ids":"1,2"}"#);
        let many = parse(r#"{"ids":["1","2,3"]}"#);
        let none = parse(r#"{"other":"x"}"#);
        let int = |t: &str| read::parse_integer(t);
        assert_eq!(list(&one, "ids", ",", int).expect("one"), [1, 2]);
        assert_eq!(list(&many, "ids", ",", int).expect("many"), [1, 2, 3]);
        assert!(list(&none, "ids", ",", int).expect("none").is_empty());
    }

    #[test]
    fn a_bad_item_names_its_position() {
        let body = parse(r#"{"ids":"1,x"}"#);
        let err = list(&body, "ids", ",", read::parse_integer).expect_err("x is no integer");
        assert!(err.to_string().contains("ids[1]"), "{err}");
    }

    #[test]
    fn reads_xml_text() {
        let body = Element::parse_xml(b"<xml><ids>7,8</ids></xml>").expect("xml parses");
        assert_eq!(
            list(&body, "ids", ",", |t| Ok(t.to_owned())).expect("xml"),
            ["7", "8"]
        );
    }
}
