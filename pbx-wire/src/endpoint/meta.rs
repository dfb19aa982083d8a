//! The static metadata a generated endpoint and its family carry (`META`): what the spec
//! files say, for the client, the simulator, the CLI and the documentation.

use crate::envelope::Envelope;
use crate::format::Format;
use crate::query::percent_encode;

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

/// A file an answer names by path (`[resource]` in the spec), fetched with the session's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// The response field (wire name) holding the path.
    pub field: &'static str,
    /// What the file is.
    pub download: Download,
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
    /// The file the answer names by path (`[resource]`: the P-Series `recording/download`
    /// answers with a URL, not the file), if it names one.
    pub resource: Option<Resource>,
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
