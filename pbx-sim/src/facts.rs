//! What each family answers when the simulator refuses something: the vendor's own codes for
//! a bad parameter, a missing or expired token, failed or locked-out logins, and unknown calls.

/// One family's refusal codes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    /// A parameter is missing, malformed or breaks the spec.
    pub invalid_parameter: &'static str,
    /// No token was given.
    pub token_blank: &'static str,
    /// The token is unknown or has expired.
    pub token_invalid: &'static str,
    /// Wrong user or password.
    pub login_failed: &'static str,
    /// Too many failed logins.
    pub locked_out: &'static str,
    /// The call does not exist.
    pub call_not_found: &'static str,
    /// The request is not something this simulator answers.
    pub unsupported: &'static str,
}

/// The facts for a family module.
pub(crate) fn facts(module: &str) -> Facts {
    match module {
        "openvox" => Facts {
            invalid_parameter: "10004",
            token_blank: "20005",
            token_invalid: "20004",
            login_failed: "30003",
            locked_out: "20002",
            call_not_found: "10007",
            unsupported: "10003",
        },
        "yeastar_p" => Facts {
            invalid_parameter: "40002",
            token_blank: "10004",
            token_invalid: "10004",
            login_failed: "10005",
            locked_out: "70004",
            call_not_found: "60001",
            unsupported: "10001",
        },
        "switchvox" => Facts {
            invalid_parameter: "10011",
            token_blank: "10011",
            token_invalid: "10011",
            login_failed: "10011",
            locked_out: "10011",
            call_not_found: "10010",
            unsupported: "10013",
        },
        // The Yeastar S-Series APIs (v1 and 2.0), and any family added later.
        _ => Facts {
            invalid_parameter: "10004",
            token_blank: "20005",
            token_invalid: "20004",
            login_failed: "20003",
            locked_out: "20002",
            call_not_found: "10007",
            unsupported: "10003",
        },
    }
}
