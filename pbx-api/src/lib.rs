//! Typed bindings for PBX (phone system) HTTP APIs, generated at compile time from the
//! declarative endpoint specs in the repository's `specs/` folder.
//!
//! One module per API family, one module per endpoint below it, named as the spec files are:
//!
//! | Module | API | Formats |
//! |---|---|---|
//! | [`openvox`] | OpenVox UC Series IPPBX API v0.0.1 | JSON, XML |
//! | [`yeastar_s`] | Yeastar S-Series API v1.0.0 | JSON |
//! | [`yeastar_v2`] | Yeastar API 2.0 (S-Series, S1000, K2, Cloud PBX) | JSON |
//! | [`yeastar_p`] | Yeastar P-Series OpenAPI v1.0 | JSON |
//! | [`switchvox`] | Digium/Sangoma Switchvox Extend API | XML, JSON |
//!
//! Each family is a cargo feature of the same name (`_` written `-`: `openvox`, `yeastar-s`,
//! `yeastar-v2`, `yeastar-p`, `switchvox`), all on by default with `client`. A program that
//! talks to one family builds only that family's crate: `default-features = false, features =
//! ["switchvox", "client"]`. [`ENDPOINTS`], [`for_each_endpoint`] and the client aliases cover
//! the families enabled.
//!
//! Each endpoint module holds a `Request` (required parameters are arguments of
//! `Request::new`, optional ones are setters) and a `Response`; the request implements
//! [`Endpoint`], which encodes it (after checking the spec's constraints) and decodes the
//! PBX's answer into the response or the family's typed error.
//!
//! ```
//! use pbx_api::prelude::*;
//! use pbx_api::openvox::extension::dial_outbound;
//!
//! let request = dial_outbound::Request::new("101", "16103").autoanswer(false);
//! let http = request.to_http(Format::Xml, "813b621cfe8eecf445a2ce1f4a079ffe")?;
//! assert_eq!(
//!     http.path_and_query,
//!     "/api/v0.0.1/extension/dial_outbound?token=813b621cfe8eecf445a2ce1f4a079ffe&type=xml"
//! );
//!
//! let answer = br#"{"status":"Failed","errno":"10024"}"#;
//! match dial_outbound::Request::decode_response(Format::Json, answer) {
//!     Err(ResponseError::Vendor(e)) => {
//!         assert_eq!(e.code, pbx_api::openvox::ErrorCode::NoOutboundPermission);
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), pbx_api::wire::InvalidRequest>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The wire runtime generated code calls: writers, readers, envelopes, checks and errors.
pub use pbx_wire as wire;

pub use pbx_wire::{
    DecodeError, Endpoint, EndpointMeta, Format, HttpRequest, InvalidRequest, ResponseError,
    VendorError,
};

/// The traits and types most code needs: with `use pbx_api::prelude::*;` every family's client
/// methods (`pbx.extension().dial_outbound(..)`) and their `.send()` are in scope.
pub mod prelude {
    pub use pbx_wire::send::{SendAsync as _, SendBlocking as _};
    pub use pbx_wire::{
        DecodeError, Endpoint, ErrorCode as _, Fields as _, Format, InvalidRequest, ResponseError,
        VendorError,
    };

    #[cfg(feature = "openvox")]
    pub use crate::openvox::Methods as _;
    #[cfg(feature = "switchvox")]
    pub use crate::switchvox::Methods as _;
    #[cfg(feature = "yeastar-p")]
    pub use crate::yeastar_p::Methods as _;
    #[cfg(feature = "yeastar-s")]
    pub use crate::yeastar_s::Methods as _;
    #[cfg(feature = "yeastar-v2")]
    pub use crate::yeastar_v2::Methods as _;

    #[cfg(feature = "client")]
    pub use crate::client::RawMethod as _;
}

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod events;

#[cfg(feature = "openvox")]
#[cfg_attr(docsrs, doc(cfg(feature = "openvox")))]
#[doc(inline)]
pub use pbx_openvox as openvox;
#[cfg(feature = "switchvox")]
#[cfg_attr(docsrs, doc(cfg(feature = "switchvox")))]
#[doc(inline)]
pub use pbx_switchvox as switchvox;
#[cfg(feature = "yeastar-p")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-p")))]
#[doc(inline)]
pub use pbx_yeastar_p as yeastar_p;
#[cfg(feature = "yeastar-s")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-s")))]
#[doc(inline)]
pub use pbx_yeastar_s as yeastar_s;
#[cfg(feature = "yeastar-v2")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-v2")))]
#[doc(inline)]
pub use pbx_yeastar_v2 as yeastar_v2;

/// Calls `visitor` once for every endpoint of every enabled family, in `ENDPOINTS` order.
#[cfg_attr(
    not(any(
        feature = "openvox",
        feature = "switchvox",
        feature = "yeastar-p",
        feature = "yeastar-s",
        feature = "yeastar-v2"
    )),
    expect(unused_variables)
)]
pub fn for_each_endpoint<V: pbx_wire::EndpointVisitor>(visitor: &mut V) {
    #[cfg(feature = "openvox")]
    openvox::for_each_endpoint(visitor);
    #[cfg(feature = "switchvox")]
    switchvox::for_each_endpoint(visitor);
    #[cfg(feature = "yeastar-p")]
    yeastar_p::for_each_endpoint(visitor);
    #[cfg(feature = "yeastar-s")]
    yeastar_s::for_each_endpoint(visitor);
    #[cfg(feature = "yeastar-v2")]
    yeastar_v2::for_each_endpoint(visitor);
}

const FAMILY_ENDPOINTS: &[&[&EndpointMeta]] = &[
    #[cfg(feature = "openvox")]
    openvox::ENDPOINTS,
    #[cfg(feature = "switchvox")]
    switchvox::ENDPOINTS,
    #[cfg(feature = "yeastar-p")]
    yeastar_p::ENDPOINTS,
    #[cfg(feature = "yeastar-s")]
    yeastar_s::ENDPOINTS,
    #[cfg(feature = "yeastar-v2")]
    yeastar_v2::ENDPOINTS,
];

const ENDPOINT_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < FAMILY_ENDPOINTS.len() {
        n += FAMILY_ENDPOINTS[i].len();
        i += 1;
    }
    n
};

/// What the specs say about every endpoint of every enabled family, family by family in module
/// order (empty when no family feature is on).
pub const ENDPOINTS: &[&EndpointMeta] = if ENDPOINT_COUNT == 0 {
    &[]
} else {
    &pbx_wire::join_registries::<ENDPOINT_COUNT>(FAMILY_ENDPOINTS)
};
