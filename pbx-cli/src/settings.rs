//! Where to connect and as whom. Each setting has one name in all three places it can come
//! from: a flag before the subcommand (`--ca-only`), a `PBX_*` variable (`PBX_CA_ONLY`) and a
//! key of the `--config` file (`ca_only`). A flag wins over the environment, which wins over
//! the file. Settings that exclude each other (`url` and `host`, `ca` and `ca_only`) are
//! refused when given together in one place, and taken as one setting across places.

use std::collections::BTreeMap;
use std::time::Duration;

use clap::ArgMatches;
use clap::parser::ValueSource;
use pbx_api::client::{HttpAuth, validate};
use pbx_api::wire::Format;

/// Every setting's name, as the config file spells it.
pub const KEYS: &[&str] = &[
    "family",
    "url",
    "host",
    "user",
    "password",
    "ca",
    "ca_only",
    "pin",
    "timeout",
    "retries",
    "format",
    "http_auth",
    "api_version",
    "max_download",
];

/// Settings that exclude each other.
const EXCLUSIVE: &[[&str; 2]] = &[["url", "host"], ["ca", "ca_only"]];

/// The flag that sets `key` (`ca_only` → `--ca-only`).
pub fn flag(key: &str) -> String {
    format!("--{}", key.replace('_', "-"))
}

/// The environment variable that sets `key` (`ca_only` → `PBX_CA_ONLY`).
pub fn env(key: &str) -> String {
    format!("PBX_{}", key.to_ascii_uppercase())
}

/// The settings one place gave.
#[derive(Debug, Default, Clone)]
pub struct Layer {
    values: BTreeMap<&'static str, String>,
}

impl Layer {
    /// Sets `key` (one of [`KEYS`]; others are ignored).
    pub fn set(&mut self, key: &str, value: String) {
        if let Some(known) = KEYS.iter().find(|k| **k == key) {
            self.values.insert(known, value);
        }
    }

    fn get(&self, key: &str) -> Option<&String> {
        self.values.get(key)
    }
}

/// The settings from flags, environment and config file, not yet checked.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    flags: Layer,
    env: Layer,
    file: Layer,
}

impl Sources {
    /// Flags and `PBX_*` variables as clap read them, and the config file they name.
    pub fn gather(matches: &ArgMatches) -> Result<Sources, String> {
        let mut sources = Sources::default();
        for key in KEYS {
            let Ok(Some(value)) = matches.try_get_one::<String>(key) else {
                continue;
            };
            match matches.value_source(key) {
                Some(ValueSource::CommandLine) => sources.flags.set(key, value.clone()),
                Some(ValueSource::EnvVariable) => sources.env.set(key, value.clone()),
                _ => {}
            }
        }
        if let Ok(Some(path)) = matches.try_get_one::<String>("config") {
            sources.file = crate::config_file::read(std::path::Path::new(path))?;
        }
        Ok(sources)
    }

    /// Where each layer is, for messages.
    fn places(&self) -> [(&Layer, &'static str); 3] {
        [
            (&self.flags, "flags"),
            (&self.env, "environment"),
            (&self.file, "config file"),
        ]
    }

    /// The winning value of `key`: the first place that gives it, or gives a setting that
    /// excludes it.
    fn value(&self, key: &str) -> Result<Option<String>, String> {
        let partner = EXCLUSIVE
            .iter()
            .find(|pair| pair.contains(&key))
            .and_then(|pair| pair.iter().find(|k| **k != key));
        for (layer, place) in self.places() {
            let mine = layer.get(key);
            let theirs = partner.and_then(|p| layer.get(p));
            match (mine, theirs) {
                (Some(_), Some(_)) => {
                    let other = partner.copied().unwrap_or_default();
                    let spell = |k: &str| match place {
                        "flags" => flag(k),
                        "environment" => env(k),
                        _ => format!("`{k}`"),
                    };
                    return Err(format!(
                        "{} and {} exclude each other; give one (in the {place})",
                        spell(key),
                        spell(other)
                    ));
                }
                (Some(value), None) => return Ok(Some(value.clone())),
                (None, Some(_)) => return Ok(None),
                (None, None) => {}
            }
        }
        Ok(None)
    }

    /// The family as given, before anything else is checked (the command tree depends on it).
    pub fn family(&self) -> Option<String> {
        self.value("family")
            .ok()
            .flatten()
            .map(|f| family_module(&f))
    }

    /// Checks everything and resolves it into a connection. `simulator` is the built-in
    /// simulator's URL, user and password, when `--simulate` is given (they fill in whatever
    /// is not given). `need_credentials` is false for `--dry-run`.
    pub fn resolve(
        &self,
        module: &str,
        simulator: Option<(String, String, String)>,
        need_credentials: bool,
    ) -> Result<Connection, String> {
        let get = |key: &str| self.value(key);
        let (url, host) = (get("url")?, get("host")?);
        // The built-in simulator is the PBX, with its own credentials: where to connect and as
        // whom cannot also be given, or a script would not know which PBX it talked to.
        if simulator.is_some()
            && let Some(key) = ["url", "host", "user", "password"]
                .into_iter()
                .find(|k| self.flags.get(k).is_some())
        {
            return Err(format!(
                "--simulate and {} exclude each other: the simulator is the PBX, with its own \
                 user and password",
                flag(key)
            ));
        }
        let (sim_url, sim_user, sim_password) = match simulator {
            Some((u, n, p)) => (Some(u), Some(n), Some(p)),
            None => (None, None, None),
        };
        let base_url = match (sim_url, url, host) {
            (Some(url), _, _) => url,
            (None, Some(url), _) => url,
            (None, None, Some(host)) => {
                if host.contains("://") {
                    return Err("--host takes a host name or address; give a URL with --url".into());
                }
                validate::host(&host).map_err(|e| format!("--host: {}", plain(&e)))?;
                url_for_host(module, &host)
            }
            (None, None, None) => {
                return Err(
                    "where is the PBX? give --url or --host (or PBX_URL, PBX_HOST), or --simulate"
                        .into(),
                );
            }
        };
        validate::base_url(&base_url).map_err(|e| plain(&e))?;
        // With --simulate, the simulator's credentials win over PBX_* and the config file.
        let user = sim_user.map_or_else(|| get("user"), |u| Ok(Some(u)))?;
        let password = sim_password.map_or_else(|| get("password"), |p| Ok(Some(p)))?;
        if let Some(user) = &user {
            validate::user(user).map_err(|e| plain(&e))?;
        }
        if let Some(password) = &password {
            validate::password(password)
                .map_err(|e| format!("{} (PBX_PASSWORD or --password)", plain(&e)))?;
        }
        if need_credentials && user.is_none() {
            return Err("no user: give --user or PBX_USER".into());
        }
        if need_credentials && password.is_none() {
            return Err("no password: set PBX_PASSWORD (or give --password)".into());
        }
        let trust = match (get("ca")?, get("ca_only")?) {
            (Some(path), _) => Trust::Also(read_pem(&path, "--ca")?),
            (None, Some(path)) => Trust::Only(read_pem(&path, "--ca-only")?),
            (None, None) => Trust::System,
        };
        let timeout = match get("timeout")? {
            Some(text) => {
                let seconds: f64 = text.trim().parse().map_err(|_| {
                    format!(
                        "--timeout: `{}` is not a number of seconds",
                        crate::output::neutral(&text)
                    )
                })?;
                if !(seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0) {
                    return Err("--timeout: give seconds above 0 and at most 3600".into());
                }
                Some(Duration::from_secs_f64(seconds))
            }
            None => None,
        };
        let retries = match get("retries")? {
            Some(text) => Some(
                text.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n <= 10)
                    .ok_or_else(|| "--retries: give a whole number from 0 to 10".to_owned())?,
            ),
            None => None,
        };
        let format = match get("format")?.as_deref() {
            None | Some("json") => Format::Json,
            Some("xml") => Format::Xml,
            Some(_) => return Err("--format: give json or xml".into()),
        };
        let http_auth = match get("http_auth")?.as_deref() {
            None | Some("auto") => HttpAuth::Auto,
            Some("digest") => HttpAuth::Digest,
            Some("basic") => HttpAuth::Basic,
            Some(_) => return Err("--http-auth: give auto, digest or basic".into()),
        };
        let api_version = match get("api_version")? {
            Some(version) => Some(check_api_version(module, version.trim())?),
            None => None,
        };
        let max_download = match get("max_download")? {
            Some(text) => Some(
                text.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| "--max-download: give a number of bytes above 0".to_owned())?,
            ),
            None => None,
        };
        Ok(Connection {
            base_url: base_url.trim_end_matches('/').to_owned(),
            user,
            password,
            trust,
            pin: get("pin")?
                .map(|pin| check_pin(&pin).map(|_| pin))
                .transpose()?,
            timeout,
            retries,
            format,
            http_auth,
            api_version,
            max_download,
        })
    }
}

/// `--api-version`: one of the family's `versions` (or its one `version`).
fn check_api_version(module: &str, version: &str) -> Result<String, String> {
    let Some(api) = pbx_api::ENDPOINTS
        .iter()
        .map(|m| m.api)
        .find(|a| a.module == module)
    else {
        return Ok(version.to_owned());
    };
    if api.knows_version(version) {
        return Ok(version.to_owned());
    }
    let known = if api.versions.is_empty() {
        api.version.to_owned()
    } else {
        api.versions.join(", ")
    };
    Err(format!(
        "--api-version: `{}` is not a version of the {}; it has {known}",
        crate::output::neutral(version),
        api.name
    ))
}

/// A [`validate`] error's message without the library's prefix.
fn plain(e: &pbx_api::client::ConfigError) -> String {
    let text = e.to_string();
    text.strip_prefix("invalid client configuration: ")
        .map(str::to_owned)
        .unwrap_or(text)
}

/// Checks a fingerprint's shape, as the client reads it (`sha256:` and 64 hex digits, or
/// openssl's `SHA256 Fingerprint=…` line); the client compares it.
fn check_pin(pin: &str) -> Result<(), String> {
    validate::pin(pin).map_err(|e| format!("--pin: {}", plain(&e)))
}

/// Reads a PEM file to trust; one without a certificate is refused here, whatever the URL's
/// scheme (the client may never parse it for `http://`).
fn read_pem(path: &str, setting: &str) -> Result<Vec<u8>, String> {
    let pem =
        std::fs::read(path).map_err(|e| format!("{setting}: cannot read {path}: {}", e.kind()))?;
    let marker: &[u8] = b"-----BEGIN CERTIFICATE-----";
    if !pem.windows(marker.len()).any(|w| w == marker) {
        return Err(format!("{setting}: {path} holds no PEM certificate"));
    }
    Ok(pem)
}

/// Which certificates to trust.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The system's roots.
    System,
    /// The system's roots and this PEM (`--ca`).
    Also(Vec<u8>),
    /// This PEM only (`--ca-only`).
    Only(Vec<u8>),
}

/// Checked settings for one run.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The base URL, without a trailing `/`.
    pub base_url: String,
    pub user: Option<String>,
    pub password: Option<String>,
    pub trust: Trust,
    /// `sha256:…`, passed to the client as given.
    pub pin: Option<String>,
    pub timeout: Option<Duration>,
    pub retries: Option<u32>,
    pub format: Format,
    /// Switchvox's HTTP authentication: `Auto` answers Digest, and Basic only over https.
    pub http_auth: HttpAuth,
    /// The API version the PBX runs (`--api-version`), checked against the family's.
    pub api_version: Option<String>,
    /// The largest download written (`--max-download`, bytes).
    pub max_download: Option<u64>,
}

/// The family module for a name as users type it (`yeastar-s`, `yeastar_s`, `openvox`).
pub fn family_module(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('-', "_")
}

/// The base URL for a bare host, with each vendor's default scheme and port.
pub fn url_for_host(module: &str, host: &str) -> String {
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(before, p)| !before.ends_with(':') && p.parse::<u16>().is_ok())
        && !host.ends_with(']');
    match (module, has_port) {
        ("openvox", true) => format!("http://{host}"),
        (_, true) => format!("https://{host}"),
        ("openvox", false) => format!("http://{host}:9011"),
        ("switchvox", false) => format!("https://{host}"),
        (_, false) => format!("https://{host}:8088"),
    }
}
