//! A JSON parser into [`Element`]s: strings borrow from the body when they have no escapes,
//! numbers keep their source text (no trip through `f64`), arrays become repeated members
//! marked `in_array`, depth is capped, and the root must be an object.

use std::borrow::Cow;

use super::{Element, Kind, MAX_DEPTH};
use crate::error::{DecodeError, DecodeErrorKind};

/// Parses a JSON body.
pub fn parse(body: &[u8]) -> Result<Element<'_>, DecodeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(DecodeErrorKind::InvalidUtf8(e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser { text, pos: 0 };
    p.skip_ws();
    if p.peek() != Some(b'{') {
        return Err(p.error(if p.peek().is_none() {
            "the body is empty"
        } else {
            "the body is not a JSON object"
        }));
    }
    let mut root = Vec::with_capacity(1);
    p.value(Cow::Borrowed(""), &mut root, 0, false)?;
    p.skip_ws();
    if p.pos != p.text.len() {
        return Err(p.error("content after the JSON object"));
    }
    root.pop()
        .ok_or_else(|| DecodeError::new(DecodeErrorKind::Syntax("the body is empty".into())))
}

/// The parser, shared with the direct reader in [`crate::json`].
pub(crate) struct Parser<'a> {
    pub(crate) text: &'a str,
    pub(crate) pos: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn error(&self, what: &str) -> DecodeError {
        // The position may sit inside a character (after a bad escape's first byte).
        let mut end = self.pos.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let kind = if self.pos >= self.text.len() && what != "the body is empty" {
            DecodeErrorKind::Syntax(format!(
                "truncated JSON: {what} at line {line} column {column}"
            ))
        } else {
            DecodeErrorKind::Syntax(format!(
                "malformed JSON: {what} at line {line} column {column}"
            ))
        };
        DecodeError::new(kind)
    }

    pub(crate) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), DecodeError> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// Parses one value named `name`, pushing it (or, for an array, its items) onto `out`.
    pub(crate) fn value(
        &mut self,
        name: Cow<'a, str>,
        out: &mut Vec<Element<'a>>,
        depth: usize,
        in_array: bool,
    ) -> Result<(), DecodeError> {
        if depth >= MAX_DEPTH {
            return Err(DecodeError::new(DecodeErrorKind::TooDeep));
        }
        self.skip_ws();
        let mut element = match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut element = Element::new(name, Kind::Object);
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.skip_ws();
                        if self.peek() != Some(b'"') {
                            return Err(self.error("expected a member name"));
                        }
                        let key = self.string()?;
                        self.expect(b':', "expected `:`")?;
                        self.value(key, &mut element.children, depth + 1, false)?;
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b'}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `}`")),
                        }
                    }
                }
                element
            }
            Some(b'[') => {
                if in_array {
                    return Err(self.error("arrays of arrays are not part of any PBX wire format"));
                }
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.value(name.clone(), out, depth + 1, true)?;
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(());
                        }
                        _ => return Err(self.error("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => {
                let text = self.string()?;
                let mut element = Element::new(name, Kind::String);
                element.text = Some(text);
                element
            }
            Some(b't') => self.literal(name, "true", Kind::Bool)?,
            Some(b'f') => self.literal(name, "false", Kind::Bool)?,
            Some(b'n') => self.literal(name, "null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => {
                let text = self.number()?;
                let mut element = Element::new(name, Kind::Number);
                element.text = Some(Cow::Borrowed(text));
                element
            }
            Some(_) => return Err(self.error("expected a value")),
            None => return Err(self.error("expected a value")),
        };
        element.in_array = in_array;
        out.push(element);
        Ok(())
    }

    fn literal(
        &mut self,
        name: Cow<'a, str>,
        word: &'static str,
        kind: Kind,
    ) -> Result<Element<'a>, DecodeError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            let mut element = Element::new(name, kind);
            if kind == Kind::Bool {
                element.text = Some(Cow::Borrowed(word));
            }
            Ok(element)
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// A number, validated against JSON's grammar; its text is kept as written.
    pub(crate) fn number(&mut self) -> Result<&'a str, DecodeError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(bytes.get(p.pos), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.error("malformed number"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("malformed number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("malformed number"));
            }
        }
        Ok(&self.text[start..self.pos])
    }

    /// A string literal; borrowed when it holds no escapes.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    let s = &self.text[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0x00..=0x1f) => return Err(self.error("control character in a string")),
                Some(_) => self.pos += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.pos]);
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let Some(&escape) = bytes.get(self.pos) else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                Some(0x00..=0x1f) => return Err(self.error("control character in a string")),
                Some(_) => {
                    // Copy one whole character.
                    let rest = &self.text[self.pos..];
                    let c = rest.chars().next().unwrap_or('\u{fffd}');
                    out.push(c);
                    self.pos += c.len_utf8().max(1);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, DecodeError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("truncated \\u escape"))?;
        let value =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, DecodeError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.text[self.pos..].starts_with("\\u") {
                return Err(self.error("unpaired surrogate in \\u escape"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("unpaired surrogate in \\u escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text() {
        let root =
            parse(br#"{"a":1495710387.330,"b":123456789012345678901234567890,"c":-0,"d":1e3}"#)
                .unwrap();
        let texts: Vec<&str> = root
            .children
            .iter()
            .map(|c| c.text.as_deref().unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "1495710387.330",
                "123456789012345678901234567890",
                "-0",
                "1e3"
            ]
        );
    }

    #[test]
    fn strings_unescape_and_borrow() {
        let root = parse(br#"{"plain":"abc","esc":"a\"b\\c\n\u4e2d\ud83d\ude00"}"#).unwrap();
        assert!(matches!(root.children[0].text, Some(Cow::Borrowed("abc"))));
        assert_eq!(root.children[1].text.as_deref(), Some("a\"b\\c\n中😀"));
    }

    #[test]
    fn malformed_bodies_are_errors() {
        for body in [
            &b"[1]"[..],
            b"[{\"status\":\"Success\"}]",
            b"{\"a\":1",
            b"{\"a\":01}",
            b"{\"a\":\"\\x\"}",
            b"{\"a\":\"\\ud800\"}",
            b"{\"a\":tru}",
            b"{\"a\":[[1]]}",
            b"{} {}",
            b"",
            b"   ",
            b"{\"a\":\"\x01\"}",
        ] {
            assert!(parse(body).is_err(), "{:?}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn arrays_mark_their_members() {
        let root = parse(br#"{"one":[{"k":"v"}],"bare":{"k":"v"},"none":[]}"#).unwrap();
        assert_eq!(root.children.len(), 2);
        assert!(root.children[0].in_array);
        assert!(!root.children[1].in_array);
    }

    #[test]
    fn a_bad_escape_before_a_multibyte_character_is_an_error() {
        assert!(parse("{\"a\":\"\\\u{feff}\"}".as_bytes()).is_err());
    }

    #[test]
    fn a_bom_is_skipped() {
        assert!(parse("\u{feff}{}".as_bytes()).is_ok());
    }
}
