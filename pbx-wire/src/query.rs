//! Parameters in the query string: a [`Sink`] that writes a request's top-level scalars as
//! `&name=value` pairs (percent-encoded, in declared order), one that drops those same
//! parameters from a body, and the reverse, query pairs read back as a parameter tree.
//!
//! On `GET` endpoints every parameter travels in the query; on other methods those declared
//! `in = "query"` do (`ParamMeta::query`). The generator refuses objects and lists of objects
//! there, so only scalars reach these writers; anything nested is skipped.

use std::borrow::Cow;

use crate::endpoint::EndpointMeta;
use crate::tree::{Element, Kind};
use crate::write::{JsonList, JsonScalar, Place, Sink};

/// Whether the parameter `name` of `meta` travels in the query string.
pub fn in_query(meta: &EndpointMeta, name: &str) -> bool {
    meta.method == "GET" || meta.params.iter().any(|p| p.name == name && p.query)
}

/// Whether any parameter of `meta` travels in the query string.
pub fn has_query(meta: &EndpointMeta) -> bool {
    !meta.params.is_empty() && (meta.method == "GET" || meta.params.iter().any(|p| p.query))
}

/// Appends `value` to `out`, percent-encoded (everything but RFC 3986 unreserved characters).
pub fn percent_encode(out: &mut String, value: &str) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// Writes the query parameters of one request as `&name=value` pairs, appended to a path
/// that already has a `?` (or `?` first when it has none).
pub struct QueryWriter<'m> {
    meta: &'m EndpointMeta,
    out: String,
    /// Nesting below the request's own fields; only depth 0 is written.
    depth: usize,
    /// A list of scalars being written (`name=a&name=b`).
    list: Option<&'static str>,
}

impl<'m> QueryWriter<'m> {
    /// A writer for `meta`'s query parameters, appending to `path_and_query`.
    pub fn new(meta: &'m EndpointMeta, path_and_query: String) -> Self {
        QueryWriter {
            meta,
            out: path_and_query,
            depth: 0,
            list: None,
        }
    }

    /// The path and query with the parameters appended.
    pub fn finish(self) -> String {
        self.out
    }

    fn pair(&mut self, name: &str, value: &str) {
        self.out
            .push(if self.out.contains('?') { '&' } else { '?' });
        percent_encode(&mut self.out, name);
        self.out.push('=');
        percent_encode(&mut self.out, value);
    }

    fn wanted(&self, name: &str) -> bool {
        in_query(self.meta, name)
    }
}

impl Sink for QueryWriter<'_> {
    fn begin_document(&mut self, _root: &'static str) {}
    fn end_document(&mut self) {}
    fn scalar(&mut self, name: &str, value: &str, _json: JsonScalar, _place: Place) {
        match (self.depth, self.list) {
            (0, _) if self.wanted(name) => self.pair(name, value),
            (1, Some(list)) if self.wanted(list) => self.pair(list, value),
            _ => {}
        }
    }
    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, place: Place) {
        self.scalar(name, &value.to_string(), json, place);
    }
    fn begin(&mut self, _name: &'static str) {
        self.depth += 1;
    }
    fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
    fn begin_list(&mut self, name: &'static str, _wrapper: Option<&'static str>, _json: JsonList) {
        if self.depth == 0 {
            self.list = Some(name);
        }
        self.depth += 1;
    }
    fn end_list(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.list = None;
        }
    }
}

/// A body writer with the query parameters left out: what goes in the body of a `POST` that
/// carries some parameters (`in = "query"`) in its URL.
pub struct WithoutQuery<'m, S> {
    meta: &'m EndpointMeta,
    inner: &'m mut S,
    /// Depth below the request's fields; `skipping` holds the depth a dropped list began at.
    depth: usize,
    skipping: Option<usize>,
}

impl<'m, S: Sink> WithoutQuery<'m, S> {
    /// Wraps the body writer `inner` of a request of `meta`.
    pub fn new(meta: &'m EndpointMeta, inner: &'m mut S) -> Self {
        WithoutQuery {
            meta,
            inner,
            depth: 0,
            skipping: None,
        }
    }

    fn drop_top(&self, name: &str) -> bool {
        self.skipping.is_some() || (self.depth == 0 && in_query(self.meta, name))
    }
}

impl<S: Sink> Sink for WithoutQuery<'_, S> {
    fn begin_document(&mut self, root: &'static str) {
        self.inner.begin_document(root);
    }
    fn end_document(&mut self) {
        self.inner.end_document();
    }
    fn scalar(&mut self, name: &str, value: &str, json: JsonScalar, place: Place) {
        if !self.drop_top(name) {
            self.inner.scalar(name, value, json, place);
        }
    }
    fn integer(&mut self, name: &str, value: i64, json: JsonScalar, place: Place) {
        if !self.drop_top(name) {
            self.inner.integer(name, value, json, place);
        }
    }
    fn begin(&mut self, name: &'static str) {
        if self.skipping.is_none() {
            self.inner.begin(name);
        }
        self.depth += 1;
    }
    fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.skipping.is_none() {
            self.inner.end();
        }
    }
    fn begin_list(&mut self, name: &'static str, wrapper: Option<&'static str>, json: JsonList) {
        if self.skipping.is_none() && self.depth == 0 && in_query(self.meta, name) {
            self.skipping = Some(self.depth);
        }
        if self.skipping.is_none() {
            self.inner.begin_list(name, wrapper, json);
        }
        self.depth += 1;
    }
    fn end_list(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.skipping == Some(self.depth) {
            self.skipping = None;
        } else if self.skipping.is_none() {
            self.inner.end_list();
        }
    }
    fn one_item_lists(&mut self) {
        self.inner.one_item_lists();
    }
}

/// Decodes one percent-encoded query component (`+` is a space, as forms send it); `None`
/// when an escape is broken or the bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The query pairs that are `meta`'s query parameters, as children of `params` (appended
/// after what the body held), so they are read like body parameters. `query` holds the pairs
/// as sent (percent-encoded); names and values are decoded here (one with a broken escape is
/// kept as sent, for the reader to refuse). Pairs the endpoint does not take in its query (the
/// token, the format) are left alone.
pub fn merge_into<'a>(
    meta: &EndpointMeta,
    query: &'a [(String, String)],
    params: &mut Element<'a>,
) {
    for (name, value) in query {
        let name: Cow<'a, str> = match percent_decode(name) {
            Some(decoded) if decoded != *name => Cow::Owned(decoded),
            _ => Cow::Borrowed(name.as_str()),
        };
        if !meta.params.iter().any(|p| p.name == name) || !in_query(meta, &name) {
            continue;
        }
        let mut child = Element::new(name, Kind::String);
        child.text = Some(match percent_decode(value) {
            Some(decoded) if decoded != *value => Cow::Owned(decoded),
            _ => Cow::Borrowed(value.as_str()),
        });
        params.children.push(child);
    }
}
