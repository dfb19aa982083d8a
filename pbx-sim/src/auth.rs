//! Switchvox's HTTP authentication, checked on every request: Basic, or Digest (MD5,
//! `qop=auth`) against the simulator's current nonce.

use crate::config::SwitchvoxAuth;
use crate::state::{State, md5_hex};

/// Whether an `Authorization` header carries the simulator's credentials.
pub(crate) fn authorized(state: &State, header: Option<&str>, method: &str, uri: &str) -> bool {
    let Some(header) = header else {
        return false;
    };
    let config = &state.config;
    match config.switchvox_auth {
        SwitchvoxAuth::Basic => {
            header
                == format!(
                    "Basic {}",
                    base64(format!("{}:{}", config.user, config.password).as_bytes())
                )
        }
        SwitchvoxAuth::Digest => {
            let Some(params) = header.strip_prefix("Digest ") else {
                return false;
            };
            let field = |name: &str| -> Option<String> {
                params.split(", ").find_map(|kv| {
                    let (k, v) = kv.split_once('=')?;
                    (k.trim() == name).then(|| v.trim_matches('"').to_owned())
                })
            };
            let (
                Some(user),
                Some(realm),
                Some(nonce),
                Some(got_uri),
                Some(nc),
                Some(cnonce),
                Some(response),
            ) = (
                field("username"),
                field("realm"),
                field("nonce"),
                field("uri"),
                field("nc"),
                field("cnonce"),
                field("response"),
            )
            else {
                return false;
            };
            let ha1 = md5_hex(&format!("{user}:{realm}:{}", config.password));
            let ha2 = md5_hex(&format!("{method}:{got_uri}"));
            let expected = md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"));
            user == config.user
                && realm == REALM
                && nonce == state.nonce
                && got_uri == uri
                && response == expected
        }
    }
}

/// The realm in challenges.
pub(crate) const REALM: &str = "switchvox";

/// The `WWW-Authenticate` challenge for a refused request.
pub(crate) fn challenge(state: &State) -> String {
    match state.config.switchvox_auth {
        SwitchvoxAuth::Basic => format!("Basic realm=\"{REALM}\""),
        SwitchvoxAuth::Digest => format!(
            "Digest realm=\"{REALM}\", qop=\"auth\", nonce=\"{}\", opaque=\"{}\", algorithm=MD5",
            state.nonce,
            md5_hex("opaque")
        ),
    }
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}
