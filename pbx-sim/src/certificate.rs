//! A self-signed certificate made at start (feature `tls`), for `pbx sim --tls`: clients trust
//! its PEM or pin its SHA-256 fingerprint.

use std::sync::Arc;

use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A fresh self-signed certificate for `127.0.0.1`, `::1` and `localhost`, and its key.
#[derive(Clone)]
pub struct Certificate {
    der: CertificateDer<'static>,
    pem: String,
    key: Arc<PrivateKeyDer<'static>>,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The private key stays out of logs.
        f.debug_struct("Certificate")
            .field("sha256", &self.sha256_fingerprint())
            .finish_non_exhaustive()
    }
}

impl Certificate {
    /// Makes a new key pair and a certificate for the loopback names.
    pub fn generate() -> std::io::Result<Certificate> {
        let names = ["127.0.0.1", "::1", "localhost"].map(String::from).to_vec();
        let made = rcgen::generate_simple_self_signed(names)
            .map_err(|e| std::io::Error::other(format!("cannot make a certificate: {e}")))?;
        Ok(Certificate {
            der: made.cert.der().clone(),
            pem: made.cert.pem(),
            key: Arc::new(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
                made.signing_key.serialize_der(),
            ))),
        })
    }

    /// A certificate and its private key, both PEM (the first certificate of `cert_pem`; a
    /// PKCS#8, PKCS#1 or SEC1 key), to serve a PBX's own certificate (`pbx sim --cert --key`).
    pub fn from_pem(cert_pem: &[u8], key_pem: &[u8]) -> std::io::Result<Certificate> {
        use tokio_rustls::rustls::pki_types::pem::PemObject;
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{what}: {e}"))
        };
        let der = CertificateDer::from_pem_slice(cert_pem)
            .map_err(|e| bad("not a PEM certificate", &e))?;
        let key =
            PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| bad("not a PEM private key", &e))?;
        let pem = String::from_utf8_lossy(cert_pem).into_owned();
        Ok(Certificate {
            der,
            pem,
            key: Arc::new(key),
        })
    }

    /// The certificate in PEM, for a client to trust (`pbx --ca FILE`).
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// `sha256:AA:BB:…`, the SHA-256 of the certificate's DER in the form
    /// `openssl x509 -fingerprint -sha256` prints (for `pbx --pin`).
    pub fn sha256_fingerprint(&self) -> String {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, self.der.as_ref());
        let hex: Vec<String> = digest.as_ref().iter().map(|b| format!("{b:02X}")).collect();
        format!("sha256:{}", hex.join(":"))
    }

    /// The server side, for [`crate::Simulator::start_tls`].
    pub fn server_config(&self) -> std::io::Result<Arc<ServerConfig>> {
        let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
        let key = self.key.clone_key();
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| {
                b.with_no_client_auth()
                    .with_single_cert(vec![self.der.clone()], key)
            })
            .map_err(|e| std::io::Error::other(format!("cannot use the certificate: {e}")))?;
        Ok(Arc::new(config))
    }
}
