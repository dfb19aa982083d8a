//! The route table, built from the generated endpoints: every endpoint of every family is
//! served from its spec's URL, method, formats and envelope, and answered through its
//! generated decoder and encoder. No route is written by hand.

use pbx_api::wire::{
    Api, Element, Endpoint, EndpointMeta, EndpointVisitor, ErrorCode, Format, VendorError,
};

use crate::behave::{Behaviours, Ctx, Refusal};
use crate::facts::facts;
use crate::state::State;

/// A request as the server received it.
pub(crate) struct Incoming<'a> {
    pub format: Format,
    pub token: &'a str,
    pub body: &'a [u8],
    pub user_agent: Option<&'a str>,
}

type Handler = fn(&mut State, &Behaviours, &Incoming<'_>) -> Vec<u8>;

/// One endpoint's place on the wire.
pub(crate) struct Route {
    pub meta: &'static EndpointMeta,
    /// The URL path, `{format}` left in where the spec puts it.
    path: String,
    /// The query parameters that carry the token and the format.
    token_param: Option<String>,
    format_param: Option<String>,
    pub handler: Handler,
}

impl Route {
    fn new(meta: &'static EndpointMeta, handler: Handler) -> Route {
        let (path, query) = meta.url.split_once('?').unwrap_or((meta.url, ""));
        let mut token_param = None;
        let mut format_param = None;
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some((name, "{token}")) => token_param = Some(name.to_owned()),
                Some((name, "{format}")) => format_param = Some(name.to_owned()),
                _ => {}
            }
        }
        Route {
            meta,
            path: path.to_owned(),
            token_param,
            format_param,
            handler,
        }
    }

    /// The format a request to `path` with `query` is in, if the route serves that path.
    fn format_for(&self, method: &str, path: &str, query: &[(String, String)]) -> Option<Format> {
        if method != self.meta.method {
            return None;
        }
        let format = if let Some(i) = self.path.find("{format}") {
            let (head, tail) = (&self.path[..i], &self.path[i + "{format}".len()..]);
            let middle = path.strip_prefix(head)?.strip_suffix(tail)?;
            middle.parse().ok()?
        } else if path == self.path {
            match &self.format_param {
                Some(name) => query
                    .iter()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(Format::Json),
                None => *self.meta.formats.first()?,
            }
        } else {
            return None;
        };
        self.meta.supports(format).then_some(format)
    }

    /// The token the request carries.
    pub fn token<'q>(&self, query: &'q [(String, String)]) -> &'q str {
        self.token_param
            .as_ref()
            .and_then(|name| query.iter().find(|(k, _)| k == name))
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Every route, in module order.
pub(crate) struct Routes(Vec<Route>);

impl Routes {
    /// Routes for every endpoint `pbx_api` was generated with.
    pub fn all() -> Routes {
        struct Collect(Vec<Route>);
        impl EndpointVisitor for Collect {
            fn visit<E: Endpoint>(&mut self) {
                self.0.push(Route::new(E::META, handle::<E>));
            }
        }
        let mut collect = Collect(Vec::new());
        pbx_api::for_each_endpoint(&mut collect);
        Routes(collect.0)
    }

    /// The route and format for a request; RPC families are told apart by the method name in
    /// the body.
    pub fn find(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        body: &[u8],
    ) -> Option<(&Route, Format)> {
        let mut candidates = self
            .0
            .iter()
            .filter_map(|r| r.format_for(method, path, query).map(|f| (r, f)));
        let first = candidates.next()?;
        let Some(second) = candidates.next() else {
            return Some(first);
        };
        let format = first.1;
        let rpc = rpc_method(format, body)?;
        [first, second]
            .into_iter()
            .chain(candidates)
            .find(|(r, _)| r.meta.rpc_method == Some(rpc.as_str()))
    }
}

/// The method name inside an RPC request body.
fn rpc_method(format: Format, body: &[u8]) -> Option<String> {
    let root = Element::parse(format, body).ok()?;
    let request = match format {
        Format::Xml => &root,
        Format::Json => root.child("request").ok()??,
    };
    if let Some(method) = request.attr("method") {
        return Some(method.to_owned());
    }
    request
        .child("method")
        .ok()??
        .text
        .as_deref()
        .map(str::to_owned)
}

/// Serves one endpoint: session check, decode with the generated decoder (refusing what the
/// spec forbids with the family's own code), behaviour or documented example, encode.
fn handle<E: Endpoint>(
    state: &mut State,
    behaviours: &Behaviours,
    incoming: &Incoming<'_>,
) -> Vec<u8> {
    let meta = E::META;
    let codes = facts(meta.api.module);
    let format = incoming.format;
    if let Some(agent) = meta.api.user_agent
        && incoming.user_agent != Some(agent)
    {
        return refuse::<E>(format, Refusal::code(codes.login_failed));
    }
    if meta.url.contains("{token}")
        && let Err(code) = state.check_token(module(meta), incoming.token)
    {
        return refuse::<E>(format, Refusal::code(code));
    }
    let request = match E::decode(format, incoming.body) {
        Ok(request) => request,
        // Switchvox lists every bad parameter, each with its own code (`behave/switchvox.rs`).
        Err(_) if meta.api.envelope == pbx_api::wire::Envelope::Switchvox => {
            return crate::behave::switchvox::refuse_all::<E>(format, incoming.body);
        }
        Err(e) => {
            return refuse::<E>(
                format,
                Refusal {
                    code: codes.invalid_parameter,
                    message: Some(e.to_string()),
                },
            );
        }
    };
    let mut ctx = Ctx {
        state,
        token: incoming.token,
    };
    let result = behaviours
        .run(&mut ctx, &request)
        .unwrap_or_else(|| example_response::<E>(format));
    match result {
        Ok(response) => E::encode_response(&response, format),
        Err(refusal) => refuse::<E>(format, refusal),
    }
}

/// The family module as a `'static` name the state keys sessions by.
fn module(meta: &'static EndpointMeta) -> &'static str {
    meta.api.module
}

/// The first documented success response of the endpoint.
fn example_response<E: Endpoint>(format: Format) -> Result<E::Response, Refusal> {
    let examples = E::META.examples.iter();
    let preferred = examples.clone().filter(|x| x.format == format);
    let others = examples.filter(|x| x.format != format);
    preferred
        .chain(others)
        .find_map(|x| E::decode_response(x.format, x.response?.trim().as_bytes()).ok())
        .ok_or_else(|| Refusal::code(facts(E::META.api.module).unsupported))
}

fn refuse<E: Endpoint>(format: Format, refusal: Refusal) -> Vec<u8> {
    let code = <<E::Api as Api>::ErrorCode as ErrorCode>::from_code(refusal.code);
    // The vendor's message from the spec's error table when the refusal brings none.
    let message = refusal
        .message
        .or_else(|| code.description().map(str::to_owned));
    let mut error = VendorError::new(code);
    error.message = message;
    E::encode_error(&error, format)
}
