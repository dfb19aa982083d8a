//! Client settings shared by every family: where the PBX is, timeouts, the response cap,
//! retries of read-only calls, and TLS trust.

use std::time::Duration;

/// How the client trusts the PBX's certificate.
#[derive(Debug, Clone, Default)]
enum Trust {
    /// The system's root certificates.
    #[default]
    System,
    /// The system's roots plus these PEM certificates (a private CA, or the PBX's own
    /// self-signed certificate).
    Extra(Vec<Vec<u8>>),
    /// Only these PEM certificates.
    Only(Vec<Vec<u8>>),
    /// Any certificate at all.
    AnyCertificate,
}

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
    /// self-signed certificate, or the CA that signed it.
    pub fn trust_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        match &mut self.trust {
            Trust::Extra(list) | Trust::Only(list) => list.push(pem.into()),
            other => *other = Trust::Extra(vec![pem.into()]),
        }
        self
    }

    /// Trusts only these PEM certificates, not the system's roots.
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

    /// Accepts the PBX's certificate only if its SHA-256 fingerprint is `fingerprint`
    /// (`sha256:` then 64 hex digits, colons allowed, as `openssl x509 -fingerprint -sha256`
    /// prints them).
    pub fn pin_sha256(mut self, fingerprint: impl Into<String>) -> Self {
        self.pins.push(fingerprint.into());
        self
    }

    /// Sends this `User-Agent` header (the Yeastar P-Series requires one).
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// Builds the HTTP client these settings describe.
    pub(crate) fn http_client(&self) -> Result<reqwest::Client, ConfigError> {
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(ConfigError::new(
                "the base URL must start with http:// or https://".into(),
            ));
        }
        if !self.pins.is_empty() {
            return Err(ConfigError::new(
                "certificate pinning is not available yet".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        let parse = |pems: &[Vec<u8>]| -> Result<Vec<reqwest::Certificate>, ConfigError> {
            let mut certs = Vec::new();
            for pem in pems {
                let bundle = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                    ConfigError::new(format!("a trusted certificate is not valid PEM: {e}"))
                })?;
                if bundle.is_empty() {
                    return Err(ConfigError(
                        "a trusted certificate holds no PEM certificate".into(),
                    ));
                }
                certs.extend(bundle);
            }
            Ok(certs)
        };
        builder = match &self.trust {
            Trust::System => builder,
            Trust::Extra(pems) => builder.tls_certs_merge(parse(pems)?),
            Trust::Only(pems) => builder.tls_certs_only(parse(pems)?),
            Trust::AnyCertificate => builder.tls_danger_accept_invalid_certs(true),
        };
        if let Some(agent) = &self.user_agent {
            builder = builder.user_agent(agent.clone());
        }
        builder
            .build()
            .map_err(|e| ConfigError::new(format!("the HTTP client could not be built: {e}")))
    }
}
