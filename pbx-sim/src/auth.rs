//! Switchvox's HTTP authentication, checked on every request: Basic, or Digest (MD5,
//! `qop=auth`) against the simulator's current nonce.

use pbx_api::wire::base64::encode as base64;

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
