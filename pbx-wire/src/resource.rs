//! Files an answer names by path instead of carrying (`[resource]` in an endpoint's spec): the
//! P-Series `recording/download` answers with `download_resource_url`, a path below the PBX's
//! base URL that is then fetched with the session's token. The generated `Response` of such an
//! endpoint implements [`ResourceAnswer`]; clients fetch it with the session's token.

use crate::endpoint::Endpoint;
use crate::error::InvalidRequest;

/// Where the simulator serves the files its answers name (`item.url` in `[sim.fill]`): the
/// prefix of the P-Series' documented `download_resource_url` values.
pub const SIM_PREFIX: &str = "/api/download/";

/// An answer that names a file to fetch: implemented by generated code for endpoints whose spec
/// declares `[resource]`.
pub trait ResourceAnswer {
    /// The endpoint that answered: its family, its errors, the file type.
    type Endpoint: Endpoint;
    /// The path the answer names, as the PBX sent it (`/api/download/...`).
    fn resource_path(&self) -> &str;
}

/// The path and query to fetch `path` with `token` under the family whose endpoint URL template
/// is `url_template` (`/openapi/{version}/{path}?access_token={token}`): the token travels in the
/// query parameter the template names, appended after any query `path` already has.
///
/// `path` must be a path on the PBX itself: one starting with a single `/`, with no scheme,
/// host, `..` segment, fragment or control character, so that the session's token is never
/// sent anywhere but the PBX the client talks to.
pub fn path_and_query(
    path: &str,
    url_template: &str,
    token: &str,
) -> Result<String, InvalidRequest> {
    let refuse = |why: &str| InvalidRequest::new("resource", format!("`{path}` {why}"));
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(refuse(
            "is not a path on the PBX (it must start with one `/`)",
        ));
    }
    if path.contains('#')
        || path
            .chars()
            .any(|c| c.is_control() || c == ' ' || c == '\\')
    {
        return Err(refuse("holds a character a path on the PBX cannot hold"));
    }
    let bare = path.split('?').next().unwrap_or(path);
    if bare.split('/').any(|segment| segment == "..") {
        return Err(refuse("climbs out of its folder (`..`)"));
    }
    let mut out = String::with_capacity(path.len() + token.len() + 16);
    out.push_str(path);
    if let Some(name) = token_param(url_template) {
        out.push(if path.contains('?') { '&' } else { '?' });
        out.push_str(name);
        out.push('=');
        crate::query::percent_encode(&mut out, token);
    }
    Ok(out)
}

/// The query parameter that carries `{token}` in a URL template (`access_token`), if one does.
fn token_param(url_template: &str) -> Option<&str> {
    let (_, query) = url_template.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (value == "{token}").then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "/openapi/{version}/{path}?access_token={token}";

    #[test]
    fn the_token_goes_in_the_familys_query_parameter() {
        let url = "/api/download/Recording-X.wav";
        assert_eq!(
            path_and_query(url, P, "a b").ok().as_deref(),
            Some("/api/download/Recording-X.wav?access_token=a%20b")
        );
        assert_eq!(
            path_and_query("/api/download/x.wav?part=1", P, "t")
                .ok()
                .as_deref(),
            Some("/api/download/x.wav?part=1&access_token=t")
        );
        assert_eq!(
            path_and_query("/f.wav", "/api/{path}", "t").ok().as_deref(),
            Some("/f.wav")
        );
    }

    #[test]
    fn paths_off_the_pbx_are_refused() {
        for bad in [
            "https://elsewhere.example/x.wav",
            "//elsewhere.example/x.wav",
            "api/download/x.wav",
            "/api/download/../../etc/passwd",
            "/api/download/x.wav#frag",
            "/api/download/x y.wav",
            "/api/download/x\r\n.wav",
            "/api\\download",
            "",
        ] {
            let refused = path_and_query(bad, P, "t");
            assert!(refused.is_err(), "{bad:?} -> {refused:?}");
        }
    }
}
