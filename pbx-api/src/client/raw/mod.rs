//! The raw escape hatch: a request no spec declares yet (firmware ahead of the bindings), sent
//! on the client's own session, `pbx.raw("extension/new_thing").params_json(..).send()`.
//!
//! A [`RawRequest`] is an [`Endpoint`] whose path and parameters are chosen at run time, so it
//! travels through the client's `send` like any generated one: token in the query (and one
//! renewal when the PBX says it is gone), or HTTP authentication; the family's envelope around
//! the parameters; the answer's envelope opened, the vendor's errors typed with the family's
//! codes. Raw requests are never repeated automatically (nothing says what they do).
//!
//! - `path` is what the family's URL template puts in `{path}` (`extension/query`); for a
//!   family whose URL has none (Switchvox) it is the method name (`switchvox.extensions.getInfo`).
//! - Parameters: a JSON object or an XML element (its children), put in the family's envelope
//!   in the format the client speaks; or [`RawBuilder::body`], the bytes sent exactly.
//! - The answer: [`RawResponse`], the result element as a document tree, and the bytes.

use std::borrow::Cow;
use std::fmt::Debug;
use std::marker::PhantomData;

mod text;

use pbx_wire::send::{Family, Pending, Prepared, Sender};
use pbx_wire::write::{JsonScalar, JsonWriter, Place, Sink, XmlWriter};

use pbx_wire::{
    DecodeError, Effect, Element, Endpoint, EndpointMeta, ErrorCode, Fields, Format, HttpRequest,
    InvalidRequest, ResponseError, Task, VendorError,
};
use text::{json_members, owned, write_scalars, xml_children};

/// What a raw request carries besides its path.
#[derive(Debug, Clone, PartialEq)]
enum Payload {
    /// Parameters, put in the family's envelope.
    Params(Element<'static>),
    /// A body sent exactly as given.
    Body(Vec<u8>),
    /// Parameters that did not parse: refused, unsent, when sent.
    Broken(String),
}

/// A request no spec declares: a path (or RPC method) and parameters or a body. Built by
/// [`RawMethod::raw`].
pub struct RawRequest<A> {
    path: String,
    payload: Payload,
    _api: PhantomData<fn() -> A>,
}

impl<A> Clone for RawRequest<A> {
    fn clone(&self) -> Self {
        RawRequest {
            path: self.path.clone(),
            payload: self.payload.clone(),
            _api: PhantomData,
        }
    }
}

impl<A> PartialEq for RawRequest<A> {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.payload == other.payload
    }
}

impl<A> Debug for RawRequest<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Parameters may carry secrets: only their shape is shown.
        let payload = match &self.payload {
            Payload::Params(p) => format!("{} parameter(s)", p.children.len() + p.attrs.len()),
            Payload::Body(b) => format!("{} body bytes", b.len()),
            Payload::Broken(_) => "unreadable parameters".to_owned(),
        };
        f.debug_struct("RawRequest")
            .field("path", &self.path)
            .field("payload", &payload)
            .finish()
    }
}

/// A raw request's answer: the envelope opened.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    /// The result: the element holding the fields (the whole body for flat envelopes, the
    /// `result` element for Switchvox).
    pub result: Element<'static>,
}

impl Fields for RawResponse {
    /// Writes the result's scalar members (nested ones are not written).
    fn write<S: Sink>(&self, out: &mut S) {
        write_scalars(&self.result, out);
    }

    fn read(node: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(RawResponse {
            result: owned(node),
        })
    }
}

impl<A: Family> Fields for RawRequest<A> {
    /// Writes the parameters' scalar members (the body itself comes from
    /// [`Endpoint::encode`], which writes every parameter).
    fn write<S: Sink>(&self, out: &mut S) {
        if let Payload::Params(params) = &self.payload {
            write_scalars(params, out);
        }
    }

    fn read(node: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(RawRequest {
            path: String::new(),
            payload: Payload::Params(owned(node)),
            _api: PhantomData,
        })
    }
}

impl<A: Family> Endpoint for RawRequest<A> {
    type Response = RawResponse;
    type Api = A;
    const META: &'static EndpointMeta = &EndpointMeta {
        api: A::META,
        id: "raw",
        name: "Raw request",
        summary: "A request no spec declares, sent on the client's session.",
        method: "POST",
        url: A::URL,
        rpc_method: None,
        formats: A::FORMATS,
        effect: Effect::Call,
        task: Task::Control,
        unverified: Some("a raw request: no spec declares it"),
        spec: "",
        examples: &[],
        params: &[],
        sim: None,
        failure: &[],
        body: pbx_wire::Body::Envelope,
        download: None,
        resource: None,
        since: None,
        pagination: None,
    };

    fn check(&self, format: Format) -> Result<(), InvalidRequest> {
        if !Self::META.supports(format) {
            return Err(InvalidRequest::new(
                "format",
                format!("the family does not speak {format}"),
            ));
        }
        if let Payload::Broken(reason) = &self.payload {
            return Err(InvalidRequest::new("parameters", reason.clone()));
        }
        let bad =
            |c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '~'));
        if self.path.is_empty()
            || self.path.contains(bad)
            || self.path.split('/').any(|s| s == "..")
        {
            return Err(InvalidRequest::new(
                "path",
                "a raw path is letters, digits and `/._-~` only, without `..`",
            ));
        }
        Ok(())
    }

    fn encode(&self, format: Format) -> Result<Vec<u8>, InvalidRequest> {
        self.check(format)?;
        let empty = Element::new(Cow::Borrowed(""), pbx_wire::tree::Kind::Object);
        let params = match &self.payload {
            Payload::Body(bytes) => return Ok(bytes.clone()),
            Payload::Params(params) => params,
            Payload::Broken(_) => &empty,
        };
        let api = Self::META.api;
        let rpc = self.rpc_method();
        // The envelope is written by the family's own code around a marker member, which is
        // then replaced by the parameters (the writers name nested elements statically).
        let (written, members) = match format {
            Format::Json => {
                let mut out = JsonWriter::with_capacity(256);
                api.envelope.write_request(&mut out, format, rpc, |o| {
                    o.scalar(MARK, "", JsonScalar::String, Place::Element)
                });
                (out.finish(), json_members(params))
            }
            Format::Xml => {
                let mut out = XmlWriter::new(256, api.xml_declaration, None);
                api.envelope.write_request(&mut out, format, rpc, |o| {
                    o.scalar(MARK, "", JsonScalar::String, Place::Element)
                });
                (out.finish(), xml_children(params))
            }
        };
        let text = String::from_utf8_lossy(&written);
        let slot = match format {
            Format::Json => format!("\"{MARK}\":\"\""),
            Format::Xml => format!("<{MARK}></{MARK}>"),
        };
        Ok(text.replacen(&slot, &members, 1).into_bytes())
    }

    fn to_http_at(
        &self,
        format: Format,
        token: &str,
        version: &str,
    ) -> Result<HttpRequest, InvalidRequest> {
        let body = self.encode(format)?;
        let meta = Self::META;
        let path = meta.path_and_query_at(format, token, version).replacen(
            "{path}",
            self.path.trim_start_matches('/'),
            1,
        );
        Ok(HttpRequest {
            method: meta.method,
            path_and_query: path,
            content_type: if body.is_empty() {
                ""
            } else {
                meta.content_type(format)
            },
            body,
        })
    }

    fn decode_response(
        format: Format,
        body: &[u8],
    ) -> Result<RawResponse, ResponseError<A::ErrorCode>> {
        let root = Element::parse(format, body)?;
        match Self::META.api.envelope.open_response(&root, format, None)? {
            Ok(result) => Ok(RawResponse {
                result: owned(result),
            }),
            Err(errors) => {
                let mut all = errors
                    .into_iter()
                    .map(|e| (A::ErrorCode::from_code(&e.code), e.message));
                let (code, message) = all
                    .next()
                    .unwrap_or_else(|| (A::ErrorCode::from_code(""), None));
                Err(ResponseError::Vendor(VendorError {
                    code,
                    message,
                    more: all.collect(),
                    detail: Vec::new(),
                }))
            }
        }
    }
}

/// The member the envelope is written around before the parameters take its place.
const MARK: &str = "pbx_raw_parameters";

impl<A: Family> RawRequest<A> {
    /// The RPC method: the path, for a family whose URL has no `{path}`.
    fn rpc_method(&self) -> Option<&str> {
        (!A::URL.contains("{path}")).then_some(self.path.as_str())
    }
}

/// The raw escape hatch on every client (async and blocking); in `pbx_api::prelude`.
pub trait RawMethod: Sender<Api: Family> {
    /// A request no spec declares yet: `path` fills the family URL's `{path}`
    /// (`extension/query`), or is the RPC method (Switchvox: `switchvox.extensions.getInfo`).
    /// Sent with no parameters unless given; `.send()` answers a [`RawResponse`] or the
    /// client's error, the vendor's codes typed.
    fn raw(&self, path: &str) -> RawBuilder<'_, Self> {
        RawBuilder(Pending::new(
            self,
            RawRequest {
                path: path.to_owned(),
                payload: Payload::Params(Element::new(
                    Cow::Borrowed(""),
                    pbx_wire::tree::Kind::Object,
                )),
                _api: PhantomData,
            },
        ))
    }
}

impl<S: Sender<Api: Family> + ?Sized> RawMethod for S {}

/// A raw request ready to send: set its parameters or body, then `.send()`.
#[must_use = "a request is sent only by `.send()`"]
pub struct RawBuilder<'a, S: Sender<Api: Family> + ?Sized>(Pending<'a, S, RawRequest<S::Api>>);

impl<'a, S: Sender<Api: Family> + ?Sized> RawBuilder<'a, S> {
    /// The parameters as a JSON object (`{"extid":"1002"}`), put in the family's envelope.
    pub fn params_json(self, object: &str) -> Self {
        self.payload(Element::parse_json(object.as_bytes()).map_err(|e| e.to_string()))
    }

    /// The parameters as an XML element whose children they are (`<p><extid>1002</extid></p>`),
    /// put in the family's envelope.
    pub fn params_xml(self, element: &str) -> Self {
        self.payload(Element::parse_xml(element.as_bytes()).map_err(|e| e.to_string()))
    }

    /// The body, sent exactly as given (no envelope), with the family's content type for the
    /// client's format.
    pub fn body(self, bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = bytes.into();
        RawBuilder(self.0.map(|mut r| {
            r.payload = Payload::Body(bytes);
            r
        }))
    }

    /// The request as built so far.
    pub fn request(&self) -> &RawRequest<S::Api> {
        &self.0.request
    }

    fn payload(self, parsed: Result<Element<'_>, String>) -> Self {
        let payload = match parsed {
            Ok(e)
                if matches!(
                    e.kind,
                    pbx_wire::tree::Kind::Object | pbx_wire::tree::Kind::Element
                ) =>
            {
                Payload::Params(owned(&e))
            }
            Ok(_) => Payload::Broken("the parameters are not an object or element".into()),
            Err(e) => Payload::Broken(format!("the parameters do not parse: {e}")),
        };
        RawBuilder(self.0.map(|mut r| {
            r.payload = payload;
            r
        }))
    }
}

impl<'a, S: Sender<Api: Family> + ?Sized + 'a> Prepared<'a> for RawBuilder<'a, S> {
    type Sender = S;
    type Request = RawRequest<S::Api>;
    fn into_parts(self) -> (&'a S, RawRequest<S::Api>) {
        self.0.into_parts()
    }
}
