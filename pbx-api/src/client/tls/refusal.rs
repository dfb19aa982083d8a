//! Why the client refused a PBX's certificate, told so that a person knows what to do: trust
//! the PBX's certificate, pin it, fix the URL, or renew the certificate. Every message names
//! the fingerprint of the certificate the PBX presented, so it can be checked on the PBX and
//! pinned.

use std::fmt;

use rustls::CertificateError;

use super::pin::Fingerprint;

/// How the advice names the settings: the library's and the `pbx` command's.
const TRUST: &str = "trust the PBX's certificate with `ClientConfig::trust_pem` (`pbx --ca FILE`)";
const PIN: &str = "pin it with `ClientConfig::pin_sha256` (`pbx --pin`)";

/// A certificate refused by the client's verifier. Travels inside the rustls error
/// (`CertificateError::Other`) to the client's [`Error`](super::super::Error).
#[derive(Debug)]
pub(crate) struct Refused {
    /// What was wrong.
    pub(crate) reason: Reason,
    /// The fingerprint of the certificate the PBX presented.
    pub(crate) presented: Fingerprint,
    /// Whether that certificate names itself as its issuer.
    pub(crate) self_signed: bool,
}

/// What was wrong with the certificate.
#[derive(Debug)]
pub(crate) enum Reason {
    /// Pins are set and the certificate matches none of them.
    PinMismatch,
    /// Not issued by a CA this client trusts (for a self-signed certificate: not one of the
    /// certificates the user trusted).
    Untrusted,
    /// A CA certificate (CA:TRUE) presented as the server's own and not trusted as such.
    CaAsServer,
    /// Outside its validity period.
    Expired,
    /// Not valid yet.
    NotYetValid,
    /// Issued for other names than the URL's host.
    WrongName {
        /// The URL's host.
        expected: String,
        /// The names the certificate holds.
        presented: Vec<String>,
    },
    /// Anything else webpki refused (revoked, wrong purpose, bad signature...).
    Other(rustls::Error),
}

impl Reason {
    /// Classifies webpki's verdict on a certificate.
    pub(crate) fn from_rustls(error: rustls::Error) -> Reason {
        let rustls::Error::InvalidCertificate(certificate) = &error else {
            return Reason::Other(error);
        };
        match certificate {
            CertificateError::UnknownIssuer => Reason::Untrusted,
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => Reason::Expired,
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                Reason::NotYetValid
            }
            CertificateError::NotValidForName => Reason::WrongName {
                expected: String::new(),
                presented: Vec::new(),
            },
            CertificateError::NotValidForNameContext {
                expected,
                presented,
            } => Reason::WrongName {
                expected: server_name(expected),
                presented: presented.clone(),
            },
            CertificateError::Other(other)
                if matches!(
                    other.0.downcast_ref::<webpki::Error>(),
                    Some(webpki::Error::CaUsedAsEndEntity)
                ) =>
            {
                Reason::CaAsServer
            }
            _ => Reason::Other(error),
        }
    }
}

fn server_name(name: &rustls::pki_types::ServerName<'_>) -> String {
    match name {
        rustls::pki_types::ServerName::DnsName(dns) => dns.as_ref().to_owned(),
        rustls::pki_types::ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        other => format!("{other:?}"),
    }
}

impl Refused {
    /// The error rustls carries to the connection's caller.
    pub(crate) fn into_rustls(self) -> rustls::Error {
        rustls::Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(
            std::sync::Arc::new(self),
        )))
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let presented = self.presented;
        let whose = if self.self_signed {
            "the PBX's self-signed certificate"
        } else {
            "the PBX's certificate"
        };
        let check = format!(
            "if {presented} is the fingerprint the PBX itself shows for its certificate, {TRUST}, \
             or {PIN} (\"{presented}\")"
        );
        match &self.reason {
            Reason::PinMismatch => write!(
                f,
                "the PBX presented a certificate whose SHA-256 fingerprint is {presented}, which \
                 matches no pinned fingerprint; it may have been replaced on the PBX, or someone \
                 on the network is intercepting the connection. Check the fingerprint the PBX \
                 itself shows; if it is {presented}, pin that (\"{presented}\")"
            ),
            Reason::Untrusted if self.self_signed => write!(
                f,
                "{whose} ({presented}) is not one this client trusts: {check}"
            ),
            Reason::Untrusted => write!(
                f,
                "{whose} ({presented}) is not issued by a CA this client trusts: trust that CA \
                 with `ClientConfig::trust_pem` (`pbx --ca FILE`), or {check}"
            ),
            Reason::CaAsServer => write!(
                f,
                "{whose} ({presented}) is a CA certificate (CA:TRUE, as `openssl req -x509` \
                 makes them) that this client does not trust as the PBX's own: {check}"
            ),
            Reason::Expired => write!(
                f,
                "{whose} ({presented}) has expired: renew it on the PBX; until then, {check}"
            ),
            Reason::NotYetValid => write!(
                f,
                "{whose} ({presented}) is not valid yet (check the clocks of the PBX and of this \
                 machine); {check}"
            ),
            Reason::WrongName {
                expected,
                presented: names,
            } => {
                write!(f, "{whose} ({presented}) is not issued for {expected:?}")?;
                if names.is_empty() {
                    f.write_str(" (it names no host)")?;
                } else {
                    write!(f, " but for {names:?}")?;
                }
                write!(f, ": connect by one of the certificate's names, or {check}")
            }
            Reason::Other(error) => write!(f, "{whose} ({presented}) is refused: {error}"),
        }
    }
}

impl std::error::Error for Refused {}
