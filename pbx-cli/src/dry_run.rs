//! `--dry-run`: the exact HTTP request `pbx` would send for the endpoint, and nothing sent.
//! The session token shows as `***`; what would come before it (a login, an HTTP
//! authentication challenge) is said, not shown, since it carries the password.

use pbx_api::wire::{Endpoint, Format};
use serde_json::json;

use crate::run::{WithRequest, format_for, shown_url};
use crate::settings::Connection;

/// The request, described.
pub struct Described {
    notes: Vec<String>,
    method: &'static str,
    url: String,
    headers: Vec<(&'static str, String)>,
    body: String,
}

/// Describes a request for the connection's base URL and format.
pub struct Describe<'a> {
    pub connection: &'a Connection,
}

impl WithRequest for Describe<'_> {
    type Out = Result<Described, String>;

    fn with<E: Endpoint>(self, request: E) -> Self::Out {
        let meta = E::META;
        let format = format_for(meta, self.connection.format);
        // The token is shown as `***`, once the URL (query parameters included) is built.
        const HIDDEN: &str = "PBXTOKENSHOWNMASKED";
        let version = self
            .connection
            .api_version
            .as_deref()
            .unwrap_or(meta.api.version);
        let mut http = request
            .to_http_at(format, HIDDEN, version)
            .map_err(|e| format!("invalid request for {}: {e}", meta.id))?;
        http.path_and_query = http.path_and_query.replace(HIDDEN, "***");
        let url = format!("{}{}", self.connection.base_url, http.path_and_query);
        let authority = url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
        // In the order, and with the names, the client's HTTP stack writes them.
        let mut headers = Vec::new();
        if !http.body.is_empty() {
            headers.push(("content-type", http.content_type.to_owned()));
        }
        if let Some(agent) = meta.api.user_agent {
            headers.push(("user-agent", agent.to_owned()));
        }
        headers.push(("accept", "*/*".into()));
        headers.push(("host", authority.to_owned()));
        headers.push(("content-length", http.body.len().to_string()));
        let mut notes = vec!["dry run: nothing was sent".to_owned()];
        if meta.url.contains("{token}") {
            notes.push(format!(
                "a login comes first ({}), whose body carries the user and password{} and is not shown; its token replaces ***",
                login(
                    &self.connection.base_url,
                    meta.api.module,
                    format,
                    self.connection.api_version.as_deref(),
                ),
                if meta.api.module == "yeastar_p" { "" } else { " hash" },
            ));
        } else if meta.api.module == "switchvox" {
            notes.push(
                "the PBX answers this first request with a 401 challenge; it is then sent again with an Authorization header (Digest, or Basic if the PBX asks for it)"
                    .into(),
            );
        }
        Ok(Described {
            notes,
            method: http.method,
            url,
            headers,
            body: String::from_utf8_lossy(&http.body).into_owned(),
        })
    }
}

/// The request the family's session starts with: method and URL.
fn login(base_url: &str, module: &str, format: Format, version: Option<&str>) -> String {
    let login = if module == "yeastar_p" {
        "get_token"
    } else {
        "login"
    };
    pbx_api::ENDPOINTS
        .iter()
        .find(|m| m.api.module == module && m.id.ends_with(&format!("::{login}")))
        .map_or_else(String::new, |m| {
            format!("{} {}", m.method, shown_url(base_url, m, format, version))
        })
}

impl Described {
    /// Prints the request as it would go on the wire, or as JSON.
    pub fn print(&self, as_json: bool) {
        use crate::output::neutral;
        if as_json {
            let headers: Vec<_> = self.headers.iter().map(|(n, v)| json!([n, v])).collect();
            let value = json!({
                "dry_run": true,
                "notes": self.notes,
                "method": self.method,
                "url": self.url,
                "headers": headers,
                "body": self.body,
            });
            println!("{}", crate::output::to_json_text(&value));
            return;
        }
        for note in &self.notes {
            println!("# {}", neutral(note));
        }
        println!("{} {}", self.method, neutral(&self.url));
        for (name, value) in &self.headers {
            println!("{name}: {}", neutral(value));
        }
        println!();
        println!("{}", neutral(&self.body));
    }
}
