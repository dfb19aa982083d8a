//! The JSON writer: a [`Sink`] that writes JSON, its open containers kept on an inline stack.

use super::escape::{escape_json, escape_json_inner, push_integer};
use super::{JsonList, JsonScalar, Key, Place, Sink, Stack};

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
