//! A direct path from a JSON response body to the generated types, without the document tree.
//!
//! It only ever takes the easy road: every method returns `None` at the first thing it is not
//! sure about (a syntax error, a duplicate member, a value of an unusual shape, a value that
//! does not parse, a required field that is absent), and the caller then decodes the body
//! through the tree (`crate::read`), which gives the exact result or the exact error. When it
//! returns a value, it is the value the tree path would return: the same lexer (strings,
//! numbers, depth cap), and the same leniency as `crate::read` for the shapes it accepts.
//!
//! Methods that read a value return `Option<Option<T>>`: the outer `None` gives up, the inner
//! `None` is JSON `null` (which the readers take as absent).

use std::borrow::Cow;

use crate::endpoint::Fields;
use crate::read::{BoolWire, parse_bool, parse_integer};
use crate::tree::MAX_DEPTH;
use crate::tree::json::Parser;

/// Members an envelope claims: called with each member name no field of the type has; returns
/// `Some(true)` when it read the value, `Some(false)` when the member is not its own (it is
/// then skipped), `None` to give up.
pub type Extra<'e, 'a> = dyn FnMut(&mut Reader<'a>, &str) -> Option<bool> + 'e;

/// No envelope members: every unknown member is skipped.
pub fn no_extra(_: &mut Reader<'_>, _: &str) -> Option<bool> {
    Some(false)
}

/// Reads an object no field of the type claims a member of (a type without fields, such as a
/// status-only answer): each member is offered to `extra`, then skipped.
#[inline]
pub fn no_members<'a>(r: &mut Reader<'a>, extra: &mut Extra<'_, 'a>) -> Option<()> {
    let mut members = r.open_object()?;
    while let Some(key) = r.next_member(&mut members)? {
        if !extra(r, &key)? {
            r.skip()?;
        }
    }
    Some(())
}

/// A Switchvox JSON answer, `{"response":{"method":..,"result":{..}}}`, read straight into `R`
/// from its `result`, as [`crate::Envelope::open_response`] reads it; `None` for anything else
/// (`errors`, a method other than `rpc_method`, a member twice, no `result`), which the tree
/// then decides.
pub(crate) fn read_rpc_result<R: Fields>(body: &[u8], rpc_method: Option<&str>) -> Option<R> {
    let mut r = Reader::new(body)?;
    let mut value = None;
    let mut response = false;
    r.object(|r, key| match &*key {
        "response" if !response => {
            response = true;
            let mut method = false;
            r.nested(|r| {
                r.object(|r, key| match &*key {
                    "method" if !method => {
                        method = true;
                        let found = r.text()??;
                        rpc_method.is_none_or(|m| m == found).then_some(())
                    }
                    "result" if value.is_none() => {
                        value = Some(r.nested(|r| R::read_json(r, &mut no_extra))??);
                        Some(())
                    }
                    // A second method or result, or the errors of a failure.
                    "method" | "result" | "errors" => None,
                    _ => r.skip(),
                })
            })?
        }
        "response" => None,
        _ => r.skip(),
    })?;
    r.end()?;
    value
}

/// An object opened by [`Reader::open_object`]: whether no member has been read yet.
pub struct Members {
    first: bool,
}

/// A JSON body being read member by member.
pub struct Reader<'a> {
    parser: Parser<'a>,
    /// How deep the value at the current position sits, counted as the tree counts it (the
    /// root object is 0).
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the root of `body`, which must be UTF-8 and start with an object.
    pub fn new(body: &'a [u8]) -> Option<Self> {
        let text = std::str::from_utf8(body).ok()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut parser = Parser { text, pos: 0 };
        parser.skip_ws();
        (parser.peek() == Some(b'{')).then_some(Reader { parser, depth: 0 })
    }

    /// Whether only whitespace is left: the root object was the whole body.
    pub fn end(&mut self) -> Option<()> {
        self.parser.skip_ws();
        (self.parser.pos == self.parser.text.len()).then_some(())
    }

    /// The first byte of the value at the current position, after whitespace, if the tree would
    /// accept a value this deep.
    #[inline]
    fn start(&mut self) -> Option<u8> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.parser.skip_ws();
        self.parser.peek()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.parser.skip_ws();
        if self.parser.peek() == Some(byte) {
            self.parser.pos += 1;
            Some(())
        } else {
            None
        }
    }

    fn null(&mut self) -> Option<()> {
        if self.parser.text[self.parser.pos..].starts_with("null") {
            self.parser.pos += 4;
            Some(())
        } else {
            None
        }
    }

    /// Reads an object, calling `member` with each member name; `member` must read or skip
    /// the value.
    #[inline]
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        let mut members = self.open_object()?;
        while let Some(key) = self.next_member(&mut members)? {
            member(self, key)?;
        }
        Some(())
    }

    /// Opens the object at the current position, to be read with [`Reader::next_member`]:
    /// the loop form of [`Reader::object`], which generated readers use because a loop
    /// compiles faster than a closure per type.
    #[inline]
    pub fn open_object(&mut self) -> Option<Members> {
        if self.start()? != b'{' {
            return None;
        }
        self.parser.pos += 1;
        self.depth += 1;
        Some(Members { first: true })
    }

    /// The next member's name, its `:` read; the caller must then read or skip the value.
    /// `Some(None)` once the object is closed.
    #[inline]
    pub fn next_member(&mut self, members: &mut Members) -> Option<Option<Cow<'a, str>>> {
        self.parser.skip_ws();
        match (members.first, self.parser.peek()) {
            (_, Some(b'}')) => {
                // `{}`, or `}` after a value: the object is closed.
                self.parser.pos += 1;
                self.depth -= 1;
                return Some(None);
            }
            (true, _) => {}
            (false, Some(b',')) => {
                self.parser.pos += 1;
                self.parser.skip_ws();
            }
            (false, _) => return None,
        }
        members.first = false;
        if self.parser.peek() != Some(b'"') {
            return None;
        }
        let key = self.parser.string().ok()?;
        self.eat(b':')?;
        Some(Some(key))
    }

    /// Skips a value, checking it as the tree parser does.
    pub fn skip(&mut self) -> Option<()> {
        let mut scratch = Vec::new();
        self.parser
            .value(Cow::Borrowed(""), &mut scratch, self.depth, false)
            .ok()
    }

    /// A scalar's text: a string, a number or a boolean (as `crate::read::scalar` reads one).
    #[inline]
    pub fn text(&mut self) -> Option<Option<Cow<'a, str>>> {
        match self.start()? {
            b'"' => Some(Some(self.parser.string().ok()?)),
            b'-' | b'0'..=b'9' => Some(Some(Cow::Borrowed(self.parser.number().ok()?))),
            b't' | b'f' => {
                let rest = &self.parser.text[self.parser.pos..];
                let word = if rest.starts_with("true") {
                    "true"
                } else if rest.starts_with("false") {
                    "false"
                } else {
                    return None;
                };
                self.parser.pos += word.len();
                Some(Some(Cow::Borrowed(word)))
            }
            b'n' => self.null().map(|()| None),
            _ => None,
        }
    }

    /// A string field: a string or a number, as text (`crate::read::string`).
    #[inline]
    pub fn string(&mut self) -> Option<Option<String>> {
        match self.start()? {
            b'"' => Some(Some(self.parser.string().ok()?.into_owned())),
            b'-' | b'0'..=b'9' => Some(Some(self.parser.number().ok()?.to_owned())),
            b'n' => self.null().map(|()| None),
            _ => None,
        }
    }

    /// An integer field: a string or a number that parses (`crate::read::integer`).
    pub fn integer(&mut self) -> Option<Option<i64>> {
        match self.start()? {
            b'"' | b'-' | b'0'..=b'9' | b'n' => match self.text()? {
                Some(text) => Some(Some(parse_integer(&text).ok()?)),
                None => Some(None),
            },
            _ => None,
        }
    }

    /// A boolean field in its wire form (`crate::read::boolean`).
    pub fn boolean(&mut self, wire: BoolWire) -> Option<Option<bool>> {
        match self.text()? {
            Some(text) => Some(Some(parse_bool(&text, wire).ok()?)),
            None => Some(None),
        }
    }

    /// A nested object field read by `read` (`crate::read::object`).
    #[inline]
    pub fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.start()? {
            b'{' => Some(Some(read(self)?)),
            b'n' => self.null().map(|()| None),
            _ => None,
        }
    }

    /// A list without a wrapper element (`crate::read::list`): an array of items, or one item
    /// on its own; `null` items and a `null` list are left out. `item` reads one item that is
    /// not `null`.
    #[inline]
    pub fn list<T>(
        &mut self,
        items: &mut Vec<T>,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<()> {
        match self.start()? {
            b'n' => self.null(),
            b'[' => {
                self.parser.pos += 1;
                self.depth += 1;
                self.parser.skip_ws();
                if self.parser.peek() == Some(b']') {
                    self.parser.pos += 1;
                } else {
                    loop {
                        match self.start()? {
                            b'n' => self.null()?,
                            b'[' => return None,
                            _ => items.push(item(self)?),
                        }
                        self.parser.skip_ws();
                        match self.parser.peek() {
                            Some(b',') => self.parser.pos += 1,
                            Some(b']') => {
                                self.parser.pos += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                self.depth -= 1;
                Some(())
            }
            _ => {
                items.push(item(self)?);
                Some(())
            }
        }
    }

    /// A list that XML wraps and JSON writes as an array (`json_list = "array"`): an array of
    /// items or `null`. Any other shape (a lone item, `{"item":[..]}`, `{}`) gives up, since
    /// only the whole object tells a lone item from a wrapper; the tree path reads those.
    #[inline]
    pub fn array_list<T>(
        &mut self,
        items: &mut Vec<T>,
        item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<()> {
        match self.start()? {
            b'[' | b'n' => self.list(items, item),
            _ => None,
        }
    }

    /// A list that JSON wraps as XML does (`json_list = "wrapped"`): an object holding the
    /// items under `item`, one alone or an array (`{"ivr_variable":[..]}`), or `{}` for none.
    /// Any other shape gives up, and the tree reads it: a wrapper that is `null`, an array or
    /// holds only other members, `item` twice, an empty array, `null` items.
    #[inline]
    pub fn wrapped_list<T>(
        &mut self,
        items: &mut Vec<T>,
        item: &str,
        mut read: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<()> {
        let mut members = self.open_object()?;
        let (mut seen, mut others) = (false, false);
        while let Some(key) = self.next_member(&mut members)? {
            if key != item {
                others = true;
                self.skip()?;
                continue;
            }
            if seen {
                return None;
            }
            seen = true;
            if self.start()? != b'[' {
                items.push(read(self)?);
                continue;
            }
            self.parser.pos += 1;
            self.depth += 1;
            loop {
                match self.start()? {
                    b'n' | b'[' | b']' => return None,
                    _ => items.push(read(self)?),
                }
                self.parser.skip_ws();
                match self.parser.peek() {
                    Some(b',') => self.parser.pos += 1,
                    Some(b']') => {
                        self.parser.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            self.depth -= 1;
        }
        (seen || !others).then_some(())
    }

    /// A list item's text: a string, number or boolean (`crate::read::text_of`).
    #[inline]
    pub fn item_text(&mut self) -> Option<Cow<'a, str>> {
        self.text()?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(body: &str) -> Option<Vec<(String, Option<String>)>> {
        let mut r = Reader::new(body.as_bytes())?;
        let mut out = Vec::new();
        r.object(|r, key| {
            let value = r.string()?;
            out.push((key.into_owned(), value));
            Some(())
        })?;
        r.end()?;
        Some(out)
    }

    #[test]
    fn reads_plain_members_and_gives_up_on_anything_else() {
        assert_eq!(
            fields(r#" {"a":"x","b":12,"c":null} "#),
            Some(vec![
                ("a".into(), Some("x".into())),
                ("b".into(), Some("12".into())),
                ("c".into(), None)
            ])
        );
        for body in [
            r#"{"a":true}"#,
            r#"{"a":["x"]}"#,
            r#"{"a":{}}"#,
            r#"{"a":"x"} x"#,
            r#"{"a":"x""#,
            r#"{"a":01}"#,
            r#"["a"]"#,
            "",
        ] {
            assert_eq!(fields(body), None, "{body}");
        }
    }

    #[test]
    fn skipping_checks_depth_as_the_tree_does() {
        let deep = format!("{{\"a\":{}1{}}}", "[{\"b\":".repeat(40), "}]".repeat(40));
        let mut r = Reader::new(deep.as_bytes()).unwrap();
        assert_eq!(r.object(|r, _| r.skip()), None);
    }
}
