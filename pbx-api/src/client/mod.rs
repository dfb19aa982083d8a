//! Async clients that send the generated endpoints to a PBX: sessions as each vendor documents
//! them, one typed [`Error`], no silent repeats of call-placing requests, capped responses,
//! TLS trust per client, and `tracing` spans per request with nothing secret in them.
//!
//! Every endpoint is a method of its family's client, grouped as the spec folders are
//! (`pbx.extension().dial_outbound(..)`; root endpoints on the client itself): required
//! parameters are its arguments, optional ones chain, `.send()` sends it (`.await` it here;
//! on the `blocking` clients it is the answer). `send(&Request)` takes any request, for
//! generic code.
//!
//! There is a client alias per family enabled (`OpenVoxClient` needs feature `openvox`, and
//! so on); [`TokenClient`] and [`HttpAuthClient`] are always there.
//!
//! ```no_run
//! use pbx_api::client::{ClientConfig, OpenVoxClient};
//! use pbx_api::prelude::*;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let pbx = OpenVoxClient::builder(ClientConfig::new("http://192.168.5.150:9011"), "api", "Secret123")
//!     .format(Format::Xml)
//!     .build()?;
//! pbx.extension().dial_outbound("101", "16103").autoanswer(true).send().await?;
//! let calls = pbx.outbound().query().send().await?.outbound;
//! println!("{} outbound calls", calls.len());
//! pbx.close().await?;
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "blocking")]
pub mod blocking;
mod config;
mod download;
mod error;
mod http_auth;
mod raw;
mod secret;
mod sender;
mod tls;
mod token;
mod transport;
pub mod validate;

pub use config::{ClientConfig, ConfigError};
pub use error::{AuthKind, Delivery, Error, TransportKind};
pub use http_auth::{HttpAuth, HttpAuthClient, digest_response};
pub use raw::{RawBuilder, RawMethod, RawRequest, RawResponse};
pub use secret::{Secret, md5_hex};
#[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
pub(crate) use token::LoginPatch;
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
