//! The route table, built from the generated endpoints: every endpoint of every family is
//! served from its spec's URL, method, formats and envelope, and answered through its
//! generated decoder and encoder (`handle.rs`). No route is written by hand.
//!
//! Beside the routes, each token family's API prefix (`/api/v1.0.0/`, `/openapi/v1.0/`), so
//! that a request under it that no route takes is refused the way the PBX refuses it (a wrong
//! method, an unknown path) instead of with a bare 404, and the prefixes of the other API
//! versions the family's spec lists (`versions`) lead to the same endpoints.

use pbx_api::wire::{ApiMeta, Endpoint, EndpointMeta, EndpointVisitor, Envelope, Format};

use crate::behave::{Behaviours, Refusal};
use crate::facts::facts;
use crate::handle::{Answer, handle, refuse};
use crate::state::State;

/// A request as the server received it.
pub(crate) struct Incoming<'a> {
    pub format: Format,
    pub token: &'a str,
    pub body: &'a [u8],
    pub user_agent: Option<&'a str>,
    /// The query string's pairs, as sent.
    pub query: &'a [(String, String)],
}

type Handler = fn(&mut State, &Behaviours, &Incoming<'_>) -> Answer;

/// Encodes a refusal in an endpoint's (or family's) envelope, with the spec's message.
pub(crate) type Refuser = fn(Format, Refusal) -> Vec<u8>;

/// One endpoint's place on the wire.
pub(crate) struct Route {
    pub meta: &'static EndpointMeta,
    /// The URL path, `{format}` left in where the spec puts it.
    path: String,
    /// The query parameters that carry the token and the format.
    token_param: Option<String>,
    format_param: Option<String>,
    pub handler: Handler,
    pub refuse: Refuser,
}

impl Route {
    fn new(meta: &'static EndpointMeta, handler: Handler, refuse: Refuser) -> Route {
        let (path, query) = meta.url.split_once('?').unwrap_or((meta.url, ""));
        // A family of several versions: the route is kept at the default one, and the others
        // lead to it (`Family::aliases`).
        let path = path.replace("{version}", meta.api.version);
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
            path,
            token_param,
            format_param,
            handler,
            refuse,
        }
    }

    /// The format a request to `path` with `query` is in, if the route serves that path
    /// (whatever the method).
    fn format_for(&self, path: &str, query: &[(String, String)]) -> Option<Format> {
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

/// A token family's place on the wire: the prefix its endpoints share.
pub(crate) struct Family {
    /// The family module (`yeastar_s`).
    pub module: &'static str,
    /// `/api/v1.0.0/`.
    prefix: String,
    /// The same prefix with the family's other `versions`.
    aliases: Vec<String>,
    /// Whether the family takes XML (`type=xml`) as well as JSON.
    xml: bool,
    /// Refusals in the family's envelope.
    pub refuse: Refuser,
    /// One of its endpoints, for the family's content types.
    meta: &'static EndpointMeta,
}

impl Family {
    /// What the family's spec says.
    pub fn api(&self) -> &'static ApiMeta {
        self.meta.api
    }

    /// The `Content-Type` of the family's bodies in `format`.
    pub fn content_type(&self, format: Format) -> &'static str {
        self.meta.content_type(format)
    }
}

/// Where a request goes.
pub(crate) enum Resolved<'r> {
    /// An endpoint serves it.
    Route(&'r Route, Format),
    /// It is under a token family's API prefix, but no endpoint there takes it: refused with
    /// this code in the family's envelope.
    Refuse(&'r Family, Format, &'static str),
    /// Nothing the simulator serves.
    NotFound,
}

/// Every route, in module order, and the token families' prefixes.
pub(crate) struct Routes {
    routes: Vec<Route>,
    families: Vec<Family>,
}

impl Routes {
    /// Routes for every endpoint `pbx_api` was generated with.
    pub fn all() -> Routes {
        struct Collect(Vec<Route>);
        impl EndpointVisitor for Collect {
            fn visit<E: Endpoint>(&mut self) {
                self.0.push(Route::new(E::META, handle::<E>, refuse::<E>));
            }
        }
        let mut collect = Collect(Vec::new());
        pbx_api::for_each_endpoint(&mut collect);
        let families = families(&collect.0);
        Routes {
            routes: collect.0,
            families,
        }
    }

    /// The endpoints whose answers name a file by path (`[resource]`), which the simulator
    /// then serves below [`pbx_api::wire::resource::SIM_PREFIX`] (`resource.rs`).
    pub fn resources(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().filter(|r| r.meta.resource.is_some())
    }

    /// Where a request goes; RPC families are told apart by the method name in the body.
    pub fn resolve(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        body: &[u8],
    ) -> Resolved<'_> {
        let path = self.canonical(path);
        let path = path.as_ref();
        let mut same_path = self
            .routes
            .iter()
            .filter_map(|r| r.format_for(path, query).map(|f| (r, f)))
            .peekable();
        let any_method = same_path.peek().is_some();
        let mut candidates = same_path.filter(|(r, _)| r.meta.method == method);
        if let Some(found) = pick(&mut candidates, body) {
            return Resolved::Route(found.0, found.1);
        }
        let Some(family) = self.families.iter().find(|f| path.starts_with(&f.prefix)) else {
            return Resolved::NotFound;
        };
        let codes = facts(family.module);
        let format = match query.iter().find(|(k, _)| k == "type") {
            Some((_, v)) if family.xml && v.eq_ignore_ascii_case("xml") => Format::Xml,
            _ => Format::Json,
        };
        let code = if any_method {
            codes.wrong_method
        } else {
            codes.unsupported
        };
        Resolved::Refuse(family, format, code)
    }

    /// The path with another version prefix of a family replaced by the one its spec uses.
    fn canonical<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        for family in &self.families {
            for alias in &family.aliases {
                if let Some(rest) = path.strip_prefix(alias.as_str()) {
                    return format!("{}{rest}", family.prefix).into();
                }
            }
        }
        path.into()
    }
}

/// The one candidate, or the one whose RPC method the body names.
fn pick<'r>(
    candidates: &mut dyn Iterator<Item = (&'r Route, Format)>,
    body: &[u8],
) -> Option<(&'r Route, Format)> {
    let first = candidates.next()?;
    let Some(second) = candidates.next() else {
        return Some(first);
    };
    let rpc = crate::handle::rpc_method(first.1, body)?;
    [first, second]
        .into_iter()
        .chain(candidates)
        .find(|(r, _)| r.meta.rpc_method == Some(rpc.as_str()))
}

/// The token families (every envelope but Switchvox's, whose one URL per format has no
/// prefix to speak of) and the directory their endpoints' paths share.
fn families(routes: &[Route]) -> Vec<Family> {
    let mut out: Vec<Family> = Vec::new();
    for route in routes {
        let api = route.meta.api;
        if api.envelope == Envelope::Switchvox {
            continue;
        }
        match out.iter_mut().find(|f| f.module == api.module) {
            Some(family) => {
                let common = common_prefix(&family.prefix, &route.path);
                family.prefix.truncate(common);
            }
            None => out.push(Family {
                module: api.module,
                prefix: route.path.clone(),
                aliases: Vec::new(),
                xml: false,
                refuse: route.refuse,
                meta: route.meta,
            }),
        }
        if let Some(family) = out.iter_mut().find(|f| f.module == api.module) {
            family.xml |= route.meta.supports(Format::Xml);
        }
    }
    for family in &mut out {
        // Up to the last `/`: a directory, never half a name.
        let dir = family.prefix.rfind('/').map_or(0, |i| i + 1);
        family.prefix.truncate(dir);
        let api = family.meta.api;
        let version = api.version;
        family.aliases = api
            .versions
            .iter()
            .filter(|v| **v != version && !version.is_empty() && family.prefix.contains(version))
            .map(|alias| family.prefix.replacen(version, alias, 1))
            .collect();
    }
    out
}

/// The length of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}
