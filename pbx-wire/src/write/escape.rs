//! Escaping for JSON strings and XML text and attributes, and integers written without `fmt`.

use std::fmt::Write as _;

use crate::check::ascii::Runs;

/// Appends an integer's decimal digits.
#[inline]
pub(super) fn push_integer(out: &mut String, value: i64) {
    let mut digits = [0u8; 20];
    let mut n = value.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

/// Which bytes need escaping in a JSON string: `"`, `\\` and the C0 controls.
const JSON_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[0x7f] = true;
    table
};

/// Appends `value` as a JSON string literal.
#[inline]
pub fn escape_json(out: &mut String, value: &str) {
    out.push('"');
    escape_json_inner(out, value);
    out.push('"');
}

/// The ASCII bytes a JSON string carries as they are (three runs, so a value of them only is
/// recognised eight bytes at a time).
const JSON_PLAIN: Option<Runs> = {
    let mut bits = 0u128;
    let mut b = 0;
    while b < 128 {
        if !JSON_ESCAPE[b] {
            bits |= 1 << b;
        }
        b += 1;
    }
    Runs::of(bits)
};

/// Appends `value` escaped for the inside of a JSON string literal (no quotes).
#[inline]
pub(super) fn escape_json_inner(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    if let Some(plain) = &JSON_PLAIN
        && plain.all(bytes)
    {
        out.push_str(value);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !JSON_ESCAPE[b as usize] {
            continue;
        }
        out.push_str(&value[start..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        start = i + 1;
    }
    out.push_str(&value[start..]);
}

/// Bytes that may need escaping in XML text: `<`, `>`, `&`, carriage return, the C0 controls
/// XML cannot carry, and 0xEF (the lead byte of U+FFFE and U+FFFF).
const XML_TEXT_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = !matches!(i, 0x09 | 0x0a);
        i += 1;
    }
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[0xef] = true;
    table
};

/// [`XML_TEXT_ESCAPE`] plus what a double-quoted attribute value escapes: quotes, tab and
/// newline.
const XML_ATTRIBUTE_ESCAPE: [bool; 256] = {
    let mut table = XML_TEXT_ESCAPE;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

/// Appends `value` escaped for XML text, or for a double-quoted attribute value. Characters
/// XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage return) become
/// U+FFFD; request validation refuses them before they get here.
pub fn escape_xml(out: &mut String, value: &str, attribute: bool) {
    // Most values hold no byte that could need escaping: copy them whole, and start the
    // character walk only at the first byte that might.
    let table = if attribute {
        &XML_ATTRIBUTE_ESCAPE
    } else {
        &XML_TEXT_ESCAPE
    };
    let Some(first) = value.bytes().position(|b| table[b as usize]) else {
        out.push_str(value);
        return;
    };
    out.push_str(&value[..first]);
    let value = &value[first..];
    let mut start = 0;
    for (i, c) in value.char_indices() {
        let escape = match c {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' if attribute => "&quot;",
            '\'' if attribute => "&apos;",
            '\n' if attribute => "&#10;",
            '\r' => "&#13;",
            '\t' if attribute => "&#9;",
            '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{fffe}'
            | '\u{ffff}' => "\u{fffd}",
            _ => continue,
        };
        out.push_str(&value[start..i]);
        out.push_str(escape);
        start = i + c.len_utf8();
    }
    out.push_str(&value[start..]);
}
