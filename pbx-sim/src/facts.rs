//! What each family answers when the simulator refuses something: the vendor's own codes for
//! a bad parameter, a missing or expired token, failed or locked-out logins, unknown calls,
//! and requests the PBX's HTTP layer turns away (wrong method, unknown path, a body that is
//! not JSON or is blank).
//!
//! The session codes (token blank, unknown or timed out; login failed; locked out) are the
//! family's `[session.errors]`, read from its `ApiMeta`; the rest are kept here.

use pbx_api::wire::session::SessionCodes;
use pbx_api::wire::{DecodeError, DecodeErrorKind, Format};

/// One family's refusal codes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    /// A parameter is missing, malformed or breaks the spec.
    pub invalid_parameter: &'static str,
    /// A required parameter is absent or blank.
    pub required_blank: &'static str,
    /// No token was given.
    pub token_blank: &'static str,
    /// The token is unknown (never issued, logged out, or forgotten by a restart).
    pub token_invalid: &'static str,
    /// The token timed out.
    pub token_expired: &'static str,
    /// Wrong user or password.
    pub login_failed: &'static str,
    /// Too many failed logins.
    pub locked_out: &'static str,
    /// The call does not exist.
    pub call_not_found: &'static str,
    /// The request is not something this simulator answers (an unknown path under the
    /// family's API prefix, or an endpoint without behaviour or example).
    pub unsupported: &'static str,
    /// A method the endpoint does not take (S-Series: "Only support POST request").
    pub wrong_method: &'static str,
    /// A JSON body that does not parse ("Only support json format").
    pub not_json: &'static str,
    /// An XML body that does not parse (OpenVox `type=xml`).
    pub not_xml: &'static str,
    /// A blank body where the endpoint needs parameters ("Blank data").
    pub blank_body: &'static str,
    /// A request without the `User-Agent` header the vendor requires (P-Series).
    pub no_user_agent: &'static str,
    /// Whether a lockout lasts until the address is removed from the PBX's blocklist (P-Series)
    /// rather than for a while (S-Series: ten minutes).
    pub lockout_blocklists: bool,
}

/// The Yeastar S-Series codes (appendix A of the S-Series API guide), which OpenVox and
/// API 2.0 share. The session codes are filled from the family's spec by [`facts`].
const S_SERIES: Facts = Facts {
    invalid_parameter: "10004",
    required_blank: "10004",
    token_blank: "",
    token_invalid: "",
    token_expired: "",
    login_failed: "",
    locked_out: "",
    call_not_found: "10007",
    unsupported: "10003",
    wrong_method: "20001",
    not_json: "20000",
    not_xml: "10002",
    blank_body: "20007",
    no_user_agent: "10003",
    lockout_blocklists: false,
};

/// The facts for a family module: its session codes from its spec, the others from here.
pub(crate) fn facts(module: &str) -> Facts {
    let base = base_facts(module);
    let api = pbx_api::ENDPOINTS
        .iter()
        .map(|e| e.api)
        .find(|api| api.module == module);
    match api.and_then(|api| api.session) {
        Some(session) => with_session(base, &session.codes),
        None => with_session(base, &NO_CODES),
    }
}

const NO_CODES: SessionCodes = SessionCodes {
    token_blank: &[],
    token_invalid: &[],
    token_expired: &[],
    wrong_credentials: &[],
    locked_out: &[],
};

/// The session codes a simulated PBX answers: the first of each list; a family that declares
/// none (Switchvox, whose sessions are HTTP authentication) answers its bad-parameter code.
fn with_session(base: Facts, codes: &SessionCodes) -> Facts {
    let first =
        |list: &'static [&'static str]| list.first().copied().unwrap_or(base.invalid_parameter);
    Facts {
        token_blank: first(codes.token_blank),
        token_invalid: first(codes.token_invalid),
        token_expired: first(codes.token_expired),
        login_failed: first(codes.wrong_credentials),
        locked_out: first(codes.locked_out),
        ..base
    }
}

fn base_facts(module: &str) -> Facts {
    match module {
        // The API versions a family's units answer on are the spec's `versions` (routes.rs).
        "yeastar_s" => S_SERIES,
        // P-Series OpenAPI error table: 10001 INTERFACE NOT EXISTED for what it does not
        // serve (a wrong method included, since its GET and POST endpoints are distinct
        // interfaces), 40001 PARAMETER SYNTAX ERROR for a body it cannot parse, 40002
        // PARAMETER ERROR for missing or bad parameters, 10005 ACCESS DENIED for a request
        // without the User-Agent it requires (and, in the spec, for wrong credentials).
        "yeastar_p" => Facts {
            invalid_parameter: "40002",
            required_blank: "40002",
            call_not_found: "60001",
            unsupported: "10001",
            wrong_method: "10001",
            not_json: "40001",
            not_xml: "40001",
            blank_body: "40002",
            no_user_agent: "10005",
            // "if a third-party application fails in API authentication for 5 times
            // consecutively, the IP address ... will be automatically added into the IP
            // blocklist" until removed on the web portal (P-Series developer guide, "Remove
            // Blocked API IP Addresses").
            lockout_blocklists: true,
            // The session codes, filled from the spec by `facts`.
            ..S_SERIES
        },
        "switchvox" => Facts {
            invalid_parameter: "10011",
            required_blank: "10011",
            call_not_found: "10010",
            unsupported: "10013",
            wrong_method: "10013",
            not_json: "10013",
            not_xml: "10013",
            blank_body: "10011",
            no_user_agent: "10013",
            lockout_blocklists: false,
            // The session codes, filled from the spec by `facts`.
            ..S_SERIES
        },
        // The Yeastar API 2.0, and any family added later.
        _ => S_SERIES,
    }
}

impl Facts {
    /// The code for a request body the endpoint's decoder refused. `blank` says the body was
    /// empty (or only whitespace).
    pub fn for_decode_error(
        &self,
        format: Format,
        error: &DecodeError,
        blank: bool,
    ) -> &'static str {
        match &error.kind {
            DecodeErrorKind::Missing if blank => self.blank_body,
            DecodeErrorKind::Missing => self.required_blank,
            DecodeErrorKind::Syntax(_)
            | DecodeErrorKind::InvalidUtf8(_)
            | DecodeErrorKind::TooDeep
            | DecodeErrorKind::Forbidden(_)
            | DecodeErrorKind::Envelope(_) => self.unparsable(format),
            // The body as a whole is not an object (`[]`, `"text"`).
            DecodeErrorKind::WrongType { .. } if error.path.is_empty() => self.unparsable(format),
            _ => self.invalid_parameter,
        }
    }

    fn unparsable(&self, format: Format) -> &'static str {
        match format {
            Format::Json => self.not_json,
            Format::Xml => self.not_xml,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::facts;

    #[test]
    fn session_codes_come_from_the_specs() {
        let openvox = facts("openvox");
        assert_eq!(openvox.login_failed, "30003");
        assert_eq!(
            (
                openvox.token_blank,
                openvox.token_invalid,
                openvox.token_expired
            ),
            ("20005", "20004", "20006")
        );
        assert_eq!(facts("yeastar_s").login_failed, "20003");
        assert_eq!(facts("yeastar_v2").locked_out, "20002");
        let p = facts("yeastar_p");
        assert_eq!(
            (p.token_expired, p.login_failed, p.locked_out),
            ("10004", "10005", "70004")
        );
        assert_eq!(facts("switchvox").login_failed, "10011");
    }
}
