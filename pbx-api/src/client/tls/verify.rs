//! The client's certificate verifier. A certificate the user pinned, or trusted byte for byte,
//! is the PBX's identity and is accepted as it is (a CA certificate, names that do not match
//! the URL, dates); everything else goes through webpki against the system's roots and/or the
//! trusted CAs. The handshake signature is always checked against the presented certificate's
//! key, so accepting a certificate never means accepting a server without its private key.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use super::pin::Fingerprint;
use super::refusal::{Reason, Refused};

/// Decides whether the PBX's certificate is accepted.
#[derive(Debug)]
pub(crate) struct Verifier {
    /// When not empty, the only certificates accepted: by the SHA-256 of their DER.
    pub(crate) pins: Vec<Fingerprint>,
    /// Certificates the user trusted, accepted when presented exactly as they are.
    pub(crate) exact: Vec<CertificateDer<'static>>,
    /// Chain verification (webpki) for every other certificate; `None` when nothing but
    /// the pins and exact certificates is trusted.
    pub(crate) chain: Option<Arc<dyn ServerCertVerifier>>,
    /// The crypto provider's signature algorithms, for the handshake signature.
    pub(crate) provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let refuse = |reason| {
            Refused {
                reason,
                presented: Fingerprint::of(end_entity),
                self_signed: self_signed(end_entity),
            }
            .into_rustls()
        };
        if !self.pins.is_empty() {
            return if self.pins.contains(&Fingerprint::of(end_entity)) {
                Ok(ServerCertVerified::assertion())
            } else {
                Err(refuse(Reason::PinMismatch))
            };
        }
        if self.exact.iter().any(|trusted| trusted == end_entity) {
            return Ok(ServerCertVerified::assertion());
        }
        match &self.chain {
            Some(chain) => chain
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .map_err(|e| refuse(Reason::from_rustls(e))),
            None => Err(refuse(Reason::Untrusted)),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
        .map_err(|e| not_its_key(cert, e))
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
        .map_err(|e| not_its_key(cert, e))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A handshake signature that does not verify with the presented certificate's key (a wrong
/// signature, or one of another key type): the server has not shown that it holds that
/// certificate's private key. Other failures pass as they are.
fn not_its_key(cert: &CertificateDer<'_>, error: rustls::Error) -> rustls::Error {
    match error {
        rustls::Error::InvalidCertificate(_) => Refused {
            reason: Reason::NotItsKey,
            presented: Fingerprint::of(cert),
            self_signed: self_signed(cert),
        }
        .into_rustls(),
        other => other,
    }
}

/// Whether a certificate names itself as its issuer (what a self-signed certificate does);
/// only used to word the refusal.
fn self_signed(der: &CertificateDer<'_>) -> bool {
    webpki::EndEntityCert::try_from(der).is_ok_and(|cert| cert.issuer() == cert.subject())
}
