//! The session as security schemes: the token in the query (OpenVox, Yeastar S-Series and API
//! 2.0 `token`, P-Series `access_token`), or HTTP Basic and Digest on every request (Switchvox).

use pbx_wire::session::SessionStyle;
use serde_json::{Map, Value, json};

use crate::model::Session;

/// The name of the token scheme in `components/securitySchemes`.
pub const TOKEN: &str = "token";

/// The schemes of a family: `token_key` is the query key the URL carries the token in.
pub fn schemes(session: Option<&Session>, token_key: Option<&str>) -> Map<String, Value> {
    let mut schemes = Map::new();
    if let Some(key) = token_key {
        schemes.insert(
            TOKEN.into(),
            json!({
                "type": "apiKey",
                "in": "query",
                "name": key,
                "description": "The session token from the login operation (see its links); renewed by the keep-alive and ended by the logout.",
            }),
        );
    }
    if let Some(session) = session {
        match session.style {
            SessionStyle::HttpAuth => {
                schemes.insert(
                    "basic".into(),
                    json!({ "type": "http", "scheme": "basic", "description": "HTTP Basic (Switchvox 6.6 and later)." }),
                );
                schemes.insert(
                    "digest".into(),
                    json!({ "type": "http", "scheme": "digest", "description": "HTTP Digest (earlier Switchvox releases)." }),
                );
            }
            SessionStyle::Token => {}
        }
    }
    schemes
}

/// An operation's `security`: the token when its URL carries one, HTTP authentication for
/// every Switchvox request, nothing for a login.
pub fn requirement(session: Option<&Session>, has_token: bool) -> Value {
    if has_token {
        return json!([{ TOKEN: [] }]);
    }
    match session.map(|s| s.style) {
        Some(SessionStyle::HttpAuth) => json!([{ "basic": [] }, { "digest": [] }]),
        Some(SessionStyle::Token) | None => json!([]),
    }
}
