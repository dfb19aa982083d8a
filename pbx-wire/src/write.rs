//! Writers for request and response bodies. Generated code describes a value once, against the
//! [`Sink`] trait; [`JsonWriter`] and [`XmlWriter`] turn that description into bytes.

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

/// The target of generated `write` methods.
///
/// Inside a list (between [`Sink::begin_list`] and [`Sink::end_list`]) each item is written with
/// the list's item name.
pub trait Sink {
    /// Opens the document; `root` names the XML root element (JSON's root has no name).
    fn begin_document(&mut self, root: &str);
    /// Closes the document.
    fn end_document(&mut self);
    /// Writes a text scalar.
    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, place: Place);
    /// Writes an integer scalar.
    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, place: Place);
    /// Opens a nested object or element.
    fn begin(&mut self, name: &str);
    /// Closes the innermost object or element.
    fn end(&mut self);
    /// Opens a list. `wrapper` is the item name when XML wraps the items in an element named
    /// `name`; without it the items repeat bare, each named `name`.
    fn begin_list(&mut self, name: &str, wrapper: Option<&str>, json: JsonList);
    /// Closes the innermost list.
    fn end_list(&mut self);
}

#[derive(Debug)]
enum JsonFrame {
    Object { first: bool },
    List { first: bool, wrapped: bool },
}

/// Writes compact JSON.
#[derive(Debug)]
pub struct JsonWriter {
    out: String,
    frames: Vec<JsonFrame>,
}

impl JsonWriter {
    /// A writer whose buffer starts with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonWriter {
            out: String::with_capacity(capacity),
            frames: Vec::new(),
        }
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    fn key(&mut self, name: &str) {
        match self.frames.last_mut() {
            Some(JsonFrame::Object { first }) => {
                if !*first {
                    self.out.push(',');
                }
                *first = false;
                escape_json(&mut self.out, name);
                self.out.push(':');
            }
            Some(JsonFrame::List { first, .. }) => {
                if !*first {
                    self.out.push(',');
                }
                *first = false;
            }
            None => {}
        }
    }
}

impl Sink for JsonWriter {
    fn begin_document(&mut self, _root: &str) {
        self.out.push('{');
        self.frames.push(JsonFrame::Object { first: true });
    }

    fn end_document(&mut self) {
        self.end();
    }

    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, _place: Place) {
        self.key(name);
        match json {
            JsonScalar::String => escape_json(&mut self.out, value),
            JsonScalar::Raw => self.out.push_str(value),
        }
    }

    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, _place: Place) {
        self.key(name);
        let quote = json == JsonScalar::String;
        if quote {
            self.out.push('"');
        }
        let _ = write!(self.out, "{value}");
        if quote {
            self.out.push('"');
        }
    }

    fn begin(&mut self, name: &str) {
        self.key(name);
        self.out.push('{');
        self.frames.push(JsonFrame::Object { first: true });
    }

    fn end(&mut self) {
        self.frames.pop();
        self.out.push('}');
    }

    fn begin_list(&mut self, name: &str, wrapper: Option<&str>, json: JsonList) {
        self.key(name);
        let wrapped = match (wrapper, json) {
            (Some(item), JsonList::Wrapped) => {
                self.out.push('{');
                escape_json(&mut self.out, item);
                self.out.push(':');
                true
            }
            _ => false,
        };
        self.out.push('[');
        self.frames.push(JsonFrame::List {
            first: true,
            wrapped,
        });
    }

    fn end_list(&mut self) {
        self.out.push(']');
        if let Some(JsonFrame::List { wrapped: true, .. }) = self.frames.pop() {
            self.out.push('}');
        }
    }
}

#[derive(Debug)]
struct XmlFrame {
    name: String,
    /// The start tag still lacks its `>`, so attributes may follow.
    open: bool,
    has_children: bool,
}

/// Writes XML with an optional declaration and optional indentation.
#[derive(Debug)]
pub struct XmlWriter {
    out: String,
    frames: Vec<XmlFrame>,
    /// For each open list, whether it opened a wrapper element.
    lists: Vec<bool>,
    indent: Option<&'static str>,
    declaration: Option<&'static str>,
}

impl XmlWriter {
    /// A writer that starts with `declaration` (if any) and indents nested elements with
    /// `indent` (if any), one element a line.
    pub fn new(
        capacity: usize,
        declaration: Option<&'static str>,
        indent: Option<&'static str>,
    ) -> Self {
        XmlWriter {
            out: String::with_capacity(capacity),
            frames: Vec::new(),
            lists: Vec::new(),
            indent,
            declaration,
        }
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Closes the parent's start tag and starts a new line for a child.
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
    fn begin_document(&mut self, root: &str) {
        if let Some(decl) = self.declaration {
            self.out.push_str(decl);
        }
        self.begin(root);
    }

    fn end_document(&mut self) {
        self.end();
    }

    fn scalar(&mut self, name: &str, value: &str, _json: JsonScalar, place: Place) {
        if place == Place::Attribute && self.attribute(name, |out| escape_xml(out, value, true)) {
            return;
        }
        self.text_element(name, |out| escape_xml(out, value, false));
    }

    fn integer(&mut self, name: &str, value: i64, _json: JsonScalar, place: Place) {
        let write = |out: &mut String| {
            let _ = write!(out, "{value}");
        };
        if place == Place::Attribute && self.attribute(name, write) {
            return;
        }
        self.text_element(name, write);
    }

    fn begin(&mut self, name: &str) {
        self.child_start();
        self.out.push('<');
        self.out.push_str(name);
        self.frames.push(XmlFrame {
            name: name.to_owned(),
            open: true,
            has_children: false,
        });
    }

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
        self.out.push_str(&frame.name);
        self.out.push('>');
    }

    fn begin_list(&mut self, name: &str, wrapper: Option<&str>, _json: JsonList) {
        self.lists.push(wrapper.is_some());
        if wrapper.is_some() {
            self.begin(name);
        }
    }

    fn end_list(&mut self) {
        if self.lists.pop() == Some(true) {
            self.end();
        }
    }
}

/// Appends `value` as a JSON string literal.
pub fn escape_json(out: &mut String, value: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in value.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f | 0x7f => "",
            _ => continue,
        };
        out.push_str(&value[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&value[start..]);
    out.push('"');
}

/// Appends `value` escaped for XML text, or for a double-quoted attribute value. Characters
/// XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage return) become
/// U+FFFD; request validation refuses them before they get here.
pub fn escape_xml(out: &mut String, value: &str, attribute: bool) {
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
pub enum BodyWriter {
    /// Writing JSON.
    Json(JsonWriter),
    /// Writing XML.
    Xml(XmlWriter),
}

impl BodyWriter {
    /// A writer for `format`; XML bodies start with `xml_declaration` and are tab-indented.
    pub fn new(format: crate::Format, xml_declaration: Option<&'static str>) -> Self {
        match format {
            crate::Format::Json => BodyWriter::Json(JsonWriter::with_capacity(256)),
            crate::Format::Xml => BodyWriter::Xml(XmlWriter::new(256, xml_declaration, Some("\t"))),
        }
    }

    /// The bytes written.
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
    fn begin_document(&mut self, root: &str) {
        delegate!(self, w => w.begin_document(root))
    }

    fn end_document(&mut self) {
        delegate!(self, w => w.end_document())
    }

    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, place: Place) {
        delegate!(self, w => w.scalar(name, value, json, place))
    }

    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, place: Place) {
        delegate!(self, w => w.integer(name, value, json, place))
    }

    fn begin(&mut self, name: &str) {
        delegate!(self, w => w.begin(name))
    }

    fn end(&mut self) {
        delegate!(self, w => w.end())
    }

    fn begin_list(&mut self, name: &str, wrapper: Option<&str>, json: JsonList) {
        delegate!(self, w => w.begin_list(name, wrapper, json))
    }

    fn end_list(&mut self) {
        delegate!(self, w => w.end_list())
    }
}
