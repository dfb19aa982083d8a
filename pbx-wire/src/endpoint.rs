//! The traits generated endpoints implement, and the static metadata they carry. Everything an
//! endpoint does beyond reading and writing its own fields is written here once.

use std::borrow::Cow;
use std::fmt::Debug;

use crate::envelope::RawError;
use crate::error::{
    DecodeError, DecodeErrorKind, ErrorCode, InvalidRequest, ResponseError, VendorError,
};
use crate::format::Format;
use crate::json;
use crate::query;
use crate::tree::{Element, Kind};
use crate::write::{BodyWriter, JsonWriter, Sink};
use crate::xml;

/// A value with named fields on the wire: a request's parameters, a response's result, or a
/// nested object of either. Implemented by generated code.
pub trait Fields: Sized {
    /// Writes the fields (not the envelope).
    fn write<S: Sink>(&self, out: &mut S);
    /// Reads the fields from the element that holds them.
    fn read(node: &Element<'_>) -> Result<Self, DecodeError>;
    /// Reads the fields straight from a JSON object (the reader sits at its `{`), without a
    /// document tree; `extra` gets the members no field claims (the envelope's). `None` when
    /// the body needs the tree path: [`Fields::read`] decides then.
    fn read_json<'a>(_r: &mut json::Reader<'a>, _extra: &mut json::Extra<'_, 'a>) -> Option<Self> {
        None
    }
    /// Reads the fields straight from the XML element `node` (its start tag just read), without
    /// a document tree; `extra` gets the child elements no field claims (the envelope's).
    /// `None` when the body needs the tree path: [`Fields::read`] decides then.
    fn read_xml<'a>(
        _r: &mut xml::Reader<'a>,
        _node: &xml::Node<'a>,
        _extra: &mut xml::Extra<'_, 'a>,
    ) -> Option<Self> {
        None
    }

    /// Checks the spec's constraints.
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }

    /// Reads the fields and checks their constraints like [`Fields::read`] then
    /// [`Fields::validate`], but pushes every failure into `failures` instead of stopping at
    /// the first (for PBXes that list them all); `None` if any field failed. Generated for
    /// requests; this default reports the first failure only.
    fn read_all(node: &Element<'_>, failures: &mut Vec<DecodeError>) -> Option<Self> {
        let read = Self::read(node)
            .and_then(|value| value.validate().map(|()| value).map_err(DecodeError::from));
        read.map_err(|e| failures.push(e)).ok()
    }

    /// About how many bytes the fields take on the wire, so the output buffer is allocated
    /// once.
    fn size_hint(&self) -> usize {
        256
    }
}

mod meta;
mod registry;
mod support;

pub use meta::*;
pub use registry::{EndpointVisitor, join_registries};
use support::*;

/// An API family: the marker type generated in each family module.
pub trait Api: 'static {
    /// The family's error codes.
    type ErrorCode: ErrorCode;
    /// What the family spec says.
    const META: &'static ApiMeta;
}

/// A request as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST` for every seed endpoint.
    pub method: &'static str,
    /// Path and query, token included.
    pub path_and_query: String,
    /// The body's `Content-Type`; empty when there is no body.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

/// A typed endpoint: its request type implements this. Generated code provides the fields;
/// everything else is provided here.
pub trait Endpoint: Fields + Clone + Debug + PartialEq + Send + Sync + 'static {
    /// The typed result of a successful call.
    type Response: Fields + Clone + Debug + PartialEq + Send + Sync + 'static;
    /// The family.
    type Api: Api;
    /// What the spec says.
    const META: &'static EndpointMeta;

    /// Checks the spec's constraints and that `format` is one the endpoint accepts.
    #[inline]
    fn check(&self, format: Format) -> Result<(), InvalidRequest> {
        if !const { Shape::of(Self::META) }.accepts(format) {
            return Err(unsupported(Self::META, format));
        }
        self.validate()
    }

    /// Encodes the request body, envelope included, after checking the constraints.
    #[inline]
    fn encode(&self, format: Format) -> Result<Vec<u8>, InvalidRequest> {
        self.check(format)?;
        let meta: &'static EndpointMeta = Self::META;
        let shape = const { Shape::of(Self::META) };
        if !shape.body {
            // GET parameters travel in the query; a bodiless POST has none (the generator
            // refuses body parameters on it).
            return Ok(Vec::new());
        }
        // One writer type per format, so the generated `write` is compiled for each and no
        // write branches on the format; a caller that names the format gets only its path.
        let hint = self.size_hint();
        Ok(match format {
            Format::Json => {
                let mut out = JsonWriter::with_capacity(json_capacity(hint));
                write_body(self, meta, &mut out, format, shape.has_query);
                out.finish()
            }
            Format::Xml => {
                let mut out = xml_writer(meta, capacity(hint));
                write_body(self, meta, &mut out, format, shape.has_query);
                out.finish()
            }
        })
    }

    /// The path and query of the request: the family's own query (token, format) first, then
    /// the endpoint's query parameters in declared order, percent-encoded.
    fn path_and_query_at(&self, format: Format, token: &str, version: &str) -> String {
        let meta = Self::META;
        let base = meta.path_and_query_at(format, token, version);
        if !const { Shape::of(Self::META) }.has_query {
            return base;
        }
        let mut out = query::QueryWriter::new(meta, base);
        self.write(&mut out);
        out.finish()
    }

    /// The whole HTTP request: method, path with query (token filled in), content type and
    /// body.
    fn to_http(&self, format: Format, token: &str) -> Result<HttpRequest, InvalidRequest> {
        self.to_http_at(format, token, Self::META.api.version)
    }

    /// [`Endpoint::to_http`] for the API version `version` the PBX runs; an endpoint that
    /// version does not have (`since` is newer) is refused unsent.
    fn to_http_at(
        &self,
        format: Format,
        token: &str,
        version: &str,
    ) -> Result<HttpRequest, InvalidRequest> {
        let meta = Self::META;
        if !meta.api.knows_version(version) {
            return Err(InvalidRequest::new(
                "version",
                format!(
                    "{} has no API version `{version}`; it has {}",
                    meta.api.name,
                    if meta.api.versions.is_empty() {
                        meta.api.version.to_owned()
                    } else {
                        meta.api.versions.join(", ")
                    }
                ),
            ));
        }
        if let Some(since) = meta.since.filter(|_| !meta.available_in(version)) {
            return Err(InvalidRequest::new(
                "version",
                format!(
                    "`{}` needs API version {since} or later; the PBX runs {version}",
                    meta.id
                ),
            ));
        }
        let body = self.encode(format)?;
        let content_type = if body.is_empty() {
            ""
        } else {
            meta.content_type(format)
        };
        Ok(HttpRequest {
            method: meta.method,
            path_and_query: self.path_and_query_at(format, token, version),
            content_type,
            body,
        })
    }

    /// Decodes a request body (what a PBX, or the simulator, receives), strictly: unknown
    /// parameters and broken constraints are errors.
    fn decode(format: Format, body: &[u8]) -> Result<Self, DecodeError> {
        if !Self::META.supports(format) {
            return Err(DecodeError::new(DecodeErrorKind::Envelope(
                unsupported(Self::META, format).into_parts().1,
            )));
        }
        let meta = Self::META;
        let empty = Element::new(Cow::Borrowed("parameters"), Kind::Object);
        if meta.method == "GET" || meta.body == Body::None {
            // Nothing in the body: query parameters are read by `decode_lenient_http`.
            return Self::read(&empty);
        }
        let root = Element::parse(format, body)?;
        let params = meta
            .api
            .envelope
            .open_request(&root, format, meta.rpc_method)?;
        let request = Self::read(params.unwrap_or(&empty))?;
        request.validate()?;
        Ok(request)
    }

    /// Decodes a request body as a PBX's firmware does: top-level parameters the spec does not
    /// declare are dropped (their names are returned, so a server can log them), and a blank
    /// body reads as no parameters at all. Everything else is as strict as
    /// [`Endpoint::decode`].
    fn decode_lenient(format: Format, body: &[u8]) -> Result<(Self, Vec<String>), DecodeError> {
        Self::decode_lenient_http(format, &[], body)
    }

    /// [`Endpoint::decode_lenient`] of a whole request: the endpoint's query parameters are
    /// read from `query` (the decoded pairs of the URL; pairs it does not take there, such as
    /// the token, are left alone), the others from `body`. A bodiless endpoint ignores any body.
    fn decode_lenient_http(
        format: Format,
        query: &[(String, String)],
        body: &[u8],
    ) -> Result<(Self, Vec<String>), DecodeError> {
        if !Self::META.supports(format) {
            return Err(DecodeError::new(DecodeErrorKind::Envelope(
                unsupported(Self::META, format).into_parts().1,
            )));
        }
        let meta = Self::META;
        let mut from_query = Element::new(Cow::Borrowed("parameters"), Kind::Object);
        query::merge_into(meta, query, &mut from_query);
        if meta.method == "GET"
            || meta.body == Body::None
            || body.iter().all(u8::is_ascii_whitespace)
        {
            let request = Self::read(&from_query)?;
            request.validate()?;
            return Ok((request, Vec::new()));
        }
        let root = Element::parse(format, body)?;
        let opened = meta
            .api
            .envelope
            .open_request(&root, format, meta.rpc_method)?;
        let merged;
        let params = match opened {
            Some(p) if from_query.children.is_empty() => p,
            Some(p) => {
                let mut both = p.clone();
                both.children.extend(from_query.children.iter().cloned());
                merged = both;
                &merged
            }
            None => {
                merged = from_query.clone();
                &merged
            }
        };
        let known = |name: &str| meta.params.iter().any(|p| p.name == name);
        let ignored: Vec<String> = params
            .children
            .iter()
            .filter(|c| !known(&c.name))
            .map(|c| c.name.to_string())
            .collect();
        let request = if ignored.is_empty() {
            Self::read(params)?
        } else {
            let mut kept = params.clone();
            kept.children.retain(|c| known(&c.name));
            Self::read(&kept)?
        };
        request.validate()?;
        Ok((request, ignored))
    }

    /// Decodes a request body like [`Endpoint::decode`], but reports every failure, not only
    /// the first: what a PBX that lists every bad parameter (Switchvox) answers from.
    fn decode_all(format: Format, body: &[u8]) -> Result<Self, Vec<DecodeError>> {
        let meta = Self::META;
        if !meta.supports(format) || meta.method == "GET" || meta.body == Body::None {
            return Self::decode(format, body).map_err(|e| vec![e]);
        }
        let root = Element::parse(format, body).map_err(|e| vec![e])?;
        let params = meta
            .api
            .envelope
            .open_request(&root, format, meta.rpc_method)
            .map_err(|e| vec![e])?;
        let empty = Element::new(Cow::Borrowed("parameters"), Kind::Object);
        let mut failures = Vec::new();
        match Self::read_all(params.unwrap_or(&empty), &mut failures) {
            Some(request) if failures.is_empty() => Ok(request),
            _ => Err(failures),
        }
    }

    /// Decodes a response body: the typed response, or the vendor's error, or why the body
    /// could not be read.
    fn decode_response(
        format: Format,
        body: &[u8],
    ) -> Result<Self::Response, ResponseError<<Self::Api as Api>::ErrorCode>> {
        let meta = Self::META;
        let envelope = meta.api.envelope;
        let direct = match format {
            Format::Json => envelope.read_json_success::<Self::Response>(body, meta.rpc_method),
            Format::Xml => envelope.read_xml_success::<Self::Response>(body, meta.rpc_method),
        };
        if let Some(response) = direct {
            // The direct paths may only ever return what the tree path returns: the test suite
            // and the fuzz targets check it (feature `cross-check`, in builds with debug
            // assertions, so that benchmarks measure one path).
            #[cfg(all(feature = "cross-check", debug_assertions))]
            if let Ok(tree) = Self::decode_response_tree(format, body) {
                assert_eq!(
                    response, tree,
                    "{format} direct and tree decoding disagree on {body:?}"
                );
            } else {
                panic!("{format} direct decoding accepted what the tree refuses: {body:?}");
            }
            return Ok(response);
        }
        Self::decode_response_tree(format, body)
    }

    /// [`Endpoint::decode_response`] through the document tree, the path that decides every
    /// error.
    #[doc(hidden)]
    fn decode_response_tree(
        format: Format,
        body: &[u8],
    ) -> Result<Self::Response, ResponseError<<Self::Api as Api>::ErrorCode>> {
        let meta = Self::META;
        let root = Element::parse(format, body)?;
        let declared = meta.failure.iter().map(|f| f.name);
        if let Some(detail) = meta.api.envelope.bare_failure(&root, format, declared)? {
            let mut error = VendorError::new(<Self::Api as Api>::ErrorCode::from_code(""));
            error.detail = detail;
            return Err(ResponseError::Vendor(error));
        }
        match meta
            .api
            .envelope
            .open_response(&root, format, meta.rpc_method)?
        {
            Ok(result) => Ok(Self::Response::read(result)?),
            Err(raw) => Err(ResponseError::Vendor(vendor_error(raw))),
        }
    }

    /// Encodes a success response (what a PBX, or the simulator, sends).
    fn encode_response(response: &Self::Response, format: Format) -> Vec<u8> {
        let meta = Self::META;
        let capacity = capacity(response.size_hint());
        let envelope = meta.api.envelope;
        match format {
            Format::Json => {
                let mut out = JsonWriter::with_capacity(capacity);
                envelope.write_success(&mut out, format, meta.rpc_method, |o| response.write(o));
                out.finish()
            }
            Format::Xml => {
                let mut out = xml_writer(meta, capacity);
                envelope.write_success(&mut out, format, meta.rpc_method, |o| response.write(o));
                out.finish()
            }
        }
    }

    /// Encodes an error response in the family's envelope.
    fn encode_error(error: &VendorError<<Self::Api as Api>::ErrorCode>, format: Format) -> Vec<u8> {
        let mut raw = vec![RawError {
            code: error.code.code().to_owned(),
            message: error.message.clone(),
        }];
        raw.extend(error.more.iter().map(|(code, message)| RawError {
            code: code.code().to_owned(),
            message: message.clone(),
        }));
        let meta = Self::META;
        let mut out = BodyWriter::new(format, meta.api.xml_declaration, capacity(128));
        meta.api.envelope.write_failure(
            &mut out,
            format,
            meta.rpc_method,
            &raw,
            &error.detail,
            meta.failure,
        );
        out.finish()
    }
}
