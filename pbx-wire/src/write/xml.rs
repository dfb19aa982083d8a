//! The XML writer: a [`Sink`] that writes XML elements and attributes.

use super::escape::{escape_xml, push_integer};
use super::{JsonList, JsonScalar, Key, Place, Sink, Stack};

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
