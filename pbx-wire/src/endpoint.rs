//! The traits generated endpoints implement, and the static metadata they carry. Everything an
//! endpoint does beyond reading and writing its own fields is written here once.

use std::borrow::Cow;
use std::fmt::Debug;

use crate::envelope::{Envelope, RawError};
use crate::error::{
    DecodeError, DecodeErrorKind, ErrorCode, InvalidRequest, ResponseError, VendorError,
};
use crate::format::Format;
use crate::json;
use crate::query;
use crate::tree::{Element, Kind};
use crate::write::{BodyWriter, JsonWriter, Sink, XmlWriter};
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
        let read = Self::read(node).and_then(|value| {
            value
                .validate()
                .map(|()| value)
                .map_err(|e| DecodeError::at(&e.param, DecodeErrorKind::Invalid(e.reason)))
        });
        read.map_err(|e| failures.push(e)).ok()
    }

    /// About how many bytes the fields take on the wire, so the output buffer is allocated
    /// once.
    fn size_hint(&self) -> usize {
        256
    }
}

/// The buffer to allocate for a body whose fields take about `hint` bytes: room for the
/// envelope, indentation and escaping.
fn capacity(hint: usize) -> usize {
    192 + hint * 2
}

/// What sending an endpoint does, from its spec's `effect`; the client's retry policy reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Reads state only; safe to repeat.
    Read,
    /// Places, transfers, holds or ends a call: never repeated automatically.
    Call,
    /// Changes configuration.
    Write,
    /// Logs in, keeps alive or logs out.
    Session,
}

/// What a user does with an endpoint, from its spec's `task`: how the README's endpoint table
/// and `pbx endpoints` group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Task {
    /// Places a call (dial, call back, auto-dial from a queue).
    Place,
    /// Acts on a call in progress: transfer, hold, mute, monitor, accept, refuse, hang up.
    Control,
    /// Reads live state: calls, extensions, queues, conferences, the device.
    Observe,
    /// Call records and recordings: search, fetch, download.
    Records,
    /// Changes what the PBX holds: agents, members, variables, messages.
    Configure,
    /// Logs in, keeps the session alive, logs out.
    Session,
}

impl Task {
    /// Every task, in the order the endpoint table lists them.
    pub const ALL: [Task; 6] = [
        Task::Place,
        Task::Control,
        Task::Observe,
        Task::Records,
        Task::Configure,
        Task::Session,
    ];

    /// The spec spelling (`place`, `control`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Place => "place",
            Task::Control => "control",
            Task::Observe => "observe",
            Task::Records => "records",
            Task::Configure => "configure",
            Task::Session => "session",
        }
    }
}

/// What a family spec says about its API.
pub struct ApiMeta {
    /// The vendor's name for the API.
    pub name: &'static str,
    /// The Rust module of the family (`openvox`).
    pub module: &'static str,
    /// The API version the family spec describes.
    pub version: &'static str,
    /// The envelope around parameters and results.
    pub envelope: Envelope,
    /// `Content-Type` for JSON bodies.
    pub json_content_type: &'static str,
    /// `Content-Type` for XML bodies.
    pub xml_content_type: &'static str,
    /// The XML declaration that starts every XML body, if the vendor sends one.
    pub xml_declaration: Option<&'static str>,
    /// A `User-Agent` the vendor requires on every request (the P-Series: `OpenAPI`).
    pub user_agent: Option<&'static str>,
    /// The spec file the family came from.
    pub spec: &'static str,
    /// The family's `[session]` table, if it declares one.
    pub session: Option<&'static crate::session::SessionMeta>,
    /// Every API version the family's PBXes may run (`versions`), oldest first; empty when the
    /// spec names only `version`.
    pub versions: &'static [&'static str],
}

impl ApiMeta {
    /// Whether a client may speak `version` to this family: one of `versions`, or the one
    /// `version` when the spec lists no others.
    pub fn knows_version(&self, version: &str) -> bool {
        if self.versions.is_empty() {
            version == self.version
        } else {
            self.versions.contains(&version)
        }
    }
}

/// Compares two API versions (`v1.0.1` < `v1.1.0`) by their numeric parts; text that is no
/// number compares as text.
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |v: &str| -> Vec<String> {
        v.trim_start_matches(['v', 'V'])
            .split(['.', '-', '_'])
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (split(a), split(b));
    for (x, y) in a.iter().zip(b.iter()) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order != std::cmp::Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// What a request carries after its headers (`body` in the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The parameters in the family's envelope (the default); none on `GET`.
    Envelope,
    /// Nothing, and no `Content-Type` (`body = "none"`): a bare `POST`.
    None,
}

/// What a successful answer of a download endpoint is (`download` in the spec): the bytes
/// themselves, not an envelope. An answer in the family's envelope is the vendor's error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// A recording (WAV, MP3 or GSM, as the PBX stores it).
    Audio,
    /// Call records as CSV text.
    Csv,
    /// Any other file.
    Bytes,
}

impl Download {
    /// The spec spelling (`audio`, `csv`, `bytes`).
    pub fn as_str(self) -> &'static str {
        match self {
            Download::Audio => "audio",
            Download::Csv => "csv",
            Download::Bytes => "bytes",
        }
    }
}

/// How a list endpoint pages its answer (`[pagination]` in the spec), by wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// The parameter holding the 1-based page number.
    pub page: &'static str,
    /// The parameter holding the page size.
    pub page_size: &'static str,
    /// The response field holding the total number of items.
    pub total: &'static str,
    /// The response list holding one page.
    pub items: &'static str,
}

/// A documented request/response example from a spec file, checked by the test suite.
#[derive(Debug)]
pub struct Example {
    /// The example's name in the spec.
    pub name: &'static str,
    /// The format of both bodies.
    pub format: Format,
    /// The request body, if the vendor documents one.
    pub request: Option<&'static str>,
    /// The response body, if the vendor documents one.
    pub response: Option<&'static str>,
    /// What the vendor's body gets wrong, when the example is a documented mistake.
    pub mistake: Option<Mistake>,
}

/// A documented body that is wrong (`mistake` in an example), kept as the vendor prints it.
#[derive(Debug)]
pub struct Mistake {
    /// What the body gets wrong.
    pub note: &'static str,
    /// What the decoder does with it.
    pub decodes: Decodes,
    /// The body as it should read, which a `lenient` decode must equal (`corrected`).
    pub corrected: Option<&'static str>,
}

/// What the decoder does with a documented mistake (`decodes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decodes {
    /// It refuses the body with a typed `DecodeError`.
    Error,
    /// It accepts the body, as a real PBX sends it.
    Lenient,
}

/// The kind of a parameter, for tools that build requests from text (the `pbx` CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A boolean (`yes`/`no` or `1`/`0` on the wire; `true`/`false` accepted too).
    Bool,
    /// One of `values`.
    Enum,
    /// A list of scalars.
    List,
    /// A nested object (not settable from text).
    Object,
}

/// What a spec says about one request parameter.
#[derive(Debug)]
pub struct ParamMeta {
    /// The wire name.
    pub name: &'static str,
    /// Required (a constructor argument) or optional.
    pub required: bool,
    /// The kind.
    pub kind: ParamKind,
    /// The allowed values, for enums.
    pub values: &'static [&'static str],
    /// The spec's description.
    pub doc: &'static str,
    /// The vendor's error for a value that breaks the parameter's constraints (`error =` in
    /// the spec), if the spec names one.
    pub error: Option<ParamError>,
    /// Travels in the query string (`in = "query"`, or any parameter of a `GET`).
    pub query: bool,
    /// The spec's example value, in wire form (scalars), if it gives one.
    pub example: Option<&'static str>,
}

/// The vendor's error code and message for one parameter's constraint failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamError {
    /// The code, as sent (`"54222"`).
    pub code: &'static str,
    /// The message the vendor sends with it for this parameter.
    pub message: &'static str,
}

/// What an endpoint spec says about its endpoint.
pub struct EndpointMeta {
    /// The family.
    pub api: &'static ApiMeta,
    /// The Rust path below `pbx_api` (`openvox::extension::dial_outbound`).
    pub id: &'static str,
    /// The vendor's title for the endpoint.
    pub name: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The URL path and query, with `{token}` and `{format}` still to fill in.
    pub url: &'static str,
    /// The method name inside the envelope, for RPC-style APIs (Switchvox).
    pub rpc_method: Option<&'static str>,
    /// The body formats the endpoint accepts.
    pub formats: &'static [Format],
    /// What sending it does.
    pub effect: Effect,
    /// What a user does with it (how endpoint lists group it).
    pub task: Task,
    /// Why the endpoint is not confirmed by a vendor page (inferred from a sibling API), if so.
    pub unverified: Option<&'static str>,
    /// The spec file, relative to the crate that generated it.
    pub spec: &'static str,
    /// The vendor's documented examples.
    pub examples: &'static [Example],
    /// The request parameters, in wire order.
    pub params: &'static [ParamMeta],
    /// What the endpoint does to a simulated PBX (`[sim]`), if the spec says.
    pub sim: Option<&'static crate::sim::SimMeta>,
    /// The fields a failure without a code carries (`[failure.<field>]`), kept in
    /// `VendorError::detail`; empty for most endpoints.
    pub failure: &'static [crate::envelope::FailureField],
    /// What the request carries after its headers.
    pub body: Body,
    /// What a successful answer is, for download endpoints.
    pub download: Option<Download>,
    /// The API version that added the endpoint (`since`), when it is not in every version.
    pub since: Option<&'static str>,
    /// How the answer is paged, for list endpoints that page.
    pub pagination: Option<Pagination>,
}

// Short `Debug`s: metadata shows up inside every client error.
impl std::fmt::Debug for ApiMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiMeta")
            .field("module", &self.module)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for EndpointMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointMeta")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl EndpointMeta {
    /// The `Content-Type` of a body in `format`.
    pub fn content_type(&self, format: Format) -> &'static str {
        match format {
            Format::Json => self.api.json_content_type,
            Format::Xml => self.api.xml_content_type,
        }
    }

    /// Whether the endpoint accepts `format`.
    #[inline]
    pub fn supports(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }

    /// The path and query for a request, with the token and format filled in (the token
    /// percent-encoded).
    pub fn path_and_query(&self, format: Format, token: &str) -> String {
        self.path_and_query_at(format, token, self.api.version)
    }

    /// [`EndpointMeta::path_and_query`] for the API version `version` (of a family that
    /// declares `versions`; other URLs hold no `{version}` any more).
    pub fn path_and_query_at(&self, format: Format, token: &str, version: &str) -> String {
        let mut out = String::with_capacity(self.url.len() + token.len());
        let mut rest = self.url;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            match &after[..close] {
                "token" => percent_encode(&mut out, token),
                "format" => out.push_str(format.as_str()),
                "version" => out.push_str(version),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Whether the endpoint exists in API version `version` (it has no `since`, or `since` is
    /// not newer).
    pub fn available_in(&self, version: &str) -> bool {
        self.since
            .is_none_or(|since| compare_versions(since, version) != std::cmp::Ordering::Greater)
    }
}

use crate::query::percent_encode;

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
                unsupported(Self::META, format).reason,
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
        request.validate().map_err(invalid)?;
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
                unsupported(Self::META, format).reason,
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
            request.validate().map_err(invalid)?;
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
        request.validate().map_err(invalid)?;
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
            Format::Json => envelope.read_json_success::<Self::Response>(body),
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

/// Writes `request` in its envelope into `out`, leaving out the parameters that travel in the
/// query string when `has_query`; `format` is the writer's.
#[inline]
fn write_body<E: Endpoint, S: Sink>(
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
fn json_capacity(hint: usize) -> usize {
    64 + hint
}

/// What an endpoint's metadata decides about encoding, worked out at compile time from its
/// `META` (a constant), so encoding a request walks no metadata.
#[derive(Clone, Copy)]
struct Shape {
    json: bool,
    xml: bool,
    /// The request has a body (not a `GET`, not `body = "none"`).
    body: bool,
    /// Some parameter travels in the query string (`query::has_query`), so the body leaves
    /// it out.
    has_query: bool,
}

impl Shape {
    const fn of(meta: &EndpointMeta) -> Shape {
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
    fn accepts(self, format: Format) -> bool {
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
fn xml_writer(meta: &EndpointMeta, capacity: usize) -> XmlWriter {
    XmlWriter::new(capacity, meta.api.xml_declaration, Some("\t"))
}

#[cold]
fn unsupported(meta: &EndpointMeta, format: Format) -> InvalidRequest {
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

/// A broken constraint as a decode error at the parameter.
fn invalid(e: InvalidRequest) -> DecodeError {
    DecodeError::at(&e.param, DecodeErrorKind::Invalid(e.reason))
}

fn vendor_error<C: ErrorCode>(raw: Vec<RawError>) -> VendorError<C> {
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

/// Receives every generated endpoint type, one call each (see `pbx_api::for_each_endpoint`).
pub trait EndpointVisitor {
    /// Called once per endpoint.
    fn visit<E: Endpoint>(&mut self);
}

/// Joins several families' `ENDPOINTS` into one array, in the order given, at compile time.
/// `N` must be the total length; a wrong `N` (or no endpoints at all) fails the build.
pub const fn join_registries<const N: usize>(
    parts: &[&[&'static EndpointMeta]],
) -> [&'static EndpointMeta; N] {
    let mut filler = None;
    let mut p = 0;
    while p < parts.len() {
        if filler.is_none() && !parts[p].is_empty() {
            filler = Some(parts[p][0]);
        }
        p += 1;
    }
    let Some(filler) = filler else {
        panic!("no endpoints to join");
    };
    let mut out = [filler; N];
    let mut at = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            assert!(at < N, "more endpoints than the registry's length");
            out[at] = parts[p][i];
            at += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(at == N, "fewer endpoints than the registry's length");
    out
}
