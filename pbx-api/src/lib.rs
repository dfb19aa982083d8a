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

    pub use crate::openvox::Methods as _;
    pub use crate::switchvox::Methods as _;
    pub use crate::yeastar_p::Methods as _;
    pub use crate::yeastar_s::Methods as _;
    pub use crate::yeastar_v2::Methods as _;

    #[cfg(feature = "client")]
    pub use crate::client::RawMethod as _;
}

#[cfg(feature = "client")]
pub mod client;

#[doc(inline)]
pub use pbx_openvox as openvox;
#[doc(inline)]
pub use pbx_switchvox as switchvox;
#[doc(inline)]
pub use pbx_yeastar_p as yeastar_p;
#[doc(inline)]
pub use pbx_yeastar_s as yeastar_s;
#[doc(inline)]
pub use pbx_yeastar_v2 as yeastar_v2;

/// Calls `visitor` once for every endpoint of every family, in `ENDPOINTS` order.
pub fn for_each_endpoint<V: pbx_wire::EndpointVisitor>(visitor: &mut V) {
    openvox::for_each_endpoint(visitor);
    switchvox::for_each_endpoint(visitor);
    yeastar_p::for_each_endpoint(visitor);
    yeastar_s::for_each_endpoint(visitor);
    yeastar_v2::for_each_endpoint(visitor);
}

const FAMILY_ENDPOINTS: &[&[&EndpointMeta]] = &[
    openvox::ENDPOINTS,
    switchvox::ENDPOINTS,
    yeastar_p::ENDPOINTS,
    yeastar_s::ENDPOINTS,
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

/// What the specs say about every endpoint of every family, family by family in module order.
pub const ENDPOINTS: &[&EndpointMeta] =
    &pbx_wire::join_registries::<ENDPOINT_COUNT>(FAMILY_ENDPOINTS);
