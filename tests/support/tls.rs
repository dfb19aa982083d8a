//! Certificates for the simulator's HTTPS: a private CA with certificates signed by it (for
//! 127.0.0.1, for another name, expired), self-signed certificates as PBXes ship them (with a
//! SAN, or CA:TRUE with only a CN as `openssl req -x509` makes them), and the fixture made by
//! the `openssl` binary.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType, IsCa, KeyPair,
    date_time_ymd,
};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::sign::{CertifiedKey, SingleCertAndKey};

/// A server certificate and the PEM a client must trust to accept it.
pub struct Identity {
    /// What the server presents.
    pub chain: Vec<CertificateDer<'static>>,
    /// Its private key, PKCS#8 DER (for an impostor, another key than the certificate's).
    pub key: Vec<u8>,
    /// The PEM a client trusts: the CA's, or the self-signed certificate itself.
    pub trust_pem: String,
}

/// A certificate for 127.0.0.1 signed by a fresh private CA.
pub fn ca_signed() -> Identity {
    ca_signed_with(CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("server parameters"))
}

/// A certificate for `pbx.example` (not 127.0.0.1) signed by a fresh private CA.
pub fn ca_signed_for_another_name() -> Identity {
    ca_signed_with(CertificateParams::new(vec!["pbx.example".to_owned()]).expect("parameters"))
}

/// A certificate for 127.0.0.1 signed by a fresh private CA, expired in 2000.
pub fn ca_signed_expired() -> Identity {
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("parameters");
    params.not_before = date_time_ymd(1999, 1, 1);
    params.not_after = date_time_ymd(2000, 1, 1);
    ca_signed_with(params)
}

/// `CN=cn`: rcgen gives every certificate the same default name, which would make a
/// certificate look issued by itself.
fn common_name(cn: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, cn);
    name
}

fn ca_signed_with(mut server: CertificateParams) -> Identity {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name = common_name("pbx-tests private CA");
    server.distinguished_name = common_name("pbx-tests server");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key"))
        .expect("CA certificate");
    let key = KeyPair::generate().expect("server key");
    let cert = server.signed_by(&key, &ca).expect("server certificate");
    Identity {
        chain: vec![cert.der().clone()],
        key: key.serialize_der(),
        trust_pem: ca.pem(),
    }
}

/// A self-signed certificate shaped like the stock output of `openssl req -x509`: CA:TRUE,
/// only a common name (`cn`), no subjectAltName; what many PBXes serve.
pub fn openssl_style(cn: &str) -> Identity {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("parameters");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name = common_name(cn);
    let key = KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("certificate");
    Identity {
        chain: vec![cert.der().clone()],
        key: key.serialize_der(),
        trust_pem: cert.pem(),
    }
}

/// A server that presents `shown`'s certificate without holding its private key: it signs
/// the handshake with a key of its own.
pub fn impostor(shown: &Identity) -> Identity {
    Identity {
        chain: shown.chain.clone(),
        key: KeyPair::generate().expect("key").serialize_der(),
        trust_pem: shown.trust_pem.clone(),
    }
}

/// The certificate and key the `openssl` binary made (`tests/fixtures/tls/README.md`).
pub fn openssl_fixture() -> Identity {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tls");
    let cert_pem = std::fs::read(format!("{dir}/pbx-cert.pem")).expect("the fixture certificate");
    let key_pem = std::fs::read(format!("{dir}/pbx-key.pem")).expect("the fixture key");
    let cert = CertificateDer::from_pem_slice(&cert_pem).expect("a PEM certificate");
    let key = PrivatePkcs8KeyDer::from_pem_slice(&key_pem).expect("a PKCS#8 PEM key");
    Identity {
        chain: vec![cert],
        key: key.secret_pkcs8_der().to_vec(),
        trust_pem: String::from_utf8(cert_pem).expect("PEM is text"),
    }
}

/// The fingerprint `openssl x509 -fingerprint -sha256` printed for the fixture, as it printed
/// it (`sha256 Fingerprint=8A:BB:...`).
pub fn openssl_fixture_fingerprint() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tls/pbx-cert.sha256");
    std::fs::read_to_string(path)
        .expect("the fixture's fingerprint")
        .trim()
        .to_owned()
}

/// A self-signed certificate for 127.0.0.1, as a PBX ships out of the box.
pub fn self_signed() -> Identity {
    let made =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("certificate");
    Identity {
        chain: vec![made.cert.der().clone()],
        key: made.signing_key.serialize_der(),
        trust_pem: made.cert.pem(),
    }
}

impl Identity {
    /// The SHA-256 fingerprint of the certificate the server presents, as a pin
    /// (`sha256:` and 64 lower-case hex digits), computed here independently of the client.
    pub fn fingerprint(&self) -> String {
        let der = self.chain.first().expect("a certificate");
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der);
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }

    /// The server side of this identity. The key is not checked against the certificate, so
    /// that an [`impostor`] can be served.
    pub fn server_config(&self) -> Arc<ServerConfig> {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()));
        let builder = ServerConfig::builder();
        let signing_key = builder
            .crypto_provider()
            .key_provider
            .load_private_key(key)
            .expect("a private key");
        let certified = CertifiedKey::new(self.chain.clone(), signing_key);
        let config = builder
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
        Arc::new(config)
    }
}
