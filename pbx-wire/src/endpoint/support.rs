//! The helpers behind [`Endpoint`](super::Endpoint)'s provided methods: buffer sizes, the
//! encoding shape worked out from `META` at compile time, and error conversions.

use super::{Body, Endpoint, EndpointMeta};
use crate::envelope::RawError;
use crate::error::{ErrorCode, InvalidRequest, VendorError};
use crate::format::Format;
use crate::query;
use crate::write::{Sink, XmlWriter};

/// The buffer to allocate for a body whose fields take about `hint` bytes: room for the
/// envelope, indentation and escaping.
pub(super) fn capacity(hint: usize) -> usize {
    192 + hint * 2
}

/// Writes `request` in its envelope into `out`, leaving out the parameters that travel in the
/// query string when `has_query`; `format` is the writer's.
#[inline]
pub(super) fn write_body<E: Endpoint, S: Sink>(
    request: &E,
    meta: &'static EndpointMeta,
    out: &mut S,
    format: Format,
    has_query: bool,
) {
    let envelope = meta.api.envelope;
    if has_query {
        let mut body = query::WithoutQuery::new(meta, out);
        envelope.write_request(&mut body, format, meta.rpc_method, |o| request.write(o));
    } else {
        envelope.write_request(out, format, meta.rpc_method, |o| request.write(o));
    }
}

/// The buffer to allocate for a JSON request body whose fields take about `hint` bytes: the
/// hint counts each name twice (XML's tags), which leaves room for JSON's quotes and escapes,
/// so a smaller block than [`capacity`]'s is enough and cheaper to allocate.
#[inline]
pub(super) fn json_capacity(hint: usize) -> usize {
    64 + hint
}

/// What an endpoint's metadata decides about encoding, worked out at compile time from its
/// `META` (a constant), so encoding a request walks no metadata.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    pub(super) json: bool,
    pub(super) xml: bool,
    /// The request has a body (not a `GET`, not `body = "none"`).
    pub(super) body: bool,
    /// Some parameter travels in the query string (`query::has_query`), so the body leaves
    /// it out.
    pub(super) has_query: bool,
}

impl Shape {
    pub(super) const fn of(meta: &EndpointMeta) -> Shape {
        let mut json = false;
        let mut xml = false;
        let mut i = 0;
        while i < meta.formats.len() {
            match meta.formats[i] {
                Format::Json => json = true,
                Format::Xml => xml = true,
            }
            i += 1;
        }
        let get = const_eq(meta.method, "GET");
        let mut any_query = false;
        let mut i = 0;
        while i < meta.params.len() {
            any_query |= meta.params[i].query;
            i += 1;
        }
        let has_query = !meta.params.is_empty() && (get || any_query);
        let body = !get && !matches!(meta.body, Body::None);
        Shape {
            json,
            xml,
            body,
            has_query,
        }
    }

    #[inline]
    pub(super) fn accepts(self, format: Format) -> bool {
        match format {
            Format::Json => self.json,
            Format::Xml => self.xml,
        }
    }
}

/// `a == b`, in a constant.
const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The XML writer of a body: the family's declaration, tab-indented (as [`BodyWriter`] writes
/// XML).
pub(super) fn xml_writer(meta: &EndpointMeta, capacity: usize) -> XmlWriter {
    XmlWriter::new(capacity, meta.api.xml_declaration, Some("\t"))
}

#[cold]
pub(super) fn unsupported(meta: &EndpointMeta, format: Format) -> InvalidRequest {
    let accepted: Vec<&str> = meta.formats.iter().map(|f| f.as_str()).collect();
    InvalidRequest::new(
        "format",
        format!(
            "`{}` does not accept {format}; it accepts {}",
            meta.id,
            accepted.join(" and ")
        ),
    )
}

pub(super) fn vendor_error<C: ErrorCode>(raw: Vec<RawError>) -> VendorError<C> {
    let mut all = raw.into_iter().map(|e| (C::from_code(&e.code), e.message));
    // open_response never returns an empty list.
    let (code, message) = all.next().unwrap_or_else(|| (C::from_code(""), None));
    VendorError {
        code,
        message,
        more: all.collect(),
        detail: Vec::new(),
    }
}
