//! Why the client refused a PBX's certificate, told so that a person knows what to do: trust
//! the PBX's certificate, pin it, fix the URL, or renew the certificate. Every message names
//! the fingerprint of the certificate the PBX presented, so it can be checked on the PBX and
//! pinned.

use std::fmt;

use rustls::CertificateError;

use super::pin::Fingerprint;

/// How the advice names the settings: the library's, then the `pbx` command's.
const TRUST: &str = "`ClientConfig::trust_pem` (`pbx --ca FILE`)";
const PIN: &str = "`ClientConfig::pin_sha256` (`pbx --pin`)";

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
    /// The handshake signature does not verify with the certificate's key: the server does
    /// not hold the certificate's private key.
    NotItsKey,
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
            // BadSignature: a trusted CA of the issuer's name exists but did not sign it (a
            // regenerated CA, or a forgery).
            CertificateError::UnknownIssuer | CertificateError::BadSignature => Reason::Untrusted,
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
        if let Reason::PinMismatch = self.reason {
            return write!(
                f,
                "the PBX presented a certificate with SHA-256 fingerprint {presented}, which \
                 matches no pin: the PBX's certificate may have been replaced, or someone on the \
                 network is intercepting the connection. If the PBX itself shows that \
                 fingerprint for its certificate, pin it with {PIN}"
            );
        }
        if let Reason::NotItsKey = self.reason {
            return write!(
                f,
                "the server presented a certificate with SHA-256 fingerprint {presented} but its \
                 handshake signature does not verify with that certificate's key: it does not \
                 hold that certificate's private key, so it is not the PBX it claims to be \
                 (someone on the network may be intercepting the connection)"
            );
        }
        f.write_str(if self.self_signed {
            "the PBX's self-signed certificate "
        } else {
            "the PBX's certificate "
        })?;
        match &self.reason {
            Reason::PinMismatch | Reason::NotItsKey => Ok(()),
            Reason::Untrusted if self.self_signed => f.write_str("is not one this client trusts"),
            Reason::Untrusted => write!(
                f,
                "is not issued by a CA this client trusts; if it should be, trust that CA with \
                 {TRUST}"
            ),
            Reason::CaAsServer => f.write_str(
                "is a CA certificate (CA:TRUE, as `openssl req -x509` makes them) that this \
                 client does not trust",
            ),
            Reason::Expired => f.write_str("has expired (renew it on the PBX)"),
            Reason::NotYetValid => {
                f.write_str("is not valid yet (check the clocks of the PBX and of this machine)")
            }
            Reason::WrongName {
                expected,
                presented: names,
            } => {
                write!(f, "is not issued for {expected:?}")?;
                if names.is_empty() {
                    f.write_str(" (it names no host)")?;
                } else {
                    let names: Vec<String> = names.iter().map(|n| plain_name(n)).collect();
                    write!(f, " but for {}", names.join(", "))?;
                }
                f.write_str(" (connect by one of its names)")
            }
            Reason::Other(error) => write!(f, "is refused ({error})"),
        }?;
        write!(
            f,
            ". Its SHA-256 fingerprint is {presented}: if the PBX itself shows that fingerprint \
             for its certificate, trust that certificate with {TRUST}, or pin the fingerprint \
             with {PIN}"
        )
    }
}

impl std::error::Error for Refused {}

/// A name as webpki reports it (`DnsName("pbx.example")`, `IpAddress(192.0.2.1)`), without
/// the wrapping, with any control character the certificate holds escaped.
fn plain_name(name: &str) -> String {
    let inner = name
        .strip_prefix("DnsName(\"")
        .and_then(|n| n.strip_suffix("\")"))
        .or_else(|| name.strip_prefix("IpAddress(")?.strip_suffix(')'))
        .unwrap_or(name);
    inner.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::plain_name;

    #[test]
    fn names_lose_their_wrapping_and_keep_no_control_characters() {
        assert_eq!(plain_name("DnsName(\"pbx.example\")"), "pbx.example");
        assert_eq!(plain_name("IpAddress(192.0.2.1)"), "192.0.2.1");
        assert_eq!(plain_name("DnsName(\"a\u{1b}[2Jb\")"), "a\\u{1b}[2Jb");
        assert_eq!(plain_name("DirectoryName"), "DirectoryName");
    }
}
