//! Writers for request and response bodies. Generated code describes a value once, against the
//! [`Sink`] trait; [`JsonWriter`] and [`XmlWriter`] turn that description into bytes.

mod escape;
mod json;
pub mod size;
mod xml;

pub use escape::{escape_json, escape_xml};
pub use json::JsonWriter;
pub use xml::XmlWriter;

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
    /// The key of `spelling`, the three spellings of one name joined: `"extid":<extid></extid>`.
    /// Generated code writes `&const { Key::spelled(..) }`, one literal evaluated at compile
    /// time; a spelling that is not of that form fails the build.
    pub const fn spelled(spelling: &'static str) -> Key {
        let bytes = spelling.as_bytes();
        // `"n":` + `<n>` + `</n>`: three bytes more than the name, then two, then three.
        assert!(
            bytes.len() >= 8 && (bytes.len() - 8).is_multiple_of(3),
            "not a key spelling"
        );
        let n = (bytes.len() - 8) / 3;
        let key = Key {
            name: part(bytes, 1, n + 1),
            json: part(bytes, 0, n + 3),
            open: part(bytes, n + 3, 2 * n + 5),
            close: part(bytes, 2 * n + 5, bytes.len()),
        };
        let mut i = 0;
        while i < n {
            let c = bytes[1 + i];
            assert!(
                bytes[n + 4 + i] == c && bytes[2 * n + 7 + i] == c,
                "not a key spelling"
            );
            i += 1;
        }
        assert!(
            bytes[0] == b'"'
                && bytes[n + 1] == b'"'
                && bytes[n + 2] == b':'
                && bytes[n + 3] == b'<'
                && bytes[2 * n + 4] == b'>'
                && bytes[2 * n + 5] == b'<'
                && bytes[2 * n + 6] == b'/'
                && bytes[bytes.len() - 1] == b'>',
            "not a key spelling"
        );
        key
    }

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

/// `bytes[from..to]` as text, in a constant: cut only at the ASCII delimiters of a key's
/// spelling, so it is whole UTF-8.
const fn part(bytes: &'static [u8], from: usize, to: usize) -> &'static str {
    let (_, tail) = bytes.split_at(from);
    let (piece, _) = tail.split_at(to - from);
    match core::str::from_utf8(piece) {
        Ok(text) => text,
        Err(_) => panic!("a key spelling cut inside a character"),
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
    /// [`Sink::scalar_key`] of the commonest value, a JSON string in an XML element: one
    /// short call per field in generated code.
    #[inline]
    fn text_key(&mut self, key: &Key, value: &str) {
        self.scalar_key(key, value, JsonScalar::String, Place::Element);
    }
    /// [`Sink::text_key`] of an optional text: nothing at all when it is absent.
    #[inline]
    fn optional_text_key(&mut self, key: &Key, value: &Option<String>) {
        if let Some(v) = value {
            self.text_key(key, v);
        }
    }
    /// [`Sink::scalar_key`] of an optional text: nothing at all when it is absent.
    #[inline]
    fn optional_key(&mut self, key: &Key, value: &Option<String>, json: JsonScalar, place: Place) {
        if let Some(v) = value {
            self.scalar_key(key, v, json, place);
        }
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
