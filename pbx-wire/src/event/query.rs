//! A URL trigger's query string as a document tree (Switchvox URL Manager): each `name=value`
//! pair a string member, names and values percent-decoded (`+` a space, as PHP's `$_GET` reads
//! them), in order, a repeated name repeated (so list fields read every value). The same field
//! readers then serve triggers and JSON reports.

use std::borrow::Cow;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::query::percent_decode;
use crate::tree::{Element, Kind};

/// How many pairs a query string may hold before it is refused (a trigger carries about ten).
pub const MAX_PAIRS: usize = 256;

/// Parses `query` (without its `?`). A pair without `=` is a name with an empty value; empty
/// pairs (`a=1&&b=2`) are skipped. A broken escape, text that is not UTF-8 once decoded, or
/// more than [`MAX_PAIRS`] pairs is an error.
pub fn tree(query: &str) -> Result<Element<'_>, DecodeError> {
    let mut root = Element::new(Cow::Borrowed(""), Kind::Object);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        if root.children.len() == MAX_PAIRS {
            return Err(DecodeError::new(DecodeErrorKind::Syntax(format!(
                "the query string holds more than {MAX_PAIRS} pairs"
            ))));
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(name)?;
        let value = decode(value).map_err(|e| e.within(&name))?;
        let mut member = Element::new(name, Kind::String);
        member.text = Some(value);
        root.children.push(member);
    }
    Ok(root)
}

/// One component, borrowed when it holds nothing to decode.
fn decode(text: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !text.contains(['%', '+']) {
        return Ok(Cow::Borrowed(text));
    }
    percent_decode(text).map(Cow::Owned).ok_or_else(|| {
        DecodeError::new(DecodeErrorKind::Syntax(format!(
            "`{}` is not a well-formed percent-encoded UTF-8 query component",
            crate::read::truncate(text)
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        tree(query)
            .unwrap()
            .children
            .iter()
            .map(|c| {
                (
                    c.name.to_string(),
                    c.text.as_deref().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn pairs_are_decoded_in_order() {
        assert_eq!(
            pairs("cid_name=John+Doe&num=%2B4930&flag&&q=a&q=b"),
            [
                ("cid_name".into(), "John Doe".into()),
                ("num".into(), "+4930".into()),
                ("flag".into(), String::new()),
                ("q".into(), "a".into()),
                ("q".into(), "b".into()),
            ]
        );
        assert!(pairs("").is_empty());
    }

    #[test]
    fn broken_escapes_and_floods_are_refused() {
        assert!(tree("a=%G1").is_err());
        assert!(tree("a=%ff").is_err());
        assert_eq!(tree("%zz=1").unwrap_err().path, "");
        assert_eq!(tree("a=%").unwrap_err().path, "a");
        let flood = "a=1&".repeat(MAX_PAIRS + 1);
        assert!(tree(&flood).is_err());
    }
}
