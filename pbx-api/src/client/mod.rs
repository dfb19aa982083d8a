//! Async clients that send the generated endpoints to a PBX: sessions as each vendor documents
//! them, one typed [`Error`], no silent repeats of call-placing requests, capped responses,
//! TLS trust per client, and `tracing` spans per request with nothing secret in them.
//!
//! There is a client alias per family enabled (`OpenVoxClient` needs feature `openvox`, and
//! so on); [`TokenClient`] and [`HttpAuthClient`] are always there.
//!
//! ```no_run
//! use pbx_api::client::{ClientConfig, OpenVoxClient};
//! use pbx_api::openvox::{extension::dial_outbound, outbound::query};
//! use pbx_api::Format;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let pbx = OpenVoxClient::builder(ClientConfig::new("http://192.168.5.150:9011"), "api", "Secret123")
//!     .format(Format::Xml)
//!     .build()?;
//! pbx.send(&dial_outbound::Request::new("101", "16103")).await?;
//! let calls = pbx.send(&query::Request::new()).await?.outbound;
//! println!("{} outbound calls", calls.len());
//! pbx.close().await?;
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "blocking")]
pub mod blocking;
mod config;
mod error;
#[cfg(any(
    feature = "openvox",
    feature = "yeastar-s",
    feature = "yeastar-v2",
    feature = "yeastar-p"
))]
mod families;
mod http_auth;
mod secret;
mod tls;
mod token;
mod transport;
pub mod validate;

pub use config::{ClientConfig, ConfigError};
pub use error::{AuthKind, Delivery, Error, TransportKind};
pub use http_auth::{HttpAuth, HttpAuthClient, digest_response};
pub use secret::{Secret, md5_hex};
pub use token::{Grant, ReportTarget, TokenApi, TokenClient, TokenClientBuilder};

/// A client for the OpenVox UC Series IPPBX API.
#[cfg(feature = "openvox")]
#[cfg_attr(docsrs, doc(cfg(feature = "openvox")))]
pub type OpenVoxClient = TokenClient<crate::openvox::Api>;
/// A client for the Yeastar S-Series API v1.
#[cfg(feature = "yeastar-s")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-s")))]
pub type YeastarSClient = TokenClient<crate::yeastar_s::Api>;
/// A client for Yeastar API 2.0.
#[cfg(feature = "yeastar-v2")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-v2")))]
pub type YeastarV2Client = TokenClient<crate::yeastar_v2::Api>;
/// A client for the Yeastar P-Series OpenAPI (client id and secret; tokens refreshed).
#[cfg(feature = "yeastar-p")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-p")))]
pub type YeastarPClient = TokenClient<crate::yeastar_p::Api>;
/// A client for the Switchvox Extend API.
#[cfg(feature = "switchvox")]
#[cfg_attr(docsrs, doc(cfg(feature = "switchvox")))]
pub type SwitchvoxClient = HttpAuthClient<crate::switchvox::Api>;
