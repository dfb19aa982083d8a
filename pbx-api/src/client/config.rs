//! Client settings shared by every family: where the PBX is, timeouts, the response cap,
//! retries of read-only calls, and TLS trust.

use std::time::Duration;

use super::tls::{self, Fingerprint, Trust};

/// Settings for a client; [`ClientConfig::new`] takes the PBX's base URL.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_body: usize,
    pub(crate) read_retries: u32,
    pub(crate) retry_backoff: Duration,
    trust: Trust,
    /// SHA-256 fingerprints the PBX's certificate must match, as the user wrote them.
    pins: Vec<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) api_version: Option<String>,
    pub(crate) max_download: u64,
}

/// Why a client could not be built.
#[derive(Debug)]
pub struct ConfigError(String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    pub(crate) fn new(message: String) -> Self {
        ConfigError(message)
    }
}

impl ClientConfig {
    /// Settings for the PBX at `base_url` (`https://192.168.5.150:8088`), with defaults:
    /// 30 s per request, 10 s to connect, 4 MiB response cap, two retries of read-only calls,
    /// system root certificates.
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body: 4 << 20,
            read_retries: 2,
            retry_backoff: Duration::from_millis(200),
            trust: Trust::System,
            pins: Vec::new(),
            user_agent: None,
            api_version: None,
            max_download: 256 << 20,
        }
    }

    /// The whole time one HTTP exchange may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The API version the PBX runs (`v1.0.1`), one of the family's `versions`: URLs are
    /// built for it, and an endpoint that version lacks (its `since` is newer) is refused
    /// unsent with [`Error::Version`](super::Error::Version). Without it, the family's default.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// The largest download (an endpoint with `download` in its spec) written to the caller's
    /// writer; past it reading stops with
    /// [`Error::DownloadTooLarge`](super::Error::DownloadTooLarge). 256 MiB by default.
    pub fn max_download_bytes(mut self, limit: u64) -> Self {
        self.max_download = limit;
        self
    }

    /// The largest response body read; a larger one is [`Error::BodyTooLarge`](super::Error::BodyTooLarge).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// How often a read-only call (`effect = "read"`) is repeated after a transport failure or
    /// a 5xx, with doubling backoff from `backoff`. Calls that act on calls are never repeated.
    pub fn read_retries(mut self, retries: u32, backoff: Duration) -> Self {
        self.read_retries = retries;
        self.retry_backoff = backoff;
        self
    }

    /// Trusts these PEM certificates in addition to the system's roots: the PBX's own
    /// self-signed certificate, or the CA that signed it. A trusted certificate that the PBX
    /// presents exactly as it is, is accepted as the PBX's identity, even if it is a CA
    /// certificate (as `openssl req -x509` makes them) and whatever names and dates it holds;
    /// any other certificate must chain to a trusted CA and name the URL's host.
    pub fn trust_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        match &mut self.trust {
            Trust::Extra(list) | Trust::Only(list) => list.push(pem.into()),
            other => *other = Trust::Extra(vec![pem.into()]),
        }
        self
    }

    /// Trusts only these PEM certificates, not the system's roots: the PBX must present one of
    /// them (accepted as [`ClientConfig::trust_pem`] says), or a certificate one of them issued.
    pub fn trust_only_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        match &mut self.trust {
            Trust::Only(list) => list.push(pem.into()),
            other => *other = Trust::Only(vec![pem.into()]),
        }
        self
    }

    /// Accepts **any** certificate from the PBX, for this client only. Anyone on the network
    /// path can then read and change the traffic, passwords and tokens included. Prefer
    /// [`ClientConfig::trust_pem`] with the PBX's own certificate.
    pub fn danger_accept_any_certificate(mut self) -> Self {
        self.trust = Trust::AnyCertificate;
        self
    }

    /// Accepts the PBX's certificate only if its SHA-256 fingerprint (of its DER encoding) is
    /// `fingerprint`, or another pinned one: `sha256:` then 64 hex digits in any case, with or
    /// without colons between pairs, or openssl's `SHA256 Fingerprint=AA:BB:...` (what
    /// `openssl x509 -in pbx.pem -noout -fingerprint -sha256` prints). The pin is the PBX's
    /// identity: neither the certificate's names, nor its dates, nor who issued it are checked,
    /// and every other certificate is refused, even one the system trusts. Cannot be combined
    /// with the `trust_*` settings, nor used with an `http://` URL. A malformed pin makes
    /// building the client fail.
    pub fn pin_sha256(mut self, fingerprint: impl Into<String>) -> Self {
        self.pins.push(fingerprint.into());
        self
    }

    /// Sends this `User-Agent` header (the Yeastar P-Series requires one).
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// The rustls settings `http_client` gives reqwest for an `https://` PBX, for the
    /// connections reqwest does not make (the P-Series event WebSocket): the same pins and
    /// trusted certificates. `None` for [`ClientConfig::danger_accept_any_certificate`].
    pub(crate) fn rustls_config(&self) -> Result<Option<rustls::ClientConfig>, ConfigError> {
        if let Trust::AnyCertificate = self.trust {
            return Ok(None);
        }
        let pins = self
            .pins
            .iter()
            .map(|pin| Fingerprint::parse(pin))
            .collect::<Result<Vec<_>, _>>()?;
        tls::client_config(&self.trust, pins).map(Some)
    }

    /// Whether the PBX is reached over plain `http://` (no TLS).
    pub(crate) fn is_plain_http(&self) -> bool {
        self.base_url.starts_with("http://")
    }

    /// Builds the HTTP client these settings describe.
    pub(crate) fn http_client(&self) -> Result<reqwest::Client, ConfigError> {
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(ConfigError::new(
                "the base URL must start with http:// or https://".into(),
            ));
        }
        let pins = self
            .pins
            .iter()
            .map(|pin| Fingerprint::parse(pin))
            .collect::<Result<Vec<_>, _>>()?;
        if !pins.is_empty() && !matches!(self.trust, Trust::System) {
            return Err(ConfigError::new(
                "a certificate pin (pin_sha256, --pin) cannot be combined with trust_pem, \
                 trust_only_pem or danger_accept_any_certificate (--ca, --ca-only): the pin alone \
                 decides which certificate is accepted, so give one or the other"
                    .into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        builder = if self.is_plain_http() {
            // A pin is asked-for protection that plain HTTP cannot give: refuse, not ignore.
            if !pins.is_empty() {
                return Err(ConfigError::new(
                    "a certificate pin (pin_sha256, --pin) protects nothing over http://: use \
                     the PBX's https:// URL"
                        .into(),
                ));
            }
            // Plain HTTP never uses TLS (redirects are not followed and the base URL is
            // fixed): skip loading the system's root store. Trusted PEMs are still checked.
            if let Trust::Extra(pems) | Trust::Only(pems) = &self.trust {
                tls::parse_pems(pems)?;
            }
            builder.tls_certs_only([])
        } else if let Trust::AnyCertificate = self.trust {
            builder.tls_danger_accept_invalid_certs(true)
        } else {
            builder.tls_backend_preconfigured(tls::client_config(&self.trust, pins)?)
        };
        if let Some(agent) = &self.user_agent {
            builder = builder.user_agent(agent.clone());
        }
        builder
            .build()
            .map_err(|e| ConfigError::new(format!("the HTTP client could not be built: {e}")))
    }
}
