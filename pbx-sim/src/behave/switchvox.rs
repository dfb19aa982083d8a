//! The IVR variables of Switchvox `call` (its calls are the model's, through each spec's
//! `[sim]` table), and how the Extend API refuses: every bad parameter listed, each
//! with its own code and the vendor's message, and unknown methods in the error envelope.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pbx_api::switchvox;
use pbx_api::wire::envelope::RawError;
use pbx_api::wire::write::BodyWriter;
use pbx_api::wire::{
    DecodeError, DecodeErrorKind, Element, Endpoint, EndpointMeta, ErrorCode, Format, ParamMeta,
};

use super::{Behaviours, Refusal};
use crate::facts::facts;

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
    b.on(|ctx, r: &switchvox::call::Request| {
        // The call is the `[sim]` table's; the answer also lists the IVR variables it was
        // given, which the table cannot say.
        let mut response = super::generic::run(ctx, r)
            .unwrap_or_else(|| Err(Refusal::code(facts("switchvox").unsupported)))?;
        response.call_info.variables = r
            .variables
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let (name, _) = v.split_once('=')?;
                Some(switchvox::call::IvrVariable::new(
                    (i + 1).to_string(),
                    name,
                    "exists",
                ))
            })
            .collect();
        Ok(response)
    });
}

/// The vendor's message for a Switchvox code, from the spec's error table.
pub(crate) fn message(code: &str) -> Option<String> {
    switchvox::ErrorCode::from_code(code)
        .description()
        .map(str::to_owned)
}

/// The answer to a request that fails to decode: every failure, each with the endpoint's code
/// for it and the vendor's message, as Switchvox lists them (`<errors>` with one `<error>` per
/// bad parameter). A missing parameter is the family's "Missing required parameter" with the
/// parameter named in parentheses, as the vendor writes it
/// ("Missing required parameter (dial_as_account_id)"); a value that breaks a constraint is
/// the code its spec names (`error = ..`), with its message.
pub(crate) fn refuse_all<E: Endpoint>(format: Format, body: &[u8]) -> Vec<u8> {
    let meta = E::META;
    // Parameters the spec does not know are ignored, as the firmware does (`handle.rs`).
    let failures = match E::decode_all(format, body) {
        Err(failures) if failures.iter().any(|f| f.kind != DecodeErrorKind::Unknown) => failures
            .into_iter()
            .filter(|f| f.kind != DecodeErrorKind::Unknown)
            .collect(),
        // Decoding every field found nothing wrong: the one-error decode's refusal is all
        // there is to say.
        _ => match E::decode(format, body) {
            Err(e) => vec![e],
            Ok(_) => Vec::new(),
        },
    };
    let codes = facts(meta.api.module);
    let mut errors: Vec<RawError> = Vec::new();
    for failure in &failures {
        let error = raw_error(meta, codes.invalid_parameter, failure);
        if !errors.contains(&error) {
            errors.push(error);
        }
    }
    if errors.is_empty() {
        errors.push(RawError {
            code: codes.invalid_parameter.to_owned(),
            message: message(codes.invalid_parameter),
        });
    }
    let mut out = BodyWriter::new(format, meta.api.xml_declaration, 256);
    meta.api
        .envelope
        .write_errors(&mut out, format, meta.rpc_method, &errors);
    out.finish()
}

/// One failure as Switchvox reports it.
fn raw_error(meta: &EndpointMeta, missing_code: &str, failure: &DecodeError) -> RawError {
    let param = failure.path.split(['.', '[']).next().unwrap_or_default();
    let spec = meta.params.iter().find(|p| p.name == param);
    match (&failure.kind, spec) {
        (DecodeErrorKind::Missing, Some(p)) => RawError {
            code: missing_code.to_owned(),
            message: Some(format!(
                "{} ({})",
                message(missing_code).unwrap_or_default(),
                p.name
            )),
        },
        (_, Some(ParamMeta { error: Some(e), .. })) => RawError {
            code: e.code.to_owned(),
            message: Some(e.message.to_owned()),
        },
        // No code documented for this failure (an unknown parameter, a body that is not a
        // request): the family's code for a bad parameter, with what was wrong.
        _ => RawError {
            code: missing_code.to_owned(),
            message: Some(failure.to_string()),
        },
    }
}

/// The answer to an authenticated request to a Switchvox URL that names no method the spec
/// knows (or no method at all, as an empty-body probe or a browser's GET does): HTTP 200 with
/// the error envelope. The vendor's getting-started page says a browser opening the URL with
/// valid credentials gets "an XML response ... most likely ... an error that your request XML
/// was empty" (sangomakb.atlassian.net, Switchvox "Extend API", page 31097325). The code is
/// unverified: no public document gives Switchvox's code for an unknown or missing method, so
/// this is the family's code for a request it cannot serve (10013, "Invalid number of
/// parameters").
pub(crate) fn unknown_method(path: &str, body: &[u8]) -> Option<Response> {
    if !crate::auth::is_switchvox_path(path) {
        return None;
    }
    let meta = switchvox::call::Request::META;
    let format: Format = path.trim_start_matches('/').parse().ok()?;
    let asked = requested_method(format, body);
    let code = facts(meta.api.module).unsupported;
    let errors = [RawError {
        code: code.to_owned(),
        message: message(code),
    }];
    let mut out = BodyWriter::new(format, meta.api.xml_declaration, 256);
    meta.api
        .envelope
        .write_errors(&mut out, format, asked.as_deref(), &errors);
    let content_type = meta.content_type(format);
    Some(
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, content_type)],
            out.finish(),
        )
            .into_response(),
    )
}

/// The method a request body names, if it can be read (echoed in the answer's `method`).
fn requested_method(format: Format, body: &[u8]) -> Option<String> {
    let root = Element::parse(format, body).ok()?;
    let request = match format {
        Format::Xml => &root,
        Format::Json => root.child("request").ok()??,
    };
    let method = match request.attr("method") {
        Some(m) => m.to_owned(),
        None => request.child("method").ok()??.text.as_deref()?.to_owned(),
    };
    // Only a plain method name is echoed back.
    method
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        .then_some(method)
        .filter(|m| !m.is_empty() && m.len() <= 128)
}
