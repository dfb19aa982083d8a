//! The parts of a generated `Fields::size_hint` that depend on values: the bytes a field's
//! text or nested fields take, so each field is one call in generated code rather than a
//! match or a loop written out per type.

use crate::endpoint::Fields;

/// An optional text's length, 0 when absent.
#[inline]
pub fn optional_text(value: &Option<String>) -> usize {
    value.as_ref().map_or(0, String::len)
}

/// An optional nested value's size hint, 0 when absent.
#[inline]
pub fn optional_fields<T: Fields>(value: &Option<T>) -> usize {
    value.as_ref().map_or(0, Fields::size_hint)
}

/// A list of texts: `per_item` bytes of names and punctuation for each, plus its length.
#[inline]
pub fn texts(items: &[String], per_item: usize) -> usize {
    items.iter().map(|v| per_item + v.len()).sum()
}

/// A list of nested values: `per_item` bytes of names and punctuation for each, plus its
/// size hint.
#[inline]
pub fn objects<T: Fields>(items: &[T], per_item: usize) -> usize {
    items.iter().map(|v| per_item + v.size_hint()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_what_is_there() {
        assert_eq!(optional_text(&None), 0);
        assert_eq!(optional_text(&Some("1505".to_owned())), 4);
        assert_eq!(texts(&[], 30), 0);
        assert_eq!(texts(&["ab".to_owned(), "cde".to_owned()], 30), 65);
    }
}
