//! The P-Series webhook's `X-Signature`: base64(HMAC-SHA256(secret, raw body)), compared in
//! constant time. The HMAC is the crypto provider's the client already builds (aws-lc-rs,
//! also behind rustls and the certificate pins), so no second SHA-256 is compiled in.

use aws_lc_rs::{constant_time, hmac};

use super::config::{GetSignature, WebhookAuth};
use super::request::Head;

/// Why a request's signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureRefused {
    /// No `X-Signature` header.
    Missing,
    /// One that does not match.
    Wrong,
}

/// The expected `X-Signature` of `message`.
pub(crate) fn sign(secret: &str, message: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    pbx_wire::base64::encode(hmac::sign(&key, message).as_ref())
}

/// Checks a request against the webhook's secret: the raw body for a `POST`; for a `GET`
/// (what Yeastar signs then is not documented) the body or, with none, the raw query string,
/// unless the user chose [`GetSignature::Unchecked`].
pub(crate) fn check(auth: &WebhookAuth, head: &Head, body: &[u8]) -> Result<(), SignatureRefused> {
    let is_get = head.method == "GET";
    if is_get && auth.get == GetSignature::Unchecked {
        return Ok(());
    }
    let Some(given) = head.header("x-signature") else {
        return Err(SignatureRefused::Missing);
    };
    let message = if is_get && body.is_empty() {
        head.query.as_bytes()
    } else {
        body
    };
    let expected = sign(auth.secret.expose(), message);
    constant_time::verify_slices_are_equal(expected.as_bytes(), given.trim().as_bytes())
        .map_err(|_| SignatureRefused::Wrong)
}

#[cfg(test)]
mod tests {
    use super::sign;

    /// RFC 4231 test case 2 (key "Jefe"), its hex digest
    /// 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843 in base64.
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
        );
    }
}
