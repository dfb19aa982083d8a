//! Certificates for the simulator's HTTPS: a private CA with a certificate for 127.0.0.1
//! signed by it, and a self-signed certificate as PBXes ship.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A server certificate and the PEM a client must trust to accept it.
pub struct Identity {
    /// What the server presents.
    pub chain: Vec<CertificateDer<'static>>,
    /// Its private key, PKCS#8 DER.
    pub key: Vec<u8>,
    /// The PEM a client trusts: the CA's, or the self-signed certificate itself.
    pub trust_pem: String,
}

/// A certificate for 127.0.0.1 signed by a fresh private CA.
pub fn ca_signed() -> Identity {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key"))
        .expect("CA certificate");
    let key = KeyPair::generate().expect("server key");
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("server parameters")
        .signed_by(&key, &ca)
        .expect("server certificate");
    Identity {
        chain: vec![cert.der().clone()],
        key: key.serialize_der(),
        trust_pem: ca.pem(),
    }
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
    /// The server side of this identity.
    pub fn server_config(&self) -> Arc<ServerConfig> {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()));
        let config = ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), key)
            .expect("server TLS configuration");
        Arc::new(config)
    }
}
