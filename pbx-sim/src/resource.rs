//! Files that answers name by path (`[resource]`: the P-Series `recording/download` answers
//! with `download_resource_url`), served below [`SIM_PREFIX`] as the PBX serves them: a `GET`
//! with the session's token in the family's query parameter, answered with the file, or with
//! the family's refusal (no `User-Agent`, a bad token, no such file).

use pbx_api::wire::resource::SIM_PREFIX;
use pbx_api::wire::{EndpointMeta, Format};

use crate::behave::Refusal;
use crate::facts::facts;
use crate::routes::Routes;
use crate::state::State;

/// What a request for a named file is answered with.
pub(crate) struct Served {
    /// The endpoint whose answers name the file (for the request counts and the log).
    pub meta: &'static EndpointMeta,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// The answer to `path` if it names a file below [`SIM_PREFIX`] of a family whose endpoint
/// declares `[resource]`; `None` for any other path.
pub(crate) fn serve(
    routes: &Routes,
    state: &mut State,
    method: &str,
    path: &str,
    query: &[(String, String)],
    user_agent: Option<&str>,
) -> Option<Served> {
    let file = path.strip_prefix(SIM_PREFIX)?;
    // Of the families serving files, the one whose session the token belongs to (the first one
    // when none does, which then refuses the token in its envelope).
    let route = routes
        .resources()
        .find(|r| state.knows_token(r.meta.api.module, r.token(query)))
        .or_else(|| routes.resources().next())?;
    let meta = route.meta;
    let kind = meta.resource?.download;
    let codes = facts(meta.api.module);
    let refused = |code: &'static str| Served {
        meta,
        content_type: meta.content_type(Format::Json),
        body: (route.refuse)(Format::Json, Refusal::code(code)),
    };
    if method != "GET" {
        return Some(refused(codes.wrong_method));
    }
    if meta.api.user_agent.is_some() && user_agent.is_none_or(|a| a.trim().is_empty()) {
        return Some(refused(codes.no_user_agent));
    }
    if let Err(code) = state.check_token(meta.api.module, route.token(query)) {
        return Some(refused(code));
    }
    match state.model.recording_bytes(file) {
        Some(bytes) => Some(Served {
            meta,
            content_type: crate::download::content_type(kind),
            body: bytes,
        }),
        None => Some(refused(
            meta.sim
                .and_then(|s| s.not_found)
                .unwrap_or(codes.unsupported),
        )),
    }
}
