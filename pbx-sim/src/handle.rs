//! One endpoint's answer, generic over the generated endpoint type: the checks a PBX makes
//! before it acts (User-Agent, session token), decoding as firmware does (unknown parameters
//! ignored and logged, or refused in strict mode), the vendor's code for every refusal, then
//! the behaviour or the spec's documented example, encoded in the family's envelope.

use pbx_api::wire::{
    Api, DecodeError, DecodeErrorKind, Effect, Element, Endpoint, EndpointMeta, Envelope,
    ErrorCode, Format, VendorError,
};

use crate::behave::{Behaviours, Ctx, Refusal};
use crate::facts::facts;
use crate::routes::Incoming;
use crate::state::State;

/// What an endpoint answered, and what the server should know about the request.
pub(crate) struct Answer {
    /// The body.
    pub body: Vec<u8>,
    /// Request parameters the spec does not know (ignored, or the reason for a refusal).
    pub ignored: Vec<String>,
}

impl Answer {
    fn refused<E: Endpoint>(format: Format, code: &'static str) -> Answer {
        Answer {
            body: refuse::<E>(format, Refusal::code(code)),
            ignored: Vec::new(),
        }
    }
}

/// Serves one endpoint.
pub(crate) fn handle<E: Endpoint>(
    state: &mut State,
    behaviours: &Behaviours,
    incoming: &Incoming<'_>,
) -> Answer {
    let meta = E::META;
    let codes = facts(meta.api.module);
    let format = incoming.format;
    // The P-Series requires a User-Agent; its "OpenAPI" is only an example.
    if meta.api.user_agent.is_some() && incoming.user_agent.is_none_or(|a| a.trim().is_empty()) {
        return Answer::refused::<E>(format, codes.no_user_agent);
    }
    if meta.url.contains("{token}")
        && let Err(code) = state.check_token(meta.api.module, incoming.token)
    {
        return Answer::refused::<E>(format, code);
    }
    let blank = incoming.body.iter().all(u8::is_ascii_whitespace);
    let (request, ignored) = match E::decode_lenient_http(format, incoming.query, incoming.body) {
        Ok(decoded) => decoded,
        // Switchvox lists every bad parameter, each with its own code (`behave/switchvox.rs`).
        Err(_) if meta.api.envelope == Envelope::Switchvox => {
            return Answer {
                body: crate::behave::switchvox::refuse_all::<E>(format, incoming.body),
                ignored: Vec::new(),
            };
        }
        Err(error) => return decode_refusal::<E>(state, format, &error, blank),
    };
    if !ignored.is_empty() {
        tracing::info!(
            endpoint = meta.id,
            params = ?ignored,
            strict = state.config.strict,
            "request parameters the spec does not know"
        );
        if state.config.strict {
            let mut answer = Answer::refused::<E>(format, codes.invalid_parameter);
            answer.ignored = ignored;
            return answer;
        }
    }
    if let Some(param) = blank_required(meta, format, incoming.body) {
        tracing::debug!(endpoint = meta.id, param, "required parameter is blank");
        return Answer::refused::<E>(format, codes.required_blank);
    }
    let mut ctx = Ctx {
        state,
        token: incoming.token,
    };
    let result = behaviours
        .run(&mut ctx, &request)
        .unwrap_or_else(|| match meta.download {
            // A download answers with a file (below); its `Response` has no fields.
            Some(_) => empty_response::<E>(),
            None => example_response::<E>(format),
        });
    let body = match (result, meta.download) {
        // A download's success is the file itself: the model's (`[sim]`), else the model's
        // records where it has them, else one made up.
        (Ok(_), Some(kind)) => {
            match crate::behave::record_files::file(&ctx.state.model, meta, incoming.query) {
                Some(Ok(bytes)) => bytes,
                Some(Err(refusal)) => refuse::<E>(format, refusal),
                None => crate::download::from_model(
                    &ctx.state.model,
                    meta.api.module,
                    kind,
                    meta.params,
                    incoming.query,
                ),
            }
        }
        (Ok(response), None) => E::encode_response(&response, format),
        (Err(refusal), _) => refuse::<E>(format, refusal),
    };
    Answer { body, ignored }
}

/// The `Content-Type` of an answer: a download's file type, unless the answer is the family's
/// envelope (a refusal); else the family's type for `format`.
pub(crate) fn content_type(meta: &EndpointMeta, format: Format, body: &[u8]) -> &'static str {
    match meta.download {
        Some(kind) if !crate::download::is_envelope(body) => crate::download::content_type(kind),
        _ => meta.content_type(format),
    }
}

/// The refusal for a body the decoder would not take. A login whose credentials are there but
/// malformed (a password that is not 32 hex digits, say) is a failed login, and counts toward
/// lockout; absent ones are a blank parameter.
fn decode_refusal<E: Endpoint>(
    state: &mut State,
    format: Format,
    error: &DecodeError,
    blank: bool,
) -> Answer {
    let meta = E::META;
    tracing::debug!(endpoint = meta.id, %error, "request refused");
    let malformed = matches!(
        error.kind,
        DecodeErrorKind::Invalid(_) | DecodeErrorKind::WrongType { .. }
    );
    if is_login(meta) && malformed && matches!(error.path.as_str(), "password" | "username") {
        return Answer::refused::<E>(format, state.failed_login(meta.api.module));
    }
    Answer::refused::<E>(
        format,
        facts(meta.api.module).for_decode_error(format, error, blank),
    )
}

/// Whether the endpoint is a family's login (a session endpoint that takes a password).
fn is_login(meta: &EndpointMeta) -> bool {
    meta.effect == Effect::Session && meta.params.iter().any(|p| p.name == "password")
}

/// The first required parameter the body sends blank (`""`, spaces, `<extid/>`), which the
/// PBXes refuse as "the required parameter is blank".
fn blank_required(meta: &EndpointMeta, format: Format, body: &[u8]) -> Option<&'static str> {
    let root = Element::parse(format, body).ok()?;
    let params = meta
        .api
        .envelope
        .open_request(&root, format, meta.rpc_method)
        .ok()??;
    meta.params.iter().filter(|p| p.required).find_map(|p| {
        let value = params.child(p.name).ok()??;
        let blank = value.children.is_empty()
            && value.attrs.is_empty()
            && value.text.as_deref().is_none_or(|t| t.trim().is_empty());
        blank.then_some(p.name)
    })
}

/// The first documented success response of the endpoint.
fn empty_response<E: Endpoint>() -> Result<E::Response, Refusal> {
    let empty = Element::new(
        std::borrow::Cow::Borrowed(""),
        pbx_api::wire::tree::Kind::Object,
    );
    <E::Response as pbx_api::wire::Fields>::read(&empty)
        .map_err(|_| Refusal::code(facts(E::META.api.module).unsupported))
}

fn example_response<E: Endpoint>(format: Format) -> Result<E::Response, Refusal> {
    let examples = E::META.examples.iter();
    let preferred = examples.clone().filter(|x| x.format == format);
    let others = examples.filter(|x| x.format != format);
    preferred
        .chain(others)
        .find_map(|x| E::decode_response(x.format, x.response?.trim().as_bytes()).ok())
        // No documented answer: the empty one, where every response field is optional.
        .map_or_else(empty_response::<E>, Ok)
}

/// A refusal in the endpoint's envelope. Where the envelope carries a message (P-Series
/// `errmsg`, Switchvox `message`), it is the one the behaviour gave, else the spec's text for
/// the code.
pub(crate) fn refuse<E: Endpoint>(format: Format, refusal: Refusal) -> Vec<u8> {
    let code = <<E::Api as Api>::ErrorCode as ErrorCode>::from_code(&refusal.code);
    let message = refusal
        .message
        .or_else(|| code.description().map(str::to_owned));
    let mut error = VendorError::new(code);
    error.message = message;
    E::encode_error(&error, format)
}

/// The method name inside an RPC request body.
pub(crate) fn rpc_method(format: Format, body: &[u8]) -> Option<String> {
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
