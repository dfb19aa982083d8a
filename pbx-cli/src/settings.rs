//! Where to connect and as whom: flags, then environment variables, then a config file.

use std::path::Path;

/// The connection settings, however they were given.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub family: Option<String>,
    pub url: Option<String>,
    pub host: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub ca: Option<String>,
    pub account_id: Option<String>,
}

impl Settings {
    /// Reads a TOML config file (`family`, `url` or `host`, `user`, `password`, `ca`,
    /// `account_id`); flags and environment variables given elsewhere win.
    pub fn from_file(path: &Path) -> Result<Settings, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e| format!("{} is not valid TOML: {e}", path.display()))?;
        Ok(Settings::from_lookup(|key| {
            table.get(key).and_then(|v| v.as_str()).map(str::to_owned)
        }))
    }

    /// Settings read key by key (`family`, `url`, `host`, `user`, `password`, `ca`,
    /// `account_id`) from any source.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Settings {
        Settings {
            family: get("family"),
            url: get("url"),
            host: get("host"),
            user: get("user"),
            password: get("password"),
            ca: get("ca"),
            account_id: get("account_id"),
        }
    }

    /// `self`, with gaps filled from `other`.
    pub fn or(self, other: Settings) -> Settings {
        Settings {
            family: self.family.or(other.family),
            url: self.url.or(other.url),
            host: self.host.or(other.host),
            user: self.user.or(other.user),
            password: self.password.or(other.password),
            ca: self.ca.or(other.ca),
            account_id: self.account_id.or(other.account_id),
        }
    }
}

/// The family module for a name as users type it (`yeastar-s`, `yeastar_s`, `openvox`).
pub fn family_module(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('-', "_")
}

/// The base URL for a bare host, with each vendor's default scheme and port.
pub fn url_for_host(module: &str, host: &str) -> String {
    if host.contains("://") {
        return host.to_owned();
    }
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok());
    match (module, has_port) {
        (_, true) if module == "openvox" => format!("http://{host}"),
        (_, true) => format!("https://{host}"),
        ("openvox", false) => format!("http://{host}:9011"),
        ("switchvox", false) => format!("https://{host}"),
        (_, false) => format!("https://{host}:8088"),
    }
}
