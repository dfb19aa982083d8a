//! The model the generator works from: spec files, checked and resolved. Every name here is
//! already a valid Rust identifier and every constraint already consistent.

use std::path::PathBuf;

use pbx_wire::read::BoolWire;
use pbx_wire::session::{PasswordForm, SessionStyle};
use pbx_wire::write::{JsonList, JsonScalar, Place};
use pbx_wire::{Effect, Envelope, Format, Task};

/// Every family found under the spec folder.
#[derive(Debug)]
pub struct Spec {
    /// The families, sorted by module name.
    pub apis: Vec<Api>,
    /// Every file read, for rebuild tracking.
    pub files: Vec<PathBuf>,
}

/// One API family (`specs/<family>/family.toml`).
#[derive(Debug)]
pub struct Api {
    /// Rust module name (the folder name).
    pub module: String,
    /// The family file, as displayed.
    pub file: String,
    /// The vendor's name of the API.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The API version: the default one when `versions` lists several.
    pub version: String,
    /// Every API version the family's PBXes run (`versions`), as written; empty when the spec
    /// names only `version`. URLs of such a family keep `{version}` until a request is sent.
    pub versions: Vec<String>,
    /// URL template: `{version}` and `{path}` are filled per endpoint.
    pub url: String,
    /// Formats the API offers.
    pub formats: Vec<Format>,
    /// The envelope.
    pub envelope: Envelope,
    /// How scalars travel in JSON unless a field says otherwise.
    pub json_scalars: JsonScalar,
    /// `Content-Type` for JSON.
    pub json_content_type: String,
    /// `Content-Type` for XML.
    pub xml_content_type: String,
    /// The XML declaration, if any.
    pub xml_declaration: Option<String>,
    /// A `User-Agent` required on every request.
    pub user_agent: Option<String>,
    /// The family's error codes, the endpoints' additions included.
    pub errors: Vec<ErrorDef>,
    /// The endpoints, in module order.
    pub endpoints: Vec<Endpoint>,
    /// The `[session]` table, checked against the endpoints and error codes.
    pub session: Option<Session>,
    /// The `[events]` table and the event files, if the family declares events.
    pub events: Option<Events>,
}

/// How a family authenticates (`[session]` in `family.toml`).
#[derive(Debug, Clone)]
pub struct Session {
    /// The style.
    pub style: SessionStyle,
    /// How the login carries the password.
    pub password: PasswordForm,
    /// The endpoints and response fields of a token session.
    pub token: Option<TokenSession>,
    /// The codes that say what happened to the session, each list in spec order.
    pub codes: SessionCodes,
}

/// The codes of `[session.errors]`.
#[derive(Debug, Clone, Default)]
pub struct SessionCodes {
    /// No token was given.
    pub token_blank: Vec<String>,
    /// The token is unknown.
    pub token_invalid: Vec<String>,
    /// The token timed out.
    pub token_expired: Vec<String>,
    /// Wrong user name or password.
    pub wrong_credentials: Vec<String>,
    /// Locked out after failed logins.
    pub locked_out: Vec<String>,
}

/// A token session: the endpoints that make it up and where the grant is in their answers.
#[derive(Debug, Clone)]
pub struct TokenSession {
    /// Logs in.
    pub login: SessionStep,
    /// Keeps the session alive (a heartbeat, or a refresh); none for tokens that live while
    /// used.
    pub keep_alive: Option<SessionStep>,
    /// Logs out.
    pub logout: SessionStep,
    /// Response fields (Rust names) holding the grant.
    pub grant: GrantFields,
    /// Whether the keep-alive answer carries a new grant (a refresh, not a heartbeat).
    pub renews: bool,
}

/// The response fields holding a grant, as Rust field names.
#[derive(Debug, Clone)]
pub struct GrantFields {
    /// The token: a required string.
    pub token: String,
    /// Its life in seconds: an integer.
    pub expires_in: Option<String>,
    /// The refresh token: a string.
    pub refresh_token: Option<String>,
    /// The refresh token's life in seconds.
    pub refresh_expires_in: Option<String>,
}

/// One session endpoint and how its parameters are filled.
#[derive(Debug, Clone)]
pub struct SessionStep {
    /// The endpoint's module path.
    pub module_path: Vec<String>,
    /// Required parameters first, in constructor order; then optional ones (setters).
    pub fills: Vec<Fill>,
}

/// One parameter filled by the session runtime.
#[derive(Debug, Clone)]
pub struct Fill {
    /// The parameter's Rust name.
    pub ident: String,
    /// A constructor argument rather than a setter.
    pub required: bool,
    /// An integer parameter (only `report_port` fills one).
    pub integer: bool,
    /// What fills it.
    pub source: FillSource,
}

/// What the session runtime fills a parameter with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillSource {
    /// The user name.
    User,
    /// The password, as `password` says (MD5 hex or plain).
    Password,
    /// The IP address event reports go to.
    ReportIp,
    /// The port event reports go to.
    ReportPort,
    /// The grant's refresh token.
    RefreshToken,
}

/// A documented vendor error code.
#[derive(Debug, Clone)]
pub struct ErrorDef {
    /// The code as the PBX sends it.
    pub code: String,
    /// Variant name.
    pub variant: String,
    /// The vendor's message.
    pub message: String,
}

/// One endpoint (`specs/<family>/<group>/<name>.toml`).
#[derive(Debug)]
pub struct Endpoint {
    /// Module path below the family (`["extension", "dial_outbound"]`).
    pub module_path: Vec<String>,
    /// The spec file, as displayed.
    pub file: String,
    /// The vendor's title.
    pub name: String,
    /// One line.
    pub summary: String,
    /// Longer documentation.
    pub doc: String,
    /// HTTP method.
    pub method: String,
    /// URL with `{version}` and `{path}` filled.
    pub url: String,
    /// The RPC method name (Switchvox).
    pub rpc_method: Option<String>,
    /// Formats accepted.
    pub formats: Vec<Format>,
    /// What sending it does.
    pub effect: Effect,
    /// Request parameters.
    pub params: Vec<Field>,
    /// Response fields.
    pub response: Vec<Field>,
    /// Codes this endpoint documents.
    pub errors: Vec<String>,
    /// Documented examples.
    pub examples: Vec<Example>,
    /// What a user does with it (`task`, defaulting from `effect`).
    pub task: Task,
    /// Why no vendor page confirms it (`unverified`), if none does.
    pub unverified: Option<String>,
    /// What it does to the simulated PBX (`[sim]`), if the spec says.
    pub sim: Option<crate::spec::sim::Sim>,
    /// The fields a failure without a code carries (`[failure.<field>]`).
    pub failure: Vec<Field>,
    /// Sent without a body (`body = "none"`).
    pub bodiless: bool,
    /// A success answer is the file itself (`download`).
    pub download: Option<pbx_wire::Download>,
    /// The API version that added it (`since`).
    pub since: Option<String>,
    /// How its answer is paged (`[pagination]`).
    pub pagination: Option<Pagination>,
    /// The file its answer names by path (`[resource]`).
    pub resource: Option<Resource>,
}

/// `[resource]`: the answer names a file by path rather than carrying it.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The required string response field holding the path (Rust name).
    pub field: String,
    /// The same field's wire name.
    pub wire: String,
    /// What the file is.
    pub download: pbx_wire::Download,
}

/// `[pagination]`: the fields that page a list, by Rust name (checked against the endpoint).
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The page-number parameter (wire name, Rust name, required).
    pub page: (String, String, bool),
    /// The page-size parameter.
    pub page_size: (String, String, bool),
    /// The total-count response field.
    pub total: (String, String, bool),
    /// The list response field holding the page.
    pub items: (String, String),
}

/// A field of a request, response or nested object.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust field name.
    pub ident: String,
    /// Documentation.
    pub doc: String,
    /// Required (a constructor argument) or optional (an `Option`, or an empty list).
    pub required: bool,
    /// The type.
    pub ty: Ty,
    /// Element or attribute.
    pub place: Place,
    /// How scalars travel in JSON.
    pub json: JsonScalar,
    /// The PBX's default, in wire form, for documentation.
    pub default: Option<String>,
    /// An example value in wire form (scalars only).
    pub example: Option<String>,
    /// Where the field's key is in its spec file, for later checks.
    pub span: std::ops::Range<usize>,
    /// A password or token: never shown by `Debug` or in a constraint error.
    pub secret: bool,
    /// The vendor's error for a value that breaks this parameter's constraints (`error =`).
    pub error: Option<ParamError>,
    /// Travels in the query string (`in = "query"`; every parameter of a `GET` does).
    pub query: bool,
}

/// The error code (and, when it names the parameter, the message) a PBX answers when a
/// parameter's value breaks its constraints.
#[derive(Debug, Clone)]
pub struct ParamError {
    /// The code, as in the error tables.
    pub code: String,
    /// `error_message`: the vendor's text for this parameter, if it differs from the table's.
    pub message: Option<String>,
    /// Where `error` is in the spec file.
    pub span: std::ops::Range<usize>,
}

/// A field's type.
#[derive(Debug, Clone)]
pub enum Ty {
    /// Text.
    String(StringRules),
    /// A whole number with optional bounds.
    Integer {
        /// Lower bound.
        min: Option<i64>,
        /// Upper bound.
        max: Option<i64>,
    },
    /// `yes`/`no` or `1`/`0`.
    Bool(BoolWire),
    /// One of fixed values.
    Enum(EnumTy),
    /// A nested object.
    Object(ObjectTy),
    /// Zero or more items.
    List {
        /// Item type.
        item: Box<Ty>,
        /// The item element name when XML wraps the items.
        wrapper: Option<String>,
        /// JSON form of a wrapped list.
        json: JsonList,
        /// Written when empty (`empty = "write"`), as the vendor sends `"outbound":[]`;
        /// otherwise an empty list is left out.
        write_empty: bool,
        /// XML numbers each item wrapper with its 0-based position, `<item id="0">`
        /// (`xml_item_id = "index"`); read, the attribute is ignored.
        item_id: bool,
        /// The separator of a list that travels as one value (`join = ","`: `"101,102"`);
        /// its items are scalars none of which can hold it.
        join: Option<String>,
    },
}

/// Constraints on a string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StringRules {
    /// Allowed characters: spelling and ranges.
    pub chars: Option<(String, Vec<(char, char)>)>,
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// Must be `NAME=VALUE`.
    pub name_value: bool,
}

impl StringRules {
    /// Whether no constraint is set (no characters, lengths or shape): what a string field
    /// has when its spec says nothing of its text.
    pub fn is_plain(&self) -> bool {
        *self == Self::default()
    }
}

/// An enumeration.
#[derive(Debug, Clone)]
pub struct EnumTy {
    /// Rust type name.
    pub name: String,
    /// Wire value and variant name.
    pub values: Vec<(String, String)>,
    /// Responses keep values the spec does not list.
    pub open: bool,
}

/// A nested object.
#[derive(Debug, Clone)]
pub struct ObjectTy {
    /// Rust type name.
    pub name: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A documented example exchange.
#[derive(Debug, Clone)]
pub struct Example {
    /// Name.
    pub name: String,
    /// Format of both bodies.
    pub format: Format,
    /// Request body.
    pub request: Option<String>,
    /// Response body.
    pub response: Option<String>,
    /// What the vendor's body gets wrong, for a documented mistake (`mistake`).
    pub mistake: Option<Mistake>,
}

/// A documented mistake: `mistake`, `decodes` and `corrected` of an example.
#[derive(Debug, Clone)]
pub struct Mistake {
    /// What the body gets wrong.
    pub note: String,
    /// Whether the decoder refuses or accepts it.
    pub decodes: pbx_wire::Decodes,
    /// The body as it should read (`lenient` only).
    pub corrected: Option<String>,
}

/// A family's events: `[events]` of its `family.toml` and its `events/*.toml` files.
#[derive(Debug, Clone)]
pub struct Events {
    /// How they travel.
    pub transport: pbx_wire::event::Transport,
    /// The member naming an event (`action`, `event`, `type`); empty for URL triggers.
    pub key: String,
    /// The member holding the fields (P-Series `msg`), if not the body itself.
    pub payload: Option<String>,
    /// The declared events, in file-name order.
    pub list: Vec<EventDef>,
    /// Events named by another member and declared by a sibling family (`fallback`).
    pub fallback: Option<Box<Fallback>>,
}

/// `fallback` of `[events]`: bodies without the family's key, named by `key`, decoded with the
/// events a sibling family declares (API 2.0's v1 reports, with the S-Series files).
#[derive(Debug, Clone)]
pub struct Fallback {
    /// The Rust module that holds the sibling's events (`v1`).
    pub module: String,
    /// The variant of the family's `Event` that wraps them (`V1`).
    pub variant: String,
    /// The sibling's family folder (`yeastar_s`).
    pub family: String,
    /// The sibling's events, framed by the fallback key.
    pub events: Events,
}

/// One event file (`specs/<family>/events/<module>.toml`).
#[derive(Debug, Clone)]
pub struct EventDef {
    /// The file stem: the event's Rust module.
    pub module: String,
    /// The variant and struct name (the file stem in UpperCamelCase).
    pub variant: String,
    /// The spec file, as displayed.
    pub file: String,
    /// The spec file relative to the specs folder (`openvox/events/answer.toml`).
    pub spec: String,
    /// The vendor's title.
    pub name: String,
    /// One line.
    pub summary: String,
    /// Longer documentation.
    pub doc: String,
    /// The wire name (`ANSWER`, `30011`, `incoming_call`).
    pub event: String,
    /// Why no vendor page confirms it (`unverified`), if none does.
    pub unverified: Option<String>,
    /// The fields, read like response fields.
    pub fields: Vec<Field>,
    /// The dotted wire paths of the fields that identify the call, checked to name fields.
    pub call_keys: Vec<Vec<String>>,
    /// Documented bodies.
    pub examples: Vec<EventExample>,
}

/// A documented event body (`[[examples]]` of an event file).
#[derive(Debug, Clone)]
pub struct EventExample {
    /// Name.
    pub name: String,
    /// The body (empty for URL triggers).
    pub body: String,
    /// The query string (URL triggers).
    pub query: String,
    /// What the vendor's body gets wrong, for a documented mistake.
    pub mistake: Option<Mistake>,
}
