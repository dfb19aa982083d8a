//! Writers for request and response bodies. Generated code describes a value once, against the
//! [`Sink`] trait; [`JsonWriter`] and [`XmlWriter`] turn that description into bytes.

use crate::check::ascii::Runs;
use std::fmt::Write as _;

/// Where a field sits in XML. JSON has no attributes: both places become object members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A child element: `<extid>101</extid>`.
    Element,
    /// An attribute of the enclosing element: `<call_info dialed_first="101">`.
    Attribute,
}

/// How a scalar travels in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonScalar {
    /// As a JSON string, even for numbers (`"extid":"101"`): what most PBX APIs send.
    String,
    /// As a bare JSON number or boolean literal; the text must already be one.
    Raw,
}

/// How a list that XML wraps in an element of its own (`<variables><variable>..`) travels in
/// JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonList {
    /// A plain array: `"variables":["a=1"]`.
    Array,
    /// An object holding the array under the item name: `"variables":{"variable":["a=1"]}`.
    Wrapped,
}

/// A field's wire name with its spellings in both formats, spelt out by the generator so a
/// writer copies each in one piece: `"extid":` for JSON, `<extid>` and `</extid>` for XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The wire name: `extid`.
    pub name: &'static str,
    /// The JSON member prefix: `"extid":`.
    pub json: &'static str,
    /// The XML start tag: `<extid>`.
    pub open: &'static str,
    /// The XML end tag: `</extid>`.
    pub close: &'static str,
}

impl Key {
    /// Whether the spellings are those of `name` (names are spec-checked XML names, so nothing
    /// needs escaping).
    #[inline]
    pub fn is_consistent(&self) -> bool {
        let n = self.name;
        self.json.len() == n.len() + 3
            && self.json.starts_with('"')
            && self.json.ends_with("\":")
            && &self.json[1..=n.len()] == n
            && self.open.len() == n.len() + 2
            && self.open.starts_with('<')
            && self.open.ends_with('>')
            && &self.open[1..=n.len()] == n
            && self.close.len() == n.len() + 3
            && self.close.starts_with("</")
            && self.close.ends_with('>')
            && &self.close[2..n.len() + 2] == n
    }
}

/// The target of generated `write` methods.
///
/// Inside a list (between [`Sink::begin_list`] and [`Sink::end_list`]) each item is written with
/// the list's item name.
pub trait Sink {
    /// Opens the document; `root` names the XML root element (JSON's root has no name).
    fn begin_document(&mut self, root: &'static str);
    /// Closes the document.
    fn end_document(&mut self);
    /// Writes a text scalar.
    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, place: Place);
    /// Writes an integer scalar.
    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, place: Place);
    /// Writes a text scalar named by a [`Key`]; the same output as [`Sink::scalar`].
    #[inline]
    fn scalar_key(&mut self, key: &Key, value: &str, json: JsonScalar, place: Place) {
        self.scalar(key.name, value, json, place);
    }
    /// Writes an integer scalar named by a [`Key`]; the same output as [`Sink::integer`].
    #[inline]
    fn integer_key(&mut self, key: &Key, value: i64, json: JsonScalar, place: Place) {
        self.integer(key.name, value, json, place);
    }
    /// Writes the items of a joined list (`join = ","`) as one text scalar named by a [`Key`]:
    /// the same output as [`Sink::scalar_key`] of the joined text. The JSON and XML writers
    /// write the items in place, so no joined copy is made.
    #[inline]
    fn joined_key<'v>(
        &mut self,
        key: &Key,
        items: impl IntoIterator<Item = &'v str>,
        separator: &str,
        place: Place,
    ) {
        let joined = crate::join::join(items, separator);
        self.scalar_key(key, &joined, JsonScalar::String, place);
    }
    /// Opens a nested object or element.
    fn begin(&mut self, name: &'static str);
    /// Closes the innermost object or element.
    fn end(&mut self);
    /// Opens a list. `wrapper` is the item name when XML wraps the items in an element named
    /// `name`; without it the items repeat bare, each named `name`.
    fn begin_list(&mut self, name: &'static str, wrapper: Option<&'static str>, json: JsonList);
    /// Closes the innermost list.
    fn end_list(&mut self);
    /// From here on, lists are written as a PBX that converts its XML to JSON writes them
    /// (Switchvox): one item is that item alone, not a one-element array; an empty wrapped
    /// list is `{}`, and an empty bare list is left out, as its XML has no element. XML output
    /// is unchanged.
    #[inline]
    fn one_item_lists(&mut self) {}
    /// Writes the position of a list item as an attribute of the item's XML element just
    /// begun, as OpenVox numbers its `<item id="0">` wrappers (`xml_item_id = "index"`). JSON
    /// has no such member, so JSON writers write nothing.
    #[inline]
    fn item_index(&mut self, _name: &str, _index: usize) {}
}

/// A stack kept inline up to `N` entries (deeper nesting spills to the heap), so writing a
/// body allocates nothing but its output buffer.
#[derive(Debug)]
struct Stack<T: Copy + Default, const N: usize> {
    inline: [T; N],
    len: usize,
    spill: Vec<T>,
}

impl<T: Copy + Default, const N: usize> Stack<T, N> {
    #[inline]
    fn new() -> Self {
        Stack {
            inline: [T::default(); N],
            len: 0,
            spill: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, value: T) {
        if self.len < N {
            self.inline[self.len] = value;
        } else {
            self.spill.push(value);
        }
        self.len += 1;
    }

    #[inline]
    fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        if self.len < N {
            Some(self.inline[self.len])
        } else {
            self.spill.pop()
        }
    }

    #[inline]
    fn last_mut(&mut self) -> Option<&mut T> {
        match self.len {
            0 => None,
            n if n <= N => Some(&mut self.inline[n - 1]),
            _ => self.spill.last_mut(),
        }
    }

    #[inline]
    fn last(&self) -> Option<&T> {
        match self.len {
            0 => None,
            n if n <= N => Some(&self.inline[n - 1]),
            _ => self.spill.last(),
        }
    }

    #[inline]
    fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// What an open JSON object or array needs to know once it closes: three flags, so the inline
/// stack is a few bytes and creating a writer costs no more than its buffer.
#[derive(Debug, Clone, Copy, Default)]
struct JsonFrame {
    /// Whether the enclosing container is an array (its members have no keys).
    parent_in_list: bool,
    /// For an array: whether it sits inside an object holding it under the item name.
    wrapped: bool,
    /// For an array: whether it was begun one-or-many ([`Sink::one_item_lists`]), so its
    /// [`ListMark`] is on top of the marks.
    marked: bool,
}

/// For an array written one-or-many: where its member began (before any comma), where its `{`
/// wrapper and its `[` are, whether the enclosing container had no member before it, and how
/// many items it holds. Kept apart from [`JsonFrame`], on the heap, as only PBX-side response
/// encoding (Switchvox's JSON) writes lists this way.
#[derive(Debug, Clone, Copy, Default)]
struct ListMark {
    start: usize,
    wrap_at: usize,
    bracket: usize,
    was_first: bool,
    items: usize,
}

/// Writes compact JSON.
#[derive(Debug)]
pub struct JsonWriter {
    out: String,
    /// No member written yet in the innermost container (so no comma before the next).
    first: bool,
    /// The innermost container is an array.
    in_list: bool,
    /// Inline up to 8 levels (request bodies nest 4 deep; deeper spills to the heap).
    frames: Stack<JsonFrame, 8>,
    /// Lists one-or-many ([`Sink::one_item_lists`]).
    one_or_many: bool,
    /// The open one-or-many arrays, innermost last.
    marks: Vec<ListMark>,
}

impl JsonWriter {
    /// A writer whose buffer starts with room for `capacity` bytes.
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        JsonWriter {
            out: String::with_capacity(capacity),
            first: true,
            in_list: false,
            frames: Stack::new(),
            one_or_many: false,
            marks: Vec::new(),
        }
    }

    /// The bytes written.
    #[inline]
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// The comma before any member but the first.
    #[inline]
    fn separate(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        if self.in_list
            && self.frames.last().is_some_and(|f| f.marked)
            && let Some(mark) = self.marks.last_mut()
        {
            mark.items += 1;
        }
    }

    #[inline]
    fn key(&mut self, name: &str) {
        if self.frames.is_empty() {
            return;
        }
        self.separate();
        if !self.in_list {
            // Names come from specs, which only allow XML names: nothing to escape.
            debug_assert!(!name.contains(['"', '\\']) && !name.chars().any(char::is_control));
            self.out.push('"');
            self.out.push_str(name);
            self.out.push_str("\":");
        }
    }

    #[inline]
    fn key_of(&mut self, key: &Key) {
        if self.frames.is_empty() {
            return;
        }
        self.separate();
        if !self.in_list {
            debug_assert!(key.is_consistent(), "{key:?}");
            self.out.push_str(key.json);
        }
    }

    #[inline]
    fn value(&mut self, value: &str, json: JsonScalar) {
        match json {
            JsonScalar::String => escape_json(&mut self.out, value),
            JsonScalar::Raw => self.out.push_str(value),
        }
    }

    #[inline]
    fn integer_value(&mut self, value: i64, json: JsonScalar) {
        let quote = json == JsonScalar::String;
        if quote {
            self.out.push('"');
        }
        push_integer(&mut self.out, value);
        if quote {
            self.out.push('"');
        }
    }

    #[inline]
    fn open(&mut self, wrapped: bool, list: bool, marked: bool) {
        self.frames.push(JsonFrame {
            parent_in_list: self.in_list,
            wrapped,
            marked,
        });
        self.in_list = list;
        self.first = true;
    }

    /// Closes the innermost container; whether it was a wrapped array.
    #[inline]
    fn close(&mut self) -> bool {
        self.close_frame().wrapped
    }

    #[inline]
    fn close_frame(&mut self) -> JsonFrame {
        let frame = self.frames.pop().unwrap_or_default();
        self.in_list = frame.parent_in_list;
        self.first = false;
        frame
    }

    /// Closes a list written one-or-many: one item stands alone, none leaves `{}` (wrapped)
    /// or nothing at all.
    #[cold]
    fn end_one_or_many(&mut self) {
        let frame = self.close_frame();
        let mark = self.marks.pop().unwrap_or_default();
        match (mark.items, frame.wrapped) {
            (0, true) => {
                self.out.truncate(mark.wrap_at + 1);
                self.out.push('}');
            }
            (0, false) => {
                self.out.truncate(mark.start);
                self.first = mark.was_first;
            }
            (1, wrapped) => {
                self.out.remove(mark.bracket);
                if wrapped {
                    self.out.push('}');
                }
            }
            (_, wrapped) => {
                self.out.push(']');
                if wrapped {
                    self.out.push('}');
                }
            }
        }
    }
}

impl Sink for JsonWriter {
    #[inline]
    fn begin_document(&mut self, _root: &'static str) {
        self.out.push('{');
        self.open(false, false, false);
    }

    #[inline]
    fn end_document(&mut self) {
        self.end();
    }

    #[inline]
    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, _place: Place) {
        self.key(name);
        self.value(value, json);
    }

    #[inline]
    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, _place: Place) {
        self.key(name);
        self.integer_value(value, json);
    }

    #[inline]
    fn scalar_key(&mut self, key: &Key, value: &str, json: JsonScalar, _place: Place) {
        self.key_of(key);
        self.value(value, json);
    }

    #[inline]
    fn integer_key(&mut self, key: &Key, value: i64, json: JsonScalar, _place: Place) {
        self.key_of(key);
        self.integer_value(value, json);
    }

    #[inline]
    fn joined_key<'v>(
        &mut self,
        key: &Key,
        items: impl IntoIterator<Item = &'v str>,
        separator: &str,
        _place: Place,
    ) {
        self.key_of(key);
        self.out.push('"');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                escape_json_inner(&mut self.out, separator);
            }
            escape_json_inner(&mut self.out, item);
        }
        self.out.push('"');
    }

    #[inline]
    fn begin(&mut self, name: &'static str) {
        self.key(name);
        self.out.push('{');
        self.open(false, false, false);
    }

    #[inline]
    fn end(&mut self) {
        self.close();
        self.out.push('}');
    }

    #[inline]
    fn begin_list(&mut self, name: &'static str, wrapper: Option<&'static str>, json: JsonList) {
        let (start, was_first) = (self.out.len(), self.first);
        self.key(name);
        let wrap_at = self.out.len();
        let wrapped = match (wrapper, json) {
            (Some(item), JsonList::Wrapped) => {
                self.out.push('{');
                escape_json(&mut self.out, item);
                self.out.push(':');
                true
            }
            _ => false,
        };
        let bracket = self.out.len();
        self.out.push('[');
        self.open(wrapped, true, self.one_or_many);
        if self.one_or_many {
            self.marks.push(ListMark {
                start,
                wrap_at,
                bracket,
                was_first,
                items: 0,
            });
        }
    }

    #[inline]
    fn end_list(&mut self) {
        if self.frames.last().is_some_and(|f| f.marked) {
            return self.end_one_or_many();
        }
        self.out.push(']');
        if self.close() {
            self.out.push('}');
        }
    }

    #[inline]
    fn one_item_lists(&mut self) {
        self.one_or_many = true;
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct XmlFrame {
    name: &'static str,
    /// The start tag still lacks its `>`, so attributes may follow.
    open: bool,
    has_children: bool,
}

/// Writes XML with an optional declaration and optional indentation.
#[derive(Debug)]
pub struct XmlWriter {
    out: String,
    frames: Stack<XmlFrame, 8>,
    /// For each open list, whether it opened a wrapper element.
    lists: Stack<bool, 8>,
    indent: Option<&'static str>,
    declaration: Option<&'static str>,
}

impl XmlWriter {
    /// A writer that starts with `declaration` (if any) and indents nested elements with
    /// `indent` (if any), one element a line.
    #[inline]
    pub fn new(
        capacity: usize,
        declaration: Option<&'static str>,
        indent: Option<&'static str>,
    ) -> Self {
        XmlWriter {
            out: String::with_capacity(capacity),
            frames: Stack::new(),
            lists: Stack::new(),
            indent,
            declaration,
        }
    }

    /// The bytes written.
    #[inline]
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Closes the parent's start tag and starts a new line for a child.
    #[inline]
    fn child_start(&mut self) {
        let depth = self.frames.len();
        if let Some(parent) = self.frames.last_mut() {
            if parent.open {
                self.out.push('>');
                parent.open = false;
            }
            parent.has_children = true;
        }
        self.newline(depth);
    }

    #[inline]
    fn newline(&mut self, depth: usize) {
        if let Some(indent) = self.indent
            && (depth > 0 || !self.out.is_empty())
        {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str(indent);
            }
        }
    }

    #[inline]
    fn text_element(&mut self, name: &str, write_value: impl FnOnce(&mut String)) {
        self.child_start();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        write_value(&mut self.out);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    #[inline]
    fn keyed_element(&mut self, key: &Key, write_value: impl FnOnce(&mut String)) {
        debug_assert!(key.is_consistent(), "{key:?}");
        self.child_start();
        self.out.push_str(key.open);
        write_value(&mut self.out);
        self.out.push_str(key.close);
    }

    #[inline]
    fn attribute(&mut self, name: &str, write_value: impl FnOnce(&mut String)) -> bool {
        match self.frames.last() {
            Some(frame) if frame.open => {
                self.out.push(' ');
                self.out.push_str(name);
                self.out.push_str("=\"");
                write_value(&mut self.out);
                self.out.push('"');
                true
            }
            _ => false,
        }
    }
}

impl Sink for XmlWriter {
    #[inline]
    fn begin_document(&mut self, root: &'static str) {
        if let Some(decl) = self.declaration {
            self.out.push_str(decl);
        }
        self.begin(root);
    }

    #[inline]
    fn end_document(&mut self) {
        self.end();
    }

    #[inline]
    fn scalar(&mut self, name: &str, value: &str, _json: JsonScalar, place: Place) {
        if place == Place::Attribute && self.attribute(name, |out| escape_xml(out, value, true)) {
            return;
        }
        self.text_element(name, |out| escape_xml(out, value, false));
    }

    #[inline]
    fn integer(&mut self, name: &str, value: i64, _json: JsonScalar, place: Place) {
        let write = |out: &mut String| push_integer(out, value);
        if place == Place::Attribute && self.attribute(name, write) {
            return;
        }
        self.text_element(name, write);
    }

    #[inline]
    fn scalar_key(&mut self, key: &Key, value: &str, _json: JsonScalar, place: Place) {
        if place == Place::Attribute && self.attribute(key.name, |out| escape_xml(out, value, true))
        {
            return;
        }
        self.keyed_element(key, |out| escape_xml(out, value, false));
    }

    #[inline]
    fn integer_key(&mut self, key: &Key, value: i64, _json: JsonScalar, place: Place) {
        let write = |out: &mut String| push_integer(out, value);
        if place == Place::Attribute && self.attribute(key.name, write) {
            return;
        }
        self.keyed_element(key, write);
    }

    #[inline]
    fn joined_key<'v>(
        &mut self,
        key: &Key,
        items: impl IntoIterator<Item = &'v str>,
        separator: &str,
        place: Place,
    ) {
        // Escaping is per character, so escaping each piece escapes the joined text.
        let attribute = place == Place::Attribute && self.frames.last().is_some_and(|f| f.open);
        let write = |out: &mut String| {
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    escape_xml(out, separator, attribute);
                }
                escape_xml(out, item, attribute);
            }
        };
        if attribute {
            self.attribute(key.name, write);
        } else {
            self.keyed_element(key, write);
        }
    }

    #[inline]
    fn item_index(&mut self, name: &str, index: usize) {
        let index = i64::try_from(index).unwrap_or(i64::MAX);
        self.attribute(name, |out| push_integer(out, index));
    }

    #[inline]
    fn begin(&mut self, name: &'static str) {
        self.child_start();
        self.out.push('<');
        self.out.push_str(name);
        self.frames.push(XmlFrame {
            name,
            open: true,
            has_children: false,
        });
    }

    #[inline]
    fn end(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if frame.open {
            self.out.push_str("/>");
            return;
        }
        if frame.has_children {
            self.newline(self.frames.len());
        }
        self.out.push_str("</");
        self.out.push_str(frame.name);
        self.out.push('>');
    }

    #[inline]
    fn begin_list(&mut self, name: &'static str, wrapper: Option<&'static str>, _json: JsonList) {
        self.lists.push(wrapper.is_some());
        if wrapper.is_some() {
            self.begin(name);
        }
    }

    #[inline]
    fn end_list(&mut self) {
        if self.lists.pop() == Some(true) {
            self.end();
        }
    }
}

/// Appends an integer's decimal digits.
#[inline]
fn push_integer(out: &mut String, value: i64) {
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
fn escape_json_inner(out: &mut String, value: &str) {
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

/// A writer for either format, chosen at run time: generated code is compiled once, for this
/// type, and the format costs one predictable branch per call.
#[derive(Debug)]
// Lives on the stack for one body; boxing the larger variant would cost an allocation per body.
#[allow(clippy::large_enum_variant)]
pub enum BodyWriter {
    /// Writing JSON.
    Json(JsonWriter),
    /// Writing XML.
    Xml(XmlWriter),
}

impl BodyWriter {
    /// A writer for `format` whose buffer starts with room for `capacity` bytes; XML bodies
    /// start with `xml_declaration` and are tab-indented.
    #[inline]
    pub fn new(
        format: crate::Format,
        xml_declaration: Option<&'static str>,
        capacity: usize,
    ) -> Self {
        match format {
            crate::Format::Json => BodyWriter::Json(JsonWriter::with_capacity(capacity)),
            crate::Format::Xml => {
                BodyWriter::Xml(XmlWriter::new(capacity, xml_declaration, Some("\t")))
            }
        }
    }

    /// The bytes written.
    #[inline]
    pub fn finish(self) -> Vec<u8> {
        match self {
            BodyWriter::Json(w) => w.finish(),
            BodyWriter::Xml(w) => w.finish(),
        }
    }
}

macro_rules! delegate {
    ($self:ident, $w:ident => $call:expr) => {
        match $self {
            BodyWriter::Json($w) => $call,
            BodyWriter::Xml($w) => $call,
        }
    };
}

impl Sink for BodyWriter {
    #[inline]
    fn begin_document(&mut self, root: &'static str) {
        delegate!(self, w => w.begin_document(root))
    }

    #[inline]
    fn end_document(&mut self) {
        delegate!(self, w => w.end_document())
    }

    #[inline]
    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, place: Place) {
        delegate!(self, w => w.scalar(name, value, json, place))
    }

    #[inline]
    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, place: Place) {
        delegate!(self, w => w.integer(name, value, json, place))
    }

    #[inline]
    fn scalar_key(&mut self, key: &Key, value: &str, json: JsonScalar, place: Place) {
        delegate!(self, w => w.scalar_key(key, value, json, place))
    }

    #[inline]
    fn integer_key(&mut self, key: &Key, value: i64, json: JsonScalar, place: Place) {
        delegate!(self, w => w.integer_key(key, value, json, place))
    }

    #[inline]
    fn joined_key<'v>(
        &mut self,
        key: &Key,
        items: impl IntoIterator<Item = &'v str>,
        separator: &str,
        place: Place,
    ) {
        delegate!(self, w => w.joined_key(key, items, separator, place))
    }

    #[inline]
    fn begin(&mut self, name: &'static str) {
        delegate!(self, w => w.begin(name))
    }

    #[inline]
    fn end(&mut self) {
        delegate!(self, w => w.end())
    }

    #[inline]
    fn begin_list(&mut self, name: &'static str, wrapper: Option<&'static str>, json: JsonList) {
        delegate!(self, w => w.begin_list(name, wrapper, json))
    }

    #[inline]
    fn end_list(&mut self) {
        delegate!(self, w => w.end_list())
    }

    #[inline]
    fn one_item_lists(&mut self) {
        delegate!(self, w => w.one_item_lists())
    }

    #[inline]
    fn item_index(&mut self, name: &str, index: usize) {
        delegate!(self, w => w.item_index(name, index))
    }
}
