//! TLS for the certificates PBXes really have: the system's roots, a private CA, the PBX's own
//! self-signed certificate (often a CA:TRUE certificate with only a CN, as `openssl req -x509`
//! makes them), or a SHA-256 pin; and refusals that say what to do.

mod pin;
mod refusal;
mod verify;

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;

use super::config::ConfigError;
pub(crate) use pin::Fingerprint;
use refusal::Refused;
use verify::Verifier;

/// Which certificates the client trusts, besides pins.
#[derive(Debug, Clone, Default)]
pub(crate) enum Trust {
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

/// The certificates in the PEM texts the user trusted; each text must hold at least one.
pub(crate) fn parse_pems(pems: &[Vec<u8>]) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    use rustls::pki_types::pem::PemObject;
    let mut certs = Vec::new();
    for pem in pems {
        let before = certs.len();
        for cert in CertificateDer::pem_slice_iter(pem) {
            certs.push(cert.map_err(|e| {
                ConfigError::new(format!("a trusted certificate is not valid PEM: {e}"))
            })?);
        }
        if certs.len() == before {
            return Err(ConfigError::new(
                "a trusted certificate holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)"
                    .into(),
            ));
        }
    }
    Ok(certs)
}

/// The crypto provider reqwest uses: the process default if one is installed, else aws-lc-rs.
fn provider() -> Arc<CryptoProvider> {
    CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

/// The rustls configuration for an `https://` PBX trusted as `trust` says, or by `pins` alone
/// when there are any. `Trust::AnyCertificate` is left to reqwest.
pub(crate) fn client_config(
    trust: &Trust,
    pins: Vec<Fingerprint>,
) -> Result<rustls::ClientConfig, ConfigError> {
    let provider = provider();
    let failed = |what: &str, e: rustls::Error| {
        ConfigError::new(format!("TLS could not be set up ({what}): {e}"))
    };
    let (exact, chain) = if !pins.is_empty() {
        (Vec::new(), None)
    } else {
        match trust {
            // `AnyCertificate` never gets here (see the doc); checking is the safe reading.
            Trust::System | Trust::AnyCertificate => (Vec::new(), Some(system(&[], &provider)?)),
            Trust::Extra(pems) => {
                let certs = parse_pems(pems)?;
                let chain = system(&certs, &provider)?;
                (certs, Some(chain))
            }
            Trust::Only(pems) => {
                let certs = parse_pems(pems)?;
                let chain = only(&certs, &provider)?;
                (certs, chain)
            }
        }
    };
    let verifier = Verifier {
        pins,
        exact,
        chain,
        provider: provider.clone(),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| failed("protocol versions", e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // The client speaks HTTP/1.1 only (reqwest is built without HTTP/2).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Chain verification against `trusted` alone; `None` when webpki can use none of them as a
/// root (they are still accepted when presented exactly).
fn only(
    trusted: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Option<Arc<dyn ServerCertVerifier>>, ConfigError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(trusted.iter().cloned());
    if roots.is_empty() {
        return Ok(None);
    }
    let verifier = WebPkiServerVerifier::builder_with_provider(roots.into(), provider.clone())
        .build()
        .map_err(|e| {
            ConfigError::new(format!(
                "TLS could not be set up (trusted certificates): {e}"
            ))
        })?;
    Ok(Some(verifier))
}

/// The system's trust store plus `extra` roots, checked as reqwest checks it by default.
fn system(
    extra: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, ConfigError> {
    let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra.iter().cloned(),
        provider.clone(),
    )
    .map_err(|e| ConfigError::new(format!("the system's root certificates: {e}")))?;
    Ok(Arc::new(verifier))
}

/// What to tell a person whose TLS handshake with the PBX failed: the refusal and what to do
/// when the certificate was refused, else the underlying TLS error and what to check.
pub(crate) fn failure_message(error: &reqwest::Error) -> String {
    let Some(tls) = rustls_error(error) else {
        return "TLS handshake with the PBX failed: check that the URL's port speaks HTTPS"
            .to_owned();
    };
    if let rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) = tls
        && let Some(refused) = other.0.downcast_ref::<Refused>()
    {
        return format!("TLS refused: {refused}");
    }
    match tls {
        rustls::Error::InvalidCertificate(e) => format!(
            "TLS handshake with the PBX failed: its certificate is refused ({e}); \
             trust it with `ClientConfig::trust_pem` (`pbx --ca FILE`) or pin it with \
             `ClientConfig::pin_sha256` (`pbx --pin`)"
        ),
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => format!(
            "TLS handshake with the PBX failed ({tls}): check that the URL's port speaks HTTPS \
             (an http:// port answers https:// this way)"
        ),
        _ => format!(
            "TLS handshake with the PBX failed ({tls}): the PBX may offer only protocol \
             versions or ciphers this client refuses (TLS 1.2 or later is required)"
        ),
    }
}

/// The rustls error in a reqwest error's chain, looking inside `io::Error`s (whose `source()`
/// skips the error they wrap).
fn rustls_error(error: &reqwest::Error) -> Option<&rustls::Error> {
    let mut inner: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    // A chain is a handful of links; the bound only guards against a cycle.
    for _ in 0..32 {
        let source = inner?;
        if let Some(tls) = source.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        inner = match source.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            None => source.source(),
        };
    }
    None
}
